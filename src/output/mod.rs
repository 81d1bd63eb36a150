//! Rendering for people ([`human`]) and programs ([`json`]). Knows nothing of tantivy.

pub mod human;
pub mod json;
pub mod terminal;
