//! JSON Lines output: a contract other programs read. Fields are added, never renamed.
//!
//! `morgue search --json` prints one object per line:
//!
//! - one per hit, best first:
//!   `{"type":"hit","rank":1,"score":3.2,"id":"…","path":"…","format":"text","title":"…",
//!     "standfirst":"…"|null,"byline":["…"],"date":"YYYY-MM-DD"|null,"source":"…"|null,
//!     "url":"…"|null,"snippets":[{"field":"body","text":"…","highlights":[[start,end],…]}]}`
//!   where `highlights` are byte offsets into that snippet's `text` (UTF-8, end exclusive);
//! - then one summary: `{"type":"summary","hits":n,"total":m,"elapsed_ms":t}` with `hits` the
//!   number printed and `total` the number of matching articles.
//!
//! `morgue segment --json` prints one object per article found:
//! `{"path","format","title","standfirst","byline":[…],"date","source","url","lang","body"}` with
//! body paragraphs separated by one blank line.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::iso_date;
use crate::search::Hit;
use crate::snippet::Snippet;

/// A hit as printed.
#[derive(Debug, Serialize)]
pub struct HitLine<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub rank: usize,
    pub score: f32,
    pub id: &'a str,
    pub path: &'a str,
    pub format: &'a str,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
    pub byline: &'a [String],
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub snippets: Vec<SnippetLine<'a>>,
}

/// A snippet as printed: highlights as `[start, end]` byte pairs.
#[derive(Debug, Serialize)]
pub struct SnippetLine<'a> {
    pub field: &'a str,
    pub text: &'a str,
    pub highlights: Vec<[usize; 2]>,
}

impl<'a> From<&'a Snippet> for SnippetLine<'a> {
    fn from(s: &'a Snippet) -> Self {
        SnippetLine {
            field: s.field,
            text: &s.text,
            highlights: s.highlights.iter().map(|r| [r.start, r.end]).collect(),
        }
    }
}

impl<'a> HitLine<'a> {
    pub fn new(rank: usize, hit: &'a Hit) -> HitLine<'a> {
        HitLine {
            kind: "hit",
            rank,
            score: hit.score,
            id: &hit.id,
            path: &hit.path,
            format: &hit.format,
            title: hit.title.as_deref(),
            standfirst: hit.standfirst.as_deref(),
            byline: &hit.byline,
            date: hit.date,
            source: hit.source.as_deref(),
            url: hit.url.as_deref(),
            snippets: hit.snippets.iter().map(SnippetLine::from).collect(),
        }
    }
}

/// The closing line of a search.
#[derive(Debug, Serialize)]
pub struct SummaryLine {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub hits: usize,
    pub total: usize,
    pub elapsed_ms: f64,
}

/// Write one value as one line of JSON.
///
/// # Errors
/// Writing to `out` failed (a closed pipe included).
pub fn write_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
