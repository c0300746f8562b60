//! The vocabulary every layer shares: simulated [`time`], the one priority queue ([`queue`]),
//! [`diagnostics`], Argo CD's [`health`] statuses (shared because the Job controller's timeline
//! carries the health Argo CD reads from a Job, J33), and a stable [`sort`].

pub mod diagnostics;
pub mod health;
pub mod queue;
pub mod sort;
pub mod time;
