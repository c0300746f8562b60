//! The messages the Job controller and kubelet write (J13, J25, J29, J30).

use super::types::JobSpec;
use crate::report::Time;

/// J13: message of the `BackoffLimitExceeded` conditions.
pub const MSG_BACKOFF_LIMIT: &str = "Job has reached the specified backoff limit";
/// J13: message of the `DeadlineExceeded` conditions.
pub const MSG_DEADLINE: &str = "Job was active longer than specified deadline";
/// J13: message of `SuccessCriteriaMet`/`Complete` from Kubernetes 1.31 on.
pub const MSG_COMPLETIONS_REACHED: &str = "Reached expected number of succeeded pods";
/// J13/J24: message of the `MaxFailedIndexesExceeded` conditions.
pub const MSG_MAX_FAILED_INDEXES: &str = "Job has exceeded the specified maximal number of failed indexes";
/// J13/J24: message of the `FailedIndexes` conditions.
pub const MSG_FAILED_INDEXES: &str = "Job has failed indexes";

/// J13/J25: the message of a podFailurePolicy `FailJob` match on an exit code.
pub(crate) fn fail_job_message(spec: &JobSpec, pod: &str, code: i32, rule_index: usize) -> String {
    format!(
        "Container {} for pod {}/{} failed with exit code {} matching FailJob rule at index {}",
        spec.container_name, spec.namespace, pod, code, rule_index
    )
}

/// The container-status reason of a non-zero exit (J29).
pub(crate) fn exit_reason(oom: bool) -> &'static str {
    if oom {
        "OOMKilled"
    } else {
        "Error"
    }
}

/// The `PodFailed` message of an OnFailure container exit (J29, J30): the pod phase stays Running.
pub(crate) fn crash_loop_message(code: i32, wait: Time) -> String {
    if wait == 0 {
        format!(
            "container exited with {code}; kubelet restarts it in the same pod at once \
             (first restart has no back-off); pod phase stays Running"
        )
    } else {
        format!(
            "container exited with {code}; kubelet restarts it in the same pod after {wait} s \
             (CrashLoopBackOff); pod phase stays Running"
        )
    }
}
