//! How a change between two compared variants is named where it is drawn: the first hover line
//! of a marked event and its class suffix. Both the comparison's HTML and the timeline's marked
//! events use them.

use hooksim_engine::compare::Change;

/// The first hover line of a marked event.
pub fn change_words(c: Change) -> &'static str {
    match c {
        Change::Moved => "≠ compared: the same event, at another second on the other side",
        Change::OnlyA | Change::OnlyB => "≠ compared: only on this side",
    }
}

/// The class suffix of a change: `moved`, `onlya`, `onlyb`.
pub fn change_class(c: Change) -> &'static str {
    match c {
        Change::Moved => "moved",
        Change::OnlyA => "onlya",
        Change::OnlyB => "onlyb",
    }
}
