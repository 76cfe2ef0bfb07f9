//! Reports for sending after the workshop.

pub mod markdown;
