//! The pure domain: scenarios, sessions, plans and their review.
//!
//! Nothing here knows about terminals or files; everything is plain data
//! with serde derives, so it can be tested, saved and exported alike.

pub mod plan;
pub mod review;
pub mod room;
pub mod sanitize;
pub mod scenario;
pub mod session;
pub mod validate;
