//! The virtual clock's unit, shared by every layer.

/// Simulated time: whole seconds since the simulation start.
pub type Time = i64;

/// The largest number any scenario key takes (seconds, `startedAt`, retry limit and factor):
/// beyond it the default is used, with a `scenario-invalid` error. Far past the horizon, it keeps
/// every sum of times within range.
pub const MAX_SECONDS: i64 = 1_000_000_000_000;
