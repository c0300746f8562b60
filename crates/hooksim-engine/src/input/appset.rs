//! What an ApplicationSet's RollingSync strategy says (A38–A43), as read from the input: its
//! steps, each generated Application's labels and sync policy, the version's rules. Read here,
//! with the input (`input::prepared` holds one), so that the reading does not depend on the
//! running of it (`argocd::app::appset`).

use crate::common::diagnostics::Pos;
use crate::input::scenario::Retry;

/// `maxUpdate` (A41): an integer, or a string that should be a percentage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MaxUpdate {
    Int(i64),
    Str(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub(crate) key: String,
    pub(crate) operator: String,
    pub(crate) values: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) exprs: Vec<Expr>,
    pub(crate) max_update: Option<MaxUpdate>,
    pub(crate) pos: Pos,
}

/// What RollingSync needs of one generated Application (A39).
#[derive(Debug, Clone, Default)]
pub(crate) struct GenApp {
    pub(crate) labels: Vec<(String, String)>,
    /// `automated.prune`, remembered when RollingSync turns automated off.
    pub(crate) prune: bool,
    pub(crate) retry: Option<Retry>,
    /// Its `automated` was enabled and RollingSync turned it off (A39).
    pub(crate) automated_off: bool,
}

/// The ApplicationSet read from the input.
#[derive(Clone)]
pub struct RollingSync {
    pub name: String,
    /// A38: RollingSync with at least one step; otherwise the Applications sync themselves.
    pub(crate) enabled: bool,
    pub(crate) steps: Vec<Step>,
    /// One per child, in the children's order.
    pub(crate) apps: Vec<GenApp>,
    /// A43: the transitions of 2.14.4 to 3.2 (and, before 3.3, an operation only for an
    /// OutOfSync Application).
    pub(crate) before_3_3: bool,
    /// A39: from 3.1 an Application without `retry` gets `{limit: 5}`; before, no retry.
    pub(crate) default_retry: bool,
}
