//! How strictly the API server decodes an object's fields when Argo CD applies it (R17).

use crate::input::manifest::Manifest;

/// How the API server checks an object's fields when Argo CD applies it (R17): strictly
/// (`fieldValidation=Strict`, gitops-engine `newApplyOptions`), or not, with `Validate=false` of
/// the object or of the Application. The lint computes it once per manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValidation {
    /// Unknown fields make the API server reject the object.
    Strict,
    /// The object's own `Validate=false` (its sync-options annotation): they are dropped.
    OffByObject,
    /// The Application's `Validate=false`, in effect in every sync: they are dropped.
    OffByApplication,
}

impl FieldValidation {
    /// `app_validate_off`: the Application's `Validate=false` is in effect in every sync.
    pub fn of(m: &Manifest, app_validate_off: bool) -> FieldValidation {
        if m.ann.sync_options.validate_disabled {
            FieldValidation::OffByObject
        } else if app_validate_off {
            FieldValidation::OffByApplication
        } else {
            FieldValidation::Strict
        }
    }

    /// Why unknown fields are dropped ("with Validate=false"); None when they are rejected.
    pub fn lenient_because(self) -> Option<&'static str> {
        match self {
            FieldValidation::Strict => None,
            FieldValidation::OffByObject => Some("with Validate=false"),
            FieldValidation::OffByApplication => Some("with the Application's Validate=false"),
        }
    }
}
