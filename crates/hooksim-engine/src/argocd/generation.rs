//! Manifest generation (R67): the repo server turns the source into manifests before any
//! comparison or sync. When it cannot decode a document, the comparison fails: the Application
//! gets a `ComparisonError` condition, its sync status is `Unknown` (so no automated sync starts,
//! A2), and a sync operation ends at once in `Error` with that condition as its message.

use crate::input::manifest::Undecodable;

/// The name of the pasted input as the message names its file: hooksim reads one stream, Argo
/// CD a directory of files (docs/decisions.md, "Manifest generation errors").
pub const SOURCE_FILE: &str = "manifests.yaml";

/// The `ComparisonError` condition's message (`controller/state.go` `CompareAppState`,
/// `reposerver/repository/repository.go` `getObjsFromYAMLOrJSON`, `splitYAMLOrJSON`).
pub fn condition_message(u: &Undecodable) -> String {
    format!(
        "Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: \
         code = FailedPrecondition desc = Failed to unmarshal \"{SOURCE_FILE}\": failed to unmarshal manifest: \
         error converting YAML to JSON: yaml: line {}: {}",
        u.line_in_document, u.message
    )
}

/// The sync operation's message: the error conditions as `argo.FormatAppConditions` writes them
/// (`controller/sync.go` `SyncAppState`: "do not perform the operation").
pub fn operation_message(u: &Undecodable) -> String {
    format!("ComparisonError: {}", condition_message(u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_wraps_the_yaml_error_as_argo_cd_does() {
        let u = Undecodable { line_in_document: 23, message: "did not find expected key".into() };
        assert_eq!(
            operation_message(&u),
            "ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: \
             code = FailedPrecondition desc = Failed to unmarshal \"manifests.yaml\": failed to unmarshal manifest: \
             error converting YAML to JSON: yaml: line 23: did not find expected key"
        );
    }
}
