//! The outcome of a hook's pod read from its containers' commands (issue 10, item 1), and where
//! each attempt's outcome came from ([`OutcomeSource`]: scripted, read from the command, or
//! assumed).
//!
//! A Job's pod template (`spec.template.spec`) or a bare Pod's `spec` gives an outcome only when
//! every container that runs has a certain one ([`crate::input::shell`]):
//! - a container's argv is `command` followed by `args` (Kubernetes' rule). Without `command`
//!   the image's entrypoint runs, which the manifest does not show: unknown.
//! - `sh`/`bash`/`dash`/`ash` with `-c SCRIPT` (options such as `-e`, `-x`, `-ec` before it)
//!   runs the script; `true`, `false`, `echo`, `sleep N` run as themselves; anything else is
//!   unknown. The image is taken to have the program named, except for bash on images known to
//!   lack it (Alpine, BusyBox, curlimages/curl) and any program on a distroless image: unknown.
//! - init containers run one after the other before the containers: each must certainly exit 0
//!   (a failing one makes the pod fail at `Init:Error`, which the model does not draw), and
//!   sidecars (`restartPolicy: Always` init containers) are not read;
//! - the containers run together: the pod ends when the last one exits; it succeeds when all
//!   exit 0; when one fails it must be the first container (the one whose name the Job's
//!   podFailurePolicy and the timeline use) and the only one failing.
//!
//! The run takes `podSeconds` (the container's start and its quick commands) plus the sleeps of
//! the init containers and the longest sleep of the containers. The same command gives the
//! same outcome at every attempt.

use crate::input::attempts::Attempt;
use crate::input::shell::{self, Unsure};
use crate::input::yaml::Node;
use crate::report::Time;

pub use crate::report::OutcomeSource;

/// Where the attempts of one Job or Pod came from: `base` for every attempt, except the
/// indexes of an Indexed Job that the Scenario scripts apart (`indexes:`), which are scripted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSources {
    pub base: OutcomeSource,
    pub scripted_indexes: Vec<(i64, i64)>,
}

impl Default for AttemptSources {
    fn default() -> AttemptSources {
        AttemptSources { base: OutcomeSource::Assumed, scripted_indexes: Vec::new() }
    }
}

impl AttemptSources {
    /// The source of an attempt of completion index `index` (None: not an Indexed Job).
    pub fn of(&self, index: Option<i64>) -> OutcomeSource {
        match index {
            Some(i) if self.scripted_indexes.iter().any(|&(a, b)| a <= i && i <= b) => OutcomeSource::Scripted,
            _ => self.base,
        }
    }
}

/// What a pod's containers certainly do: exit with `exit_code` after `sleep_seconds` of sleeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandOutcome {
    pub exit_code: i32,
    pub sleep_seconds: Time,
}

impl CommandOutcome {
    /// The attempt it gives, with `pod_seconds` for the container's start and quick commands.
    pub fn attempt(&self, pod_seconds: Time) -> Attempt {
        let seconds = (self.sleep_seconds > 0).then(|| pod_seconds.max(0).saturating_add(self.sleep_seconds));
        Attempt::Run { exit_code: self.exit_code, seconds, oom: false }
    }
}

