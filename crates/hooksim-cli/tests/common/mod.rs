//! What the CLI's integration tests share: running the built `hooksim` binary.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

pub const HOOKSIM: &str = env!("CARGO_BIN_EXE_hooksim");

/// Starts hooksim with `args`, its standard streams piped.
pub fn spawn<P: AsRef<std::ffi::OsStr>>(args: &[P]) -> Child {
    Command::new(HOOKSIM)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hooksim")
}

/// Runs hooksim with `args`, feeding `stdin` (closed and empty when None).
pub fn hooksim<P: AsRef<std::ffi::OsStr>>(args: &[P], stdin: Option<&str>) -> Output {
    let mut child = spawn(args);
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            // hooksim may exit before it reads (bad arguments): a broken pipe is no failure.
            let _ = input.write_all(text.as_bytes());
        }
    }
    child.wait_with_output().expect("wait for hooksim")
}
