"""hooksim for MkDocs: a pymdownx.superfences custom fence.

mkdocs.yml::

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: hooksim
              class: hooksim
              validator: !!python/name:hooksim_mkdocs.validator
              format: !!python/name:hooksim_mkdocs.fence

A ```hooksim block (manifests, optionally a ``kind: Scenario`` document) becomes the embed's
``<pre data-hooksim>`` (made live by embed.js) followed by the timeline as a static SVG inside
``<noscript>``. The header takes the embed's options, quoted as superfences wants them:
```hooksim title="…" source="hide" theme="dark".
The markup is the same as the mdBook preprocessor's (crates/mdbook-hooksim).
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess

__all__ = ["fence", "validator", "block_html", "static_svg", "find_cli"]

log = logging.getLogger("mkdocs.plugins.hooksim")

#: The options a block's header takes, with the values allowed (None: any text).
OPTIONS = {"title": None, "source": ("hide", "show"), "theme": ("light", "dark")}

_cli_state: dict = {}


def find_cli() -> str | None:
    """The hooksim CLI: $HOOKSIM_CLI, else `hooksim` on PATH, else None."""
    explicit = os.environ.get("HOOKSIM_CLI")
    if explicit:
        return explicit
    return shutil.which("hooksim")


def _warn_once(key: str, message: str) -> None:
    if key not in _cli_state:
        _cli_state[key] = True
        log.warning(message)


def static_svg(source: str, cli: str | None = None) -> str | None:
    """The timeline SVG of `source`, drawn by `hooksim simulate --format svg`; None (with a
    warning in the build log) when the CLI is missing or fails."""
    cli = cli or find_cli()
    if not cli:
        _warn_once(
            "missing",
            "hooksim: the hooksim CLI was not found (set HOOKSIM_CLI or put `hooksim` on PATH): "
            "```hooksim blocks get the live timeline only, no static SVG for readers without JavaScript",
        )
        return None
    try:
        done = subprocess.run(
            [cli, "simulate", "--format", "svg", "-"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except OSError as e:
        _warn_once("start", f"hooksim: could not run {cli} ({e}): no static SVG for ```hooksim blocks")
        return None
    except subprocess.TimeoutExpired:
        log.warning("hooksim: %s took over 60 s on a block: no static SVG for it", cli)
        return None
    svg = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0 or not svg.startswith("<svg"):
        err = done.stderr.decode("utf-8", "replace").strip()
        log.warning("hooksim: %s simulate --format svg failed (exit %s): %s", cli, done.returncode, err)
        return None
    return svg


def block_html(source: str, options: dict | None = None, svg: str | None = None) -> str:
    """The block's HTML: the embed's <pre data-hooksim> and, when there is one, the static SVG."""
    options = options or {}
    attrs = ""
    if options.get("title"):
        attrs += f' data-title="{html.escape(options["title"], quote=True)}"'
    if options.get("source") == "hide":
        attrs += ' data-source="hide"'
    if options.get("theme") in ("light", "dark"):
        attrs += f' data-theme="{options["theme"]}"'
    source = source.replace("\r\n", "\n")
    out = f'<div class="hooksim-block"><pre data-hooksim{attrs}>{html.escape(source, quote=True)}</pre>'
    if svg:
        out += f'<noscript><div class="hooksim-static">{svg}</div></noscript>'
    return out + "</div>"


def validator(language, inputs, options, attrs, md):
    """Superfences validator: takes the header's title=, source=, theme= into `options`; an
    unknown option is a warning in the build log (the block still renders)."""
    for key, value in inputs.items():
        allowed = OPTIONS.get(key, ())
        if key in OPTIONS and (allowed is None or value in allowed):
            options[key] = value
        else:
            log.warning(
                "hooksim: unknown option %s=%s in a ```hooksim block (known: title=\"…\", source=\"hide\", theme=\"light|dark\")",
                key,
                value,
            )
    return True


def fence(source, language, css_class, options, md, **kwargs):
    """Superfences formatter for ```hooksim blocks."""
    if not source.endswith("\n"):
        source += "\n"
    return block_html(source, options, static_svg(source))
