//! The `mdbook-hooksim` executable, as mdBook runs a preprocessor: `mdbook-hooksim supports
//! RENDERER` answers with its exit status (0: yes), and without arguments it reads
//! `[context, book]` as JSON on stdin and writes the changed book as JSON on stdout.

use std::io;
use std::process::ExitCode;

use mdbook_hooksim::Hooksim;
use mdbook_preprocessor::Preprocessor;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("supports") => {
            let renderer = args.get(1).map(String::as_str).unwrap_or("");
            match Hooksim.supports_renderer(renderer) {
                Ok(true) => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            }
        }
        Some("--version") => {
            println!("mdbook-hooksim {}", hooksim_engine::VERSION);
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!(
                "mdbook-hooksim: unknown argument \"{other}\" (mdBook runs it with none, or `supports RENDERER`)"
            );
            ExitCode::from(2)
        }
        None => match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mdbook-hooksim: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run() -> mdbook_preprocessor::errors::Result<()> {
    let (ctx, book) = mdbook_preprocessor::parse_input(io::stdin())?;
    if ctx.mdbook_version.split('.').take(2).ne(mdbook_preprocessor::MDBOOK_VERSION.split('.').take(2)) {
        eprintln!(
            "mdbook-hooksim: warning: built for mdBook {}, called by mdBook {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = Hooksim.run(&ctx, book)?;
    serde_json::to_writer(io::stdout().lock(), &book)?;
    Ok(())
}