fn texts(n: Option<&Node>) -> Result<Vec<String>, Unsure> {
    match n {
        None => Ok(Vec::new()),
        Some(n) if n.is_null() => Ok(Vec::new()),
        Some(n) => n
            .as_seq()
            .ok_or_else(|| Unsure("command or args is not a list".into()))?
            .iter()
            .map(|x| x.scalar_text().ok_or_else(|| Unsure("an argument is not a string".into())))
            .collect(),
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash"];

/// Images known to have no bash.
fn lacks_bash(image: &str) -> bool {
    let repo = image.split(['@', ':']).next().unwrap_or(image);
    let last = repo.rsplit('/').next().unwrap_or(repo);
    matches!(last, "alpine" | "busybox") || repo.ends_with("curlimages/curl")
}

/// One container: its exit status and sleeps, when certain.
pub fn container(c: &Node) -> Result<CommandOutcome, Unsure> {
    let command = texts(c.get("command"))?;
    if command.is_empty() {
        return Err(Unsure("no command: the image's entrypoint runs".into()));
    }
    let mut argv = command;
    argv.extend(texts(c.get("args"))?);
    let image = c.get("image").and_then(Node::as_str).unwrap_or("");
    if image.contains("distroless") {
        return Err(Unsure("a distroless image has no shell or tools".into()));
    }
    let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
    if !SHELLS.contains(&name) {
        let (exit_code, sleep_seconds) = shell::program(&argv)?;
        return Ok(CommandOutcome { exit_code, sleep_seconds });
    }
    if name == "bash" && lacks_bash(image) {
        return Err(Unsure(format!("image {image} has no bash")));
    }
    let (errexit, script) = shell_invocation(&argv[1..])?;
    let run = shell::run(script, errexit)?;
    Ok(CommandOutcome { exit_code: run.exit_code, sleep_seconds: run.sleep_seconds })
}

/// `sh [options] -c SCRIPT [name [args…]]`: whether `-e` is on, and the script.
fn shell_invocation(args: &[String]) -> Result<(bool, &str), Unsure> {
    let mut errexit = false;
    let mut has_c = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let on = a.starts_with('-');
        if a == "--" || a == "-" {
            i += 1;
            break;
        }
        if !(on || a.starts_with('+')) || a.len() < 2 || a.starts_with("--") {
            if a.starts_with("--") {
                return Err(Unsure(format!("shell option {a}")));
            }
            break;
        }
        for l in a[1..].chars() {
            match l {
                'c' if on => has_c = true,
                'e' => errexit = on,
                'x' | 'u' | 'v' => {}
                'o' => {
                    i += 1;
                    match args.get(i).map(String::as_str) {
                        Some("errexit") => errexit = on,
                        Some("pipefail" | "nounset" | "xtrace") => {}
                        _ => return Err(Unsure("a shell option hooksim does not read".into())),
                    }
                }
                _ => return Err(Unsure(format!("shell option {a}"))),
            }
        }
        i += 1;
    }
    if !has_c {
        return Err(Unsure("the shell reads a script file or its input, not -c".into()));
    }
    args.get(i).map(|s| (errexit, s.as_str())).ok_or_else(|| Unsure("-c without a script".into()))
}

/// A pod spec (`spec.template.spec` of a Job, `spec` of a Pod): its certain outcome.
pub fn pod(spec: Option<&Node>) -> Result<CommandOutcome, Unsure> {
    let spec = spec.ok_or_else(|| Unsure("no pod spec".into()))?;
    let mut init_sleep: Time = 0;
    if let Some(inits) = spec.get("initContainers").filter(|n| !n.is_null()) {
        for c in inits.as_seq().ok_or_else(|| Unsure("initContainers is not a list".into()))? {
            if c.get("restartPolicy").is_some() {
                return Err(Unsure("a sidecar init container".into()));
            }
            let o = container(c)?;
            if o.exit_code != 0 {
                return Err(Unsure("a failing init container (Init:Error is not modelled)".into()));
            }
            init_sleep = init_sleep.saturating_add(o.sleep_seconds);
        }
    }
    let containers = spec.get("containers").and_then(Node::as_seq).unwrap_or(&[]);
    if containers.is_empty() {
        return Err(Unsure("no containers".into()));
    }
    let mut exit_code = 0;
    let mut longest: Time = 0;
    for (i, c) in containers.iter().enumerate() {
        let o = container(c)?;
        if o.exit_code != 0 {
            if i != 0 || exit_code != 0 {
                return Err(Unsure("a container other than the first fails".into()));
            }
            exit_code = o.exit_code;
        }
        longest = longest.max(o.sleep_seconds);
    }
    Ok(CommandOutcome { exit_code, sleep_seconds: init_sleep.saturating_add(longest) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Result<CommandOutcome, Unsure> {
        let n = crate::input::yaml::parse_document(yaml, 0).expect("yaml");
        pod(Some(&n))
    }

    fn ok(yaml: &str) -> (i32, Time) {
        let o = spec(yaml).unwrap_or_else(|e| panic!("refused: {e:?}\n{yaml}"));
        (o.exit_code, o.sleep_seconds)
    }

    #[test]
    fn the_seed_articles_faq_command_fails_with_1() {
        let y = "containers:\n- name: presync-job\n  image: ubuntu\n  command:\n  - /bin/bash\n  - -c\n  - |\n    echo \"Pre Sync Job 1 - Fail\" ; exit 1\n";
        assert_eq!(ok(y), (1, 0));
    }

    #[test]
    fn command_and_args_forms() {
        assert_eq!(ok("containers: [{name: a, image: x, command: [\"false\"]}]"), (1, 0));
        assert_eq!(ok("containers: [{name: a, image: x, command: [\"sh\", \"-c\", \"exit 3\"]}]"), (3, 0));
        assert_eq!(
            ok("containers: [{name: a, image: x, command: [/bin/sh, -c], args: [\"sleep 30; exit 1\"]}]"),
            (1, 30)
        );
        assert_eq!(ok("containers: [{name: a, image: x, command: [sh], args: [-ec, \"false; exit 0\"]}]"), (1, 0));
        assert_eq!(ok("containers: [{name: a, image: x, command: [bash, -e, -c, \"false\n exit 0\"]}]"), (1, 0));
        // The words after the script are $0, $1…: the script does not read them here.
        assert_eq!(ok("containers: [{name: a, image: x, command: [sh, -c, \"exit 4\", name, \"7\"]}]"), (4, 0));
    }

    #[test]
    fn refusals() {
        for y in [
            // The image's entrypoint runs with these args.
            "containers: [{name: a, image: x, args: [\"exit 1\"]}]",
            "containers: [{name: a, image: x}]",
            "containers: [{name: a, image: x, command: [curl, http://x]}]",
            "containers: [{name: a, image: x, command: [exit, \"1\"]}]",
            "containers: [{name: a, image: x, command: [sh, script.sh]}]",
            "containers: [{name: a, image: x, command: [sh, -c]}]",
            "containers: [{name: a, image: x, command: [bash, -l, -c, \"exit 1\"]}]",
            "containers: [{name: a, image: x, command: [bash, --login, -c, \"exit 1\"]}]",
            "containers: [{name: a, image: alpine:3.20, command: [bash, -c, \"exit 1\"]}]",
            "containers: [{name: a, image: curlimages/curl, command: [/bin/bash, -c, \"exit 1\"]}]",
            "containers: [{name: a, image: gcr.io/distroless/static, command: [sh, -c, \"exit 1\"]}]",
            "containers: [{name: a, image: x, command: [sh, -c, \"exit $CODE\"]}]",
            "containers: [{name: a, image: x, command: [sh, -c, \"exit $0\", \"7\"]}]",
            "containers: []",
            // A failing init container, an unknown one, a sidecar.
            "initContainers: [{name: i, image: x, command: [\"false\"]}]\ncontainers: [{name: a, image: x, command: [\"true\"]}]",
            "initContainers: [{name: i, image: x, command: [migrate]}]\ncontainers: [{name: a, image: x, command: [\"true\"]}]",
            "initContainers: [{name: i, image: x, restartPolicy: Always, command: [sleep, \"5\"]}]\ncontainers: [{name: a, image: x, command: [\"true\"]}]",
            // Several containers: the second fails, or one is unknown.
            "containers: [{name: a, image: x, command: [\"true\"]}, {name: b, image: x, command: [\"false\"]}]",
            "containers: [{name: a, image: x, command: [\"false\"]}, {name: b, image: x, command: [app]}]",
        ] {
            assert!(spec(y).is_err(), "should be refused: {y}");
        }
        assert!(pod(None).is_err());
    }

    #[test]
    fn init_containers_run_first_and_containers_together() {
        let y = "initContainers: [{name: i, image: x, command: [sleep, 10s]}]\ncontainers: [{name: a, image: x, command: [sh, -c, \"sleep 5; exit 2\"]}, {name: b, image: x, command: [sleep, \"20\"]}]";
        assert_eq!(ok(y), (2, 30));
        assert_eq!(ok("containers: [{name: a, image: ubuntu, command: [\"true\"]}, {name: b, image: x, command: [sleep, 1m]}]"), (0, 60));
    }

    #[test]
    fn the_run_takes_pod_seconds_plus_the_sleeps() {
        let o = CommandOutcome { exit_code: 1, sleep_seconds: 30 };
        assert_eq!(o.attempt(5), Attempt::Run { exit_code: 1, seconds: Some(35), oom: false });
        let quick = CommandOutcome { exit_code: 1, sleep_seconds: 0 };
        assert_eq!(quick.attempt(5), Attempt::Run { exit_code: 1, seconds: None, oom: false });
    }

    #[test]
    fn sources_by_index() {
        let s = AttemptSources { base: OutcomeSource::Command, scripted_indexes: vec![(2, 3)] };
        assert_eq!(s.of(None), OutcomeSource::Command);
        assert_eq!(s.of(Some(1)), OutcomeSource::Command);
        assert_eq!(s.of(Some(3)), OutcomeSource::Scripted);
    }
}
