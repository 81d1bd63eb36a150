//! The article's metadata from a page's markup: schema.org JSON-LD first, then Open Graph and
//! the other `<meta>` conventions, then the visible page (the `<h1>`, byline elements, `<time>`).
//!
//! Each field keeps every candidate in order of trust; `html::extract` picks, because some
//! choices (which headline, whether the dek is the first paragraph) need the body as well.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use scraper::Selector;
use serde_json::Value;
use time::Date;
use trafilatura::dom::{Document, NodeId};

use crate::extract::date::parse_date;

mod jsonld;
mod tags;
mod visible;

/// Candidates for each field, most trusted first.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// Headlines from metadata (JSON-LD headline, og:title, ...).
    pub titles: Vec<String>,
    /// The `<title>` element, which usually carries the site's name too.
    pub title_element: Option<String>,
    /// Visible `<h1>` texts, in page order.
    pub h1s: Vec<String>,
    /// Visible `<h2>` texts, in page order (blogs put post titles there).
    pub h2s: Vec<String>,
    /// The parts of headings made of several elements (a kicker span and a headline span,
    /// which `text_content` runs together: "Open ProgressWhy collaborative...").
    pub heading_parts: Vec<String>,
    /// Visible deks (elements named like standfirsts).
    pub deks: Vec<String>,
    /// Descriptions from JSON-LD and meta tags.
    pub descriptions: Vec<String>,
    /// Author fields from metadata, as written ("Jane Doe", "By Jane Doe and John Roe").
    pub authors: Vec<String>,
    /// Bylines shown on the page (byline elements, links to author pages, "By ..." lines).
    pub shown_bylines: Vec<String>,
    /// Names in elements that declare themselves the author's (`rel=author`,
    /// `itemprop=author`): taken as written, handles included.
    pub declared_authors: Vec<String>,
    /// Texts of links to author pages, likewise taken as written, after the byline elements.
    pub author_links: Vec<String>,
    /// Publication dates from metadata and date markup, as written, most trusted first.
    pub dates: Vec<String>,
    /// Dates shown in elements named like dates ("date", "datum", "posted"), in page order.
    pub shown_dates: Vec<String>,
    /// The first date written in the page's text after its headline (else anywhere); read
    /// only when the markup gives no date, since it costs a pass over the page's text.
    pub text_date: Option<Date>,
    pub sites: Vec<String>,
    pub urls: Vec<String>,
    pub langs: Vec<String>,
}

/// Read every field's candidates from `doc`.
pub fn read(doc: &Document) -> PageMeta {
    let mut meta = PageMeta::default();
    jsonld::json_ld(doc, &mut meta);
    tags::meta_tags(doc, &mut meta);
    visible::visible(doc, &mut meta);
    meta
}

/// The elements of the page matching `selector`, in document order. Selectors are compiled once
/// a thread: parsed again for every page, they were a quarter of the instructions of reading
/// what the page shows (`visible`).
fn select(doc: &Document, selector: &'static str) -> Vec<NodeId> {
    thread_local! {
        static COMPILED: RefCell<FxHashMap<&'static str, Option<Selector>>> =
            RefCell::new(FxHashMap::default());
    }
    COMPILED.with_borrow_mut(|compiled| {
        let found = compiled
            .entry(selector)
            .or_insert_with(|| Selector::parse(selector).ok());
        match found {
            Some(sel) => doc.query_selector_all_compiled(doc.root(), sel),
            None => Vec::new(),
        }
    })
}

/// A JSON-LD value that may be one thing or a list of things, as an iterator of things.
fn values(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let list: Vec<&Value> = match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    list.into_iter()
}

fn push_text(into: &mut Vec<String>, value: Option<&Value>) {
    for v in values(value) {
        match v {
            Value::String(s) => push(into, s),
            Value::Object(o) => {
                if let Some(Value::String(s)) = o.get("name").or_else(|| o.get("@value")) {
                    push(into, s);
                }
            }
            _ => {}
        }
    }
}

