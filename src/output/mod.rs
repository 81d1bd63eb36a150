//! Rendering for people ([`human`]) and programs ([`json`]). Knows nothing of tantivy.

pub mod human;
pub mod json;

use serde::Serialize;

use crate::article::{iso_date, Article};
use crate::ingest::Format;

/// One article as `morgue segment --json` prints it: the fields, the body paragraphs joined by a
/// blank line.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentRecord {
    pub path: String,
    pub format: Format,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub byline: Vec<String>,
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub body: String,
}

impl SegmentRecord {
    /// The record for `article`, found in the file shown as `path`.
    pub fn new(path: &str, format: Format, article: &Article) -> SegmentRecord {
        SegmentRecord {
            path: path.to_string(),
            format,
            title: article.title.clone(),
            standfirst: article.standfirst.clone(),
            byline: article.byline.clone(),
            date: article.date,
            source: article.source.clone(),
            url: article.url.clone(),
            lang: article.lang.clone(),
            body: article.body_text(),
        }
    }
}
