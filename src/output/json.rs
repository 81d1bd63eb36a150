//! JSON Lines output: a contract other programs read. Fields are added, never renamed.
//!
//! `morgue search --json` prints one object per line:
//!
//! - one per hit, best first:
//!   `{"type":"hit","rank":1,"score":3.2,"id":"…","path":"…","format":"text","title":"…",
//!     "standfirst":"…"|null,"byline":["…"],"date":"YYYY-MM-DD"|null,"source":"…"|null,
//!     "url":"…"|null,"snippets":[{"field":"body","text":"…","highlights":[[start,end],…]}]}`
//!   where `highlights` are byte offsets into that snippet's `text` (UTF-8, end exclusive);
//!   with `--explain`, each hit also has `"explain":{"relevance":s,"matched":[{"field","term",
//!   "score"}],"proximity":p,"recency":r|null}`;
//! - with `--explain`, first of all one `{"type":"query","input","parsed","terms":[…],
//!   "phrases":[…],"aliases":[{"name","variants"}],"fuzzy":[{"word","distance"}],"prefixes":[…],
//!   "dropped":[…]}` line saying how the query was read;
//! - with `--facets`, one `{"type":"facets","facets":{"source":{"…":n},"year":{"2018":n}}}` line
//!   after the hits, counting all matching articles;
//! - then one summary: `{"type":"summary","hits":n,"total":m,"elapsed_ms":t,"relaxed":b,
//!   "suggestion":"…"|null}` with `hits` the number printed, `total` the number of matching
//!   articles, `relaxed` true when no article had every term, and `suggestion` a corrected query
//!   when nothing matched.
//!
//! `morgue segment --json` prints one object per article found:
//! `{"path","format","title","standfirst","byline":[…],"date","source","url","lang","body"}` with
//! body paragraphs separated by one blank line.

use std::io::{self, Write};

use serde::Serialize;

use crate::article::iso_date;
use crate::facets::{self, Counts};
use crate::query::Plan;
use crate::search::{Hit, HitExplain};
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<&'a HitExplain>,
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
            explain: hit.explain.as_ref(),
        }
    }
}

/// The closing line of a search.
#[derive(Debug, Serialize)]
pub struct SummaryLine<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub hits: usize,
    pub total: usize,
    pub elapsed_ms: f64,
    pub relaxed: bool,
    pub suggestion: Option<&'a str>,
}

/// How the query was read (`--explain`).
#[derive(Debug, Serialize)]
pub struct QueryLine<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub plan: &'a Plan,
}

/// Counts per facet value over all matches (`--facets`).
#[derive(Debug, Serialize)]
pub struct FacetsLine<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub facets: std::collections::BTreeMap<&'static str, ByCount<'a>>,
}

impl<'a> FacetsLine<'a> {
    pub fn new(counts: &'a Counts) -> FacetsLine<'a> {
        FacetsLine {
            kind: "facets",
            facets: counts
                .iter()
                .map(|(f, c)| (f.name(), ByCount(facets::top(c, usize::MAX))))
                .collect(),
        }
    }
}

/// A facet's counts as a JSON object whose keys come most frequent first (readers that keep
/// key order show the top values first; the others lose nothing).
#[derive(Debug)]
pub struct ByCount<'a>(Vec<(&'a str, u64)>);

impl Serialize for ByCount<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (value, n) in &self.0 {
            map.serialize_entry(value, n)?;
        }
        map.end()
    }
}

/// Write one value as one line of JSON.
///
/// # Errors
/// Writing to `out` failed (a closed pipe included).
pub fn write_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
