"""Unit tests of the MkDocs fence (run by `make test-docs` in target/docs-venv); the real
`mkdocs build` of sample/ is checked in Chromium by web/tests/docsites.test.mjs."""

import os
import stat
import tempfile
import unittest
from unittest import mock

import markdown

import hooksim_mkdocs

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: m, image: "<busybox>"}]
"""


def render(md_text, env):
    with mock.patch.dict(os.environ, env, clear=False):
        hooksim_mkdocs._cli_state.clear()
        md = markdown.Markdown(
            extensions=["pymdownx.superfences"],
            extension_configs={
                "pymdownx.superfences": {
                    "custom_fences": [
                        {
                            "name": "hooksim",
                            "class": "hooksim",
                            "validator": hooksim_mkdocs.validator,
                            "format": hooksim_mkdocs.fence,
                        }
                    ]
                }
            },
        )
        return md.convert(md_text)


class FenceTest(unittest.TestCase):
    def test_options_and_escaping(self):
        out = hooksim_mkdocs.block_html(JOB, {"title": 'a "b" <c>', "source": "hide", "theme": "dark"})
        self.assertTrue(
            out.startswith('<div class="hooksim-block"><pre data-hooksim data-title="a &quot;b&quot; &lt;c&gt;" data-source="hide" data-theme="dark">'),
            out,
        )
        self.assertIn("image: &quot;&lt;busybox&gt;&quot;", out)
        self.assertNotIn("<noscript>", out, "no SVG, no fallback")

    def test_a_fence_with_the_cli_gets_the_static_svg(self):
        cli = os.environ.get("HOOKSIM_CLI")
        if not cli:
            self.fail("set HOOKSIM_CLI to the hooksim binary (make test-docs does)")
        html = render('```hooksim title="Migration"\n' + JOB + "```\n", {"HOOKSIM_CLI": cli})
        self.assertIn('<pre data-hooksim data-title="Migration">apiVersion: batch/v1', html)
        self.assertIn('<noscript><div class="hooksim-static"><svg class="hs-svg"', html)
        self.assertIn("final phase Succeeded", html)

    def test_without_the_cli_the_log_says_so_and_the_block_is_live_only(self):
        with self.assertLogs("mkdocs.plugins.hooksim", "WARNING") as logs:
            html = render("```hooksim\n" + JOB + "```\n", {"HOOKSIM_CLI": "/nonexistent/hooksim"})
        self.assertIn("<pre data-hooksim>", html)
        self.assertNotIn("<noscript>", html)
        self.assertIn("could not run /nonexistent/hooksim", logs.output[0])
        with mock.patch.dict(os.environ, {"PATH": "/nonexistent"}), mock.patch.dict(os.environ):
            os.environ.pop("HOOKSIM_CLI", None)
            hooksim_mkdocs._cli_state.clear()
            with self.assertLogs("mkdocs.plugins.hooksim", "WARNING") as logs:
                self.assertIsNone(hooksim_mkdocs.static_svg(JOB))
            self.assertIn("the hooksim CLI was not found", logs.output[0])

    def test_a_failing_cli_is_a_warning(self):
        with tempfile.TemporaryDirectory() as d:
            fake = os.path.join(d, "hooksim")
            with open(fake, "w") as f:
                f.write("#!/bin/sh\necho 'hooksim: broken' >&2\nexit 2\n")
            os.chmod(fake, stat.S_IRWXU)
            with self.assertLogs("mkdocs.plugins.hooksim", "WARNING") as logs:
                self.assertIsNone(hooksim_mkdocs.static_svg(JOB, cli=fake))
            self.assertIn("exit 2", logs.output[0])
            self.assertIn("hooksim: broken", logs.output[0])

    def test_unknown_options_are_warnings(self):
        with self.assertLogs("mkdocs.plugins.hooksim", "WARNING") as logs:
            html = render('```hooksim zoom="2" theme="blue"\n' + JOB + "```\n", {"HOOKSIM_CLI": "/nonexistent"})
        self.assertIn("<pre data-hooksim>", html)
        self.assertTrue(any("zoom=2" in line for line in logs.output), logs.output)
        self.assertTrue(any("theme=blue" in line for line in logs.output), logs.output)


if __name__ == "__main__":
    unittest.main()