/// Add a candidate: entities decoded, whitespace collapsed, empties and repeats left out.
fn push(into: &mut Vec<String>, raw: &str) {
    let text = clean_text(raw);
    if !text.is_empty() && !into.contains(&text) {
        into.push(text);
    }
}

/// Whitespace collapsed; entities that JSON-LD and attributes carry still encoded decoded.
pub fn clean_text(raw: &str) -> String {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.contains('&') {
        decode_entities(&collapsed)
    } else {
        collapsed
    }
}

/// Entities left in text that was escaped twice (`&amp;#038;` in an attribute is `&#038;` once
/// parsed): numeric ones and the common named ones.
pub fn decode_entities(s: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("quot", "\""),
        ("apos", "'"),
        ("lt", "<"),
        ("gt", ">"),
        ("nbsp", " "),
        ("rsquo", "\u{2019}"),
        ("lsquo", "\u{2018}"),
        ("ldquo", "\u{201c}"),
        ("rdquo", "\u{201d}"),
        ("ndash", "\u{2013}"),
        ("mdash", "\u{2014}"),
        ("hellip", "\u{2026}"),
        ("raquo", "\u{bb}"),
        ("laquo", "\u{ab}"),
        ("shy", "\u{ad}"),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &rest[1..=end]);
        let decoded = entity.and_then(|name| {
            if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| (*t).to_string())
            }
        });
        match (entity, decoded) {
            (Some(name), Some(text)) => {
                out.push_str(&text);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl PageMeta {
    /// The date the markup gives, most trusted source first: metadata and date markup, a date
    /// in the address, then dates shown in date elements.
    pub fn marked_date(&self) -> Option<Date> {
        first_date(&self.dates)
            .or_else(|| self.urls.iter().find_map(|u| date_in_url(u)))
            .or_else(|| first_date(&self.shown_dates))
    }
}

/// The first candidate that reads as a date.
pub fn first_date(candidates: &[String]) -> Option<Date> {
    candidates.iter().find_map(|c| parse_date(c))
}

/// A date in the address, as news sites write it: `/2018/06/08/`, `/2018-06-08/`, `/20180608`.
pub fn date_in_url(url: &str) -> Option<Date> {
    use std::sync::LazyLock;
    static URL_DATE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
        )
        .expect("valid pattern")
    });
    let caps = URL_DATE.captures(url)?;
    crate::extract::date::make_date(
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_outranks_open_graph() {
        let doc = Document::parse(
            r#"<html lang="en-GB"><head>
            <meta property="og:title" content="OG title | Site">
            <meta property="og:site_name" content="The Site">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"The Site"},
              {"@type":"NewsArticle","headline":"Real headline","datePublished":"2019-11-19T10:00:00-05:00",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Wire"}]}]}
            </script></head><body><h1>Real headline</h1></body></html>"#,
        );
        let meta = read(&doc);
        assert_eq!(meta.titles[0], "Real headline");
        assert_eq!(meta.titles[1], "OG title | Site");
        assert_eq!(meta.authors, vec!["Jane Doe"]);
        assert!(meta.shown_bylines.is_empty());
        assert_eq!(meta.dates[0], "2019-11-19T10:00:00-05:00");
        assert_eq!(meta.sites, vec!["The Site"]);
        assert_eq!(meta.langs[0], "en-GB");
        assert_eq!(meta.h1s, vec!["Real headline"]);
    }

    #[test]
    fn entities_escaped_twice_are_decoded() {
        assert_eq!(
            clean_text("Thermen- &#038; Vulkanland &raquo; x"),
            "Thermen- & Vulkanland \u{bb} x"
        );
        assert_eq!(clean_text("R&D &unknown; &#x41;&"), "R&D &unknown; A&");
    }

    #[test]
    fn url_dates() {
        let d = date_in_url("https://example.com/news/2018/06/08/story.html").unwrap();
        assert_eq!(crate::article::iso_date::format_date(d), "2018-06-08");
        assert!(date_in_url("https://example.com/news/12345678/story").is_none());
        assert!(date_in_url("https://example.com/2019-11-20-story").is_some());
    }
}
