//! What a POSIX shell script (`sh -c` / `bash -c`) exits with, read only where that is certain.
//!
//! A container's outcome (issue 10, item 1; decisions.md "Outcomes read from the command") comes
//! from its command when the script is a sequence of commands whose exit status and run time are
//! known without running anything: `echo`, `true`, `false`, `:`, `sleep N` (`Ns`, `Nm`, `Nh`,
//! `Nd`), `exit N`, `set -e`/`set +e`, `exec` of one of these, joined by `;`, newlines, `&&` and
//! `||`, with comments, quotes, `\` escapes and `>&2`-style descriptor duplication. Everything
//! else is refused with the reason ([`Unsure`]): a program hooksim does not run (`curl`, `psql`,
//! a script), a variable, a command substitution, a redirection to a file, a pipe, a subshell, a
//! compound command (`if`, `while`, `case`, `{ … }`), a background job, an assignment, a
//! negative or non-numeric `exit`, `sleep` with a fraction or several operands. The exit status
//! rules are POSIX's (and bash's and dash's alike, checked against both):
//! - the script exits with the status of its last command, or at `exit N` with N modulo 256
//!   (`exit 256` exits 0); `exit` alone exits with the last command's status;
//! - in `a && b || c` each command runs or not by the status before it; `set -e` (or `sh -e`)
//!   makes a failing command end the script, except a command of an `&&`/`||` list other than
//!   its last.

use crate::report::Time;

/// What a script certainly does: it exits with `exit_code` after sleeping `sleep_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShellRun {
    pub exit_code: i32,
    pub sleep_seconds: Time,
}

/// Why the outcome of a script is not certain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsure(pub String);

fn unsure<T>(why: impl Into<String>) -> Result<T, Unsure> {
    Err(Unsure(why.into()))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    /// `;` or a newline: the end of one command list.
    End,
    And,
    Or,
    /// `>&N` or `N>&M` with N, M in 1..=2 (duplication of an open descriptor, which cannot fail).
    Dup,
}

/// Longest script read; a longer one is not worth a guess.
const MAX_SCRIPT: usize = 16 * 1024;

