//! Argo CD above the sync engine.

pub mod app;