fn tokens(script: &str) -> Result<Vec<Token>, Unsure> {
    if script.len() > MAX_SCRIPT {
        return unsure("the script is too long to read");
    }
    let mut out = Vec::new();
    let mut word = String::new();
    // A word is open once a character or a quote of it was read ("" is a word).
    let mut open = false;
    // The open word holds only unquoted digits (a descriptor number before `>`).
    let mut digits_only = true;
    let mut chars = script.chars().peekable();
    let flush = |out: &mut Vec<Token>, word: &mut String, open: &mut bool, digits_only: &mut bool| {
        if *open {
            out.push(Token::Word(std::mem::take(word)));
        }
        *open = false;
        *digits_only = true;
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' => flush(&mut out, &mut word, &mut open, &mut digits_only),
            '\n' | ';' => {
                flush(&mut out, &mut word, &mut open, &mut digits_only);
                if c == ';' && chars.peek() == Some(&';') {
                    return unsure("`;;` belongs to a case statement");
                }
                if c == ';' && !matches!(out.last(), Some(Token::Word(_) | Token::Dup)) {
                    return unsure("a syntax error: `;` without a command before it");
                }
                out.push(Token::End);
            }
            '#' if !open => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '&' => {
                flush(&mut out, &mut word, &mut open, &mut digits_only);
                if chars.next_if_eq(&'&').is_some() {
                    out.push(Token::And);
                } else {
                    return unsure("a command runs in the background (`&`)");
                }
            }
            '|' => {
                flush(&mut out, &mut word, &mut open, &mut digits_only);
                if chars.next_if_eq(&'|').is_some() {
                    out.push(Token::Or);
                } else {
                    return unsure("a pipe (`|`): the status is the last command's, or pipefail's");
                }
            }
            '>' | '<' => {
                let fd = if open && digits_only { word.parse::<u32>().ok() } else { None };
                if open && fd.is_none() {
                    flush(&mut out, &mut word, &mut open, &mut digits_only);
                }
                word.clear();
                open = false;
                digits_only = true;
                let target = if c == '>' && chars.next_if_eq(&'&').is_some() {
                    let mut t = String::new();
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        t.push(d);
                    }
                    t
                } else {
                    String::new()
                };
                let ends = chars.peek().is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | ';' | '\r'));
                if matches!(fd, None | Some(1) | Some(2)) && matches!(target.as_str(), "1" | "2") && ends {
                    out.push(Token::Dup);
                } else {
                    return unsure("a redirection (to a file, or of input) may fail");
                }
            }
            '(' | ')' => return unsure("a subshell or a function (`(…)`)"),
            '`' => return unsure("a command substitution (`…`)"),
            '$' => return unsure("a variable or a substitution (`$`)"),
            '\'' => {
                open = true;
                digits_only = false;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return unsure("an unterminated quote"),
                    }
                }
            }
            '"' => {
                open = true;
                digits_only = false;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') | Some('`') => return unsure("a variable or a substitution in double quotes"),
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return unsure("an unterminated quote"),
                        },
                        Some(c) => word.push(c),
                        None => return unsure("an unterminated quote"),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => {
                    open = true;
                    digits_only = false;
                    word.push(c);
                }
                None => {}
            },
            c => {
                if !c.is_ascii_digit() {
                    digits_only = false;
                }
                open = true;
                word.push(c);
            }
        }
    }
    flush(&mut out, &mut word, &mut open, &mut digits_only);
    Ok(out)
}

/// Words that start a compound command, or that a shell treats apart.
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in", "{", "}", "!",
    "[[", "]]", "function", "select", "time", "coproc",
];

/// `sleep`'s operand: whole seconds with an optional s, m, h or d (GNU coreutils and BusyBox
/// agree on these; fractions and `infinity` differ between them and are refused).
pub fn sleep_seconds(arg: &str) -> Result<Time, Unsure> {
    let (num, unit) = match arg.char_indices().last() {
        Some((i, 's')) => (&arg[..i], 1),
        Some((i, 'm')) => (&arg[..i], 60),
        Some((i, 'h')) => (&arg[..i], 3600),
        Some((i, 'd')) => (&arg[..i], 86_400),
        _ => (arg, 1),
    };
    if num.is_empty() || num.len() > 12 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return unsure(format!("`sleep {arg}`: not a whole number of seconds, minutes, hours or days"));
    }
    let n: Time = num.parse().map_err(|_| Unsure(format!("`sleep {arg}`")))?;
    Ok(n.saturating_mul(unit))
}

/// `exit N`'s status: N modulo 256, for 0 ≤ N ≤ 2³¹−1 (dash refuses larger numbers; bash and
/// dash differ on negative ones).
fn exit_status(arg: &str) -> Result<i32, Unsure> {
    if arg.is_empty() || arg.len() > 10 || !arg.bytes().all(|b| b.is_ascii_digit()) {
        return unsure(format!("`exit {arg}`: not a number from 0 to 2147483647"));
    }
    match arg.parse::<i64>() {
        Ok(n) if n <= i64::from(i32::MAX) => Ok((n % 256) as i32),
        _ => unsure(format!("`exit {arg}`: not a number from 0 to 2147483647")),
    }
}

/// A program run without a shell, or by `exec`: its status and its sleep, when certain.
pub fn program(argv: &[String]) -> Result<(i32, Time), Unsure> {
    let Some(first) = argv.first() else { return unsure("no command") };
    let name = first.rsplit('/').next().unwrap_or(first);
    match name {
        "true" => Ok((0, 0)),
        "false" => Ok((1, 0)),
        "echo" => Ok((0, 0)),
        "sleep" => match argv {
            [_, arg] => Ok((0, sleep_seconds(arg)?)),
            _ => unsure("`sleep` with other than one operand"),
        },
        _ => unsure(format!("runs `{first}`, which hooksim does not run")),
    }
}

struct State {
    errexit: bool,
    status: i32,
    sleep: Time,
}

enum Flow {
    Next,
    Exit(i32),
}

/// `set`'s options: `-e`/`+e`, `-o errexit`/`+o errexit`, and the harmless x, u, v, pipefail.
fn set_options(args: &[String], st: &mut State) -> Result<(), Unsure> {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let on = a.starts_with('-');
        if !(on || a.starts_with('+')) || a.len() < 2 {
            return unsure(format!("`set {a}` changes the positional parameters"));
        }
        let letters = &a[1..];
        if letters == "o" {
            i += 1;
            match args.get(i).map(String::as_str) {
                Some("errexit") => st.errexit = on,
                Some("pipefail" | "nounset" | "xtrace" | "verbose") => {}
                _ => return unsure("`set -o` with an option hooksim does not read"),
            }
        } else {
            for l in letters.chars() {
                match l {
                    'e' => st.errexit = on,
                    'x' | 'u' | 'v' => {}
                    _ => return unsure(format!("`set {a}`: an option hooksim does not read")),
                }
            }
        }
        i += 1;
    }
    Ok(())
}

/// One simple command: its status, or the end of the script.
fn simple(words: &[String], st: &mut State) -> Result<Flow, Unsure> {
    let Some(first) = words.first() else { return unsure("an empty command") };
    if RESERVED.contains(&first.as_str()) {
        return unsure(format!("a compound command (`{first}`)"));
    }
    let is_assignment = first
        .split_once('=')
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if is_assignment {
        return unsure("a variable assignment");
    }
    let args = &words[1..];
    match first.as_str() {
        "exit" => match args {
            [] => Ok(Flow::Exit(st.status)),
            [n] => Ok(Flow::Exit(exit_status(n)?)),
            _ => unsure("`exit` with several operands"),
        },
        ":" => {
            st.status = 0;
            Ok(Flow::Next)
        }
        "set" => {
            set_options(args, st)?;
            st.status = 0;
            Ok(Flow::Next)
        }
        "exec" => {
            if args.is_empty() {
                return unsure("`exec` without a command");
            }
            let (code, secs) = program(args)?;
            st.sleep = st.sleep.saturating_add(secs);
            Ok(Flow::Exit(code))
        }
        _ => {
            let (code, secs) = program(words)?;
            st.sleep = st.sleep.saturating_add(secs);
            st.status = code;
            Ok(Flow::Next)
        }
    }
}

/// Runs `script` as `sh -c` would (`errexit`: started with `-e`), when its outcome is certain.
pub fn run(script: &str, errexit: bool) -> Result<ShellRun, Unsure> {
    let toks = tokens(script)?;
    let mut st = State { errexit, status: 0, sleep: 0 };
    // One and-or list at a time: its commands (words) and the operator before each.
    let mut list: Vec<(Option<Token>, Vec<String>)> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut op: Option<Token> = None;
    let mut iter = toks.into_iter().peekable();
    loop {
        let t = iter.next();
        match t {
            Some(Token::Word(w)) => words.push(w),
            Some(Token::Dup) => {}
            Some(Token::And) | Some(Token::Or) => {
                if words.is_empty() {
                    return unsure("`&&` or `||` without a command before it");
                }
                list.push((op.take(), std::mem::take(&mut words)));
                op = t;
                // A newline may follow `&&`/`||`.
                while iter.next_if_eq(&Token::End).is_some() {}
            }
            Some(Token::End) | None => {
                if words.is_empty() {
                    if op.is_some() {
                        return unsure("`&&` or `||` without a command after it");
                    }
                } else {
                    list.push((op.take(), std::mem::take(&mut words)));
                }
                if let Flow::Exit(code) = and_or(&list, &mut st)? {
                    return Ok(ShellRun { exit_code: code, sleep_seconds: st.sleep });
                }
                list.clear();
                if t.is_none() {
                    return Ok(ShellRun { exit_code: st.status, sleep_seconds: st.sleep });
                }
            }
        }
    }
}

/// An and-or list: each command after `&&` runs when the status is 0, after `||` when it is not;
/// `set -e` ends the script when the list's last command ran and failed.
fn and_or(list: &[(Option<Token>, Vec<String>)], st: &mut State) -> Result<Flow, Unsure> {
    let mut last_ran = None;
    for (i, (op, words)) in list.iter().enumerate() {
        let runs = match op {
            None => true,
            Some(Token::And) => st.status == 0,
            _ => st.status != 0,
        };
        if runs {
            if let Flow::Exit(code) = simple(words, st)? {
                return Ok(Flow::Exit(code));
            }
            last_ran = Some(i);
        }
    }
    if st.errexit && st.status != 0 && last_ran.is_some_and(|i| i + 1 == list.len()) {
        return Ok(Flow::Exit(st.status));
    }
    Ok(Flow::Next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(script: &str) -> (i32, Time) {
        let r = run(script, false).unwrap_or_else(|e| panic!("{script:?} refused: {e:?}"));
        (r.exit_code, r.sleep_seconds)
    }

    fn refused(script: &str) {
        assert!(run(script, false).is_err(), "{script:?} should be refused, got {:?}", run(script, false));
    }

    #[test]
    fn exit_as_the_last_command_with_semicolons_newlines_and_comments() {
        assert_eq!(ok("echo \"Pre Sync Job 1 - Fail\" ; exit 1\n"), (1, 0));
        assert_eq!(ok("echo hi\nexit 3"), (3, 0));
        assert_eq!(ok("# a comment\necho 'a;b' # exit 4\n"), (0, 0));
        assert_eq!(ok(""), (0, 0));
        assert_eq!(ok("false"), (1, 0));
        assert_eq!(ok("false; true"), (0, 0));
        assert_eq!(ok("true; false"), (1, 0));
        assert_eq!(ok(":"), (0, 0));
        assert_eq!(ok("echo a \\\n  b; exit 2"), (2, 0));
        assert_eq!(ok("echo done >&2; exit 5"), (5, 0));
        assert_eq!(ok("echo done 1>&2\nexit 5"), (5, 0));
        assert_eq!(ok("exit 6;"), (6, 0));
        assert_eq!(ok("\n\ntrue\n\n"), (0, 0));
    }

    #[test]
    fn exit_status_is_modulo_256_and_exit_alone_keeps_the_last_status() {
        assert_eq!(ok("exit 256"), (0, 0));
        assert_eq!(ok("exit 257"), (1, 0));
        assert_eq!(ok("exit 2147483647"), (255, 0));
        assert_eq!(ok("false; exit"), (1, 0));
        assert_eq!(ok("exit \"3\""), (3, 0));
        assert_eq!(ok("exit 1; exit 2"), (1, 0));
        refused("exit -1");
        refused("exit 2147483648");
        refused("exit abc");
        refused("exit 1 2");
        refused("exit 1.5");
    }

    #[test]
    fn sleep_gives_the_run_length() {
        assert_eq!(ok("sleep 30; exit 1"), (1, 30));
        assert_eq!(ok("sleep 30s\nsleep 2m && exit 0"), (0, 150));
        assert_eq!(ok("sleep 1h"), (0, 3600));
        assert_eq!(ok("exec sleep 10"), (0, 10));
        refused("sleep 0.5");
        refused("sleep infinity");
        refused("sleep 1 2");
        refused("sleep");
    }

    #[test]
    fn and_or_lists_run_by_the_status_before() {
        assert_eq!(ok("false || exit 3"), (3, 0));
        assert_eq!(ok("true || exit 3"), (0, 0));
        assert_eq!(ok("true && exit 4"), (4, 0));
        assert_eq!(ok("false && exit 4"), (1, 0));
        assert_eq!(ok("false && echo x || echo y"), (0, 0));
        assert_eq!(ok("true &&\n  false"), (1, 0));
    }

    #[test]
    fn set_e_ends_the_script_at_a_failure_except_inside_an_and_or_list() {
        assert_eq!(ok("set -e\nfalse\nexit 0"), (1, 0));
        assert_eq!(ok("set -eux\nfalse; exit 0"), (1, 0));
        assert_eq!(ok("set -o errexit; false; exit 0"), (1, 0));
        assert_eq!(ok("set -e; false && true; exit 7"), (7, 0));
        assert_eq!(ok("set -e; false || false; exit 7"), (1, 0));
        assert_eq!(ok("set -e; set +e; false; exit 7"), (7, 0));
        assert_eq!(run("false; exit 0", true).unwrap().exit_code, 1);
        refused("set -- a b");
        refused("set -n; exit 1");
    }

    #[test]
    fn refuses_what_it_cannot_know() {
        for s in [
            "curl -X POST http://x",
            "psql -c 'select 1'",
            "./migrate.sh",
            "exit $CODE",
            "exit ${CODE:-1}",
            "echo \"$HOME\"; exit 1",
            "echo `date`",
            "echo $(date); exit 1",
            "true | false",
            "false | true",
            "(exit 3)",
            "{ false; }",
            "if true; then exit 1; fi",
            "while true; do sleep 1; done",
            "for i in 1 2; do echo $i; done",
            "case x in x) exit 1;; esac",
            "! true",
            "sleep 10 &",
            "X=1 true",
            "X=1; exit 1",
            "echo hi > /tmp/x; exit 1",
            "cat < /etc/hosts",
            "echo hi >&3",
            "exec",
            "exec ./run",
            "[ 1 -eq 1 ]",
            "test -f x",
            "echo 'unterminated",
            "f() { exit 1; }; f",
            "cd /nowhere && exit 0",
            "&& exit 1",
            "true &&",
            "; exit 1",
            "true; ; exit 1",
            "true &&; exit 1",
        ] {
            refused(s);
        }
    }

    #[test]
    fn quoting_is_read_as_the_shell_reads_it() {
        // Operators inside quotes are text.
        assert_eq!(ok("echo 'a && exit 9' \"b || exit 8\"; exit 2"), (2, 0));
        // A quoted `$` in single quotes is text; an escaped one too.
        assert_eq!(ok("echo '$HOME' \\$x; exit 1"), (1, 0));
        assert_eq!(ok("echo \"a\\\"b\"; exit 1"), (1, 0));
        // A quoted `if` is a command name (which hooksim does not run).
        refused("'if' true");
        // A program's name read through quotes.
        assert_eq!(ok("'false'"), (1, 0));
        assert_eq!(ok("/bin/false"), (1, 0));
    }

    #[test]
    fn programs_run_without_a_shell() {
        let argv = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(program(&argv(&["false"])), Ok((1, 0)));
        assert_eq!(program(&argv(&["/usr/bin/true"])), Ok((0, 0)));
        assert_eq!(program(&argv(&["sleep", "45"])), Ok((0, 45)));
        assert!(program(&argv(&["exit", "1"])).is_err());
        assert!(program(&argv(&["curl", "http://x"])).is_err());
        assert!(program(&[]).is_err());
    }
}
