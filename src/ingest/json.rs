//! JSON article exports: one object, an array of them, or JSON Lines, with the field names that
//! CMS exports, schema.org `NewsArticle` and scrapers commonly use.

use serde_json::{Map, Value};

use crate::article::Article;
use crate::extract::byline::parse_byline;
use crate::extract::date::{make_date, parse_date};
use crate::extract::html;

const TITLE: &[&str] = &["headline", "title", "name", "headlines"];
const STANDFIRST: &[&str] = &[
    "description",
    "standfirst",
    "dek",
    "summary",
    "subtitle",
    "subheadline",
    "abstract",
    // IPTC ninjs.
    "description_text",
    "description_html",
    "descriptions",
];
const BYLINE: &[&str] = &["author", "authors", "byline", "creator", "creators"];
const DATE: &[&str] = &[
    "datePublished",
    "published",
    "published_at",
    "publishedAt",
    "publish_date",
    "date",
    "pubDate",
    "dateCreated",
    "created_at",
    "datetime",
    // IPTC ninjs.
    "firstcreated",
    "versioncreated",
];
const BODY: &[&str] = &[
    "articleBody",
    "body",
    "text",
    "content",
    "maintext",
    "story",
    // IPTC ninjs 1.x (plain text first), and 2.x's list of bodies.
    "body_text",
    "body_html",
    "bodies",
];
const URL: &[&str] = &["url", "link", "canonical", "canonical_url", "@id"];
const SOURCE: &[&str] = &[
    "publisher",
    "source",
    "site",
    "siteName",
    "site_name",
    "outlet",
];
const LANG: &[&str] = &["inLanguage", "language", "lang"];
const KEYWORDS: &[&str] = &["keywords", "tags", "categories", "subjects", "keyword"];

/// Articles in a `.json` document: an article object, an array of them, or an object wrapping
/// such an array (`{"articles": [...]}`). Returns (position, article) pairs.
///
/// # Errors
/// The text is not JSON, with serde's line and column.
pub fn articles_from_json(text: &str) -> Result<Vec<(usize, Article)>, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    Ok(articles_in(&value))
}

fn articles_in(value: &Value) -> Vec<(usize, Article)> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_object().and_then(article_from_object).map(|a| (i, a)))
            .collect(),
        Value::Object(obj) => {
            if let Some(article) = article_from_object(obj) {
                return vec![(0, article)];
            }
            // A wrapper: the first array of objects inside ("articles", "items", "data", ...).
            obj.values()
                .find(|v| v.as_array().is_some_and(|a| a.iter().any(Value::is_object)))
                .map(articles_in)
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// One article from one JSON object; `None` when it has neither a title nor a body.
pub fn article_from_object(obj: &Map<String, Value>) -> Option<Article> {
    let article = Article {
        title: pick(obj, TITLE).and_then(text_of),
        standfirst: pick(obj, STANDFIRST).and_then(text_of),
        byline: pick(obj, BYLINE).map(names_of).unwrap_or_default(),
        date: pick(obj, DATE).and_then(date_of),
        body: pick(obj, BODY).map(paragraphs_of).unwrap_or_default(),
        source: pick(obj, SOURCE).and_then(name_of),
        url: pick(obj, URL).and_then(text_of),
        lang: pick(obj, LANG)
            .and_then(text_of)
            .and_then(|l| crate::lang::primary_subtag(&l)),
        keywords: pick(obj, KEYWORDS).map(keywords_of).unwrap_or_default(),
        ..Article::default()
    };
    (!article.is_empty()).then_some(article)
}

/// The value of the first of `keys` present (exact name first, then ignoring case), skipping nulls.
fn pick<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|key| {
        obj.get(*key)
            .or_else(|| {
                obj.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .filter(|v| !v.is_null())
    })
}

fn text_of(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) if looks_like_markup(s) => html::fragment_paragraphs(s).join(" "),
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => return items.iter().find_map(text_of),
        // ninjs 2.x: `{"value": "...", "role": ...}`.
        Value::Object(obj) => return obj.get("value").and_then(text_of),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A name from a string or an object with `name`.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::Object(obj) => pick(obj, &["name", "title"]).and_then(text_of),
        other => text_of(other),
    }
}

/// Authors as a string ("Jane Doe and John Roe"), a list of strings, or objects with `name`.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(names_of).collect(),
        Value::Object(_) => name_of(value).into_iter().collect(),
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                Vec::new()
            } else {
                parse_byline(s, true).unwrap_or_else(|| vec![s.to_string()])
            }
        }
        _ => Vec::new(),
    }
}

/// A date as text in any form we read, or a Unix timestamp in seconds or milliseconds.
fn date_of(value: &Value) -> Option<time::Date> {
    match value {
        Value::String(s) => {
            parse_date(s).or_else(|| s.trim().parse::<i64>().ok().and_then(from_unix))
        }
        Value::Number(n) => n.as_i64().and_then(from_unix),
        Value::Object(obj) => pick(obj, &["$date", "date", "value"]).and_then(date_of),
        _ => None,
    }
}

fn from_unix(mut stamp: i64) -> Option<time::Date> {
    if stamp > 100_000_000_000 {
        stamp /= 1000; // milliseconds
    }
    let date = time::OffsetDateTime::from_unix_timestamp(stamp)
        .ok()?
        .date();
    make_date(date.year(), date.month().into(), date.day())
}

/// Body text as paragraphs: a string split at blank lines (or at single newlines when it has no
/// blank lines), or a list of paragraph strings.
fn paragraphs_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(paragraphs_of).collect(),
        Value::String(s) if looks_like_markup(s) => html::fragment_paragraphs(s),
        Value::String(s) => split_paragraphs(s),
        Value::Object(obj) => obj.get("value").map(paragraphs_of).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether a value is HTML rather than text: it holds a closing tag or a line break (ninjs
/// `body_html`, CMS exports). An opening bracket alone is not markup: wire copy writes tickers
/// so ("STANDARD OIL <SRD> TO FORM UNIT").
fn looks_like_markup(s: &str) -> bool {
    s.match_indices("</").any(|(i, _)| {
        s[i + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
    }) || s.contains("<br")
}

/// Keywords as a list, or as one string of comma-separated ones; ninjs subjects as objects
/// with a `name`.
fn keywords_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(keywords_of).collect(),
        Value::String(s) => s
            .split([',', ';'])
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
        Value::Object(_) => name_of(value).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Split body text into paragraphs.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let separator = if text.contains("\n\n") { "\n\n" } else { "\n" };
    text.split(separator)
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_schema_org_names() {
        let v = json!({
            "headline": "Storm closes port",
            "description": "Cranes damaged",
            "author": [{"@type": "Person", "name": "Jane Doe"}, "John Roe"],
            "datePublished": "2019-03-29T10:00:00Z",
            "articleBody": "First paragraph.\n\nSecond paragraph.",
            "publisher": {"name": "The Harbour Times"},
            "url": "https://example.com/storm",
            "inLanguage": "en-GB",
            "unknown": 42
        });
        let a = article_from_object(v.as_object().unwrap()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Storm closes port"));
        assert_eq!(a.standfirst.as_deref(), Some("Cranes damaged"));
        assert_eq!(a.byline, vec!["Jane Doe", "John Roe"]);
        assert_eq!(a.date, make_date(2019, 3, 29));
        assert_eq!(a.body, vec!["First paragraph.", "Second paragraph."]);
        assert_eq!(a.source.as_deref(), Some("The Harbour Times"));
        assert_eq!(a.lang.as_deref(), Some("en"));
    }

    #[test]
    fn byline_string_is_split_into_names() {
        let v = json!({"title": "T", "byline": "By Jane Doe and John Roe", "pubDate": "Tue, 19 Nov 2019 10:31:00 GMT"});
        let a = article_from_object(v.as_object().unwrap()).unwrap();
        assert_eq!(a.byline, vec!["Jane Doe", "John Roe"]);
        assert_eq!(a.date, make_date(2019, 11, 19));
    }

    #[test]
    fn arrays_and_wrappers() {
        let arr = r#"[{"title": "A"}, 3, {"title": "B", "body": "x"}]"#;
        let got = articles_from_json(arr).unwrap();
        assert_eq!(got.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0, 2]);
        let wrapped = r#"{"status": "ok", "articles": [{"title": "A"}]}"#;
        assert_eq!(articles_from_json(wrapped).unwrap().len(), 1);
    }

    #[test]
    fn ninjs_items() {
        let v = json!({
            "uri": "urn:newsml:example.com:1", "type": "text", "language": "fr",
            "versioncreated": "2024-05-01T10:00:00Z",
            "headline": "Titre", "description_text": "Chapeau.",
            "body_html": "<p>Premier <b>paragraphe</b>.</p><script>x()</script><p>Second.</p>",
            "byline": "Jean Dupont", "subject": [{"name": "politique", "code": "1"}]
        });
        let a = article_from_object(v.as_object().unwrap()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Titre"));
        assert_eq!(a.standfirst.as_deref(), Some("Chapeau."));
        assert_eq!(a.body, vec!["Premier paragraphe.", "Second."]);
        assert_eq!(a.date, make_date(2024, 5, 1));
        assert_eq!(a.lang.as_deref(), Some("fr"));
        let v2 = json!({"headlines": [{"value": "Deux", "role": "main"}],
            "bodies": [{"value": "<p>Un.</p>", "contenttype": "text/html"}]});
        let a = article_from_object(v2.as_object().unwrap()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Deux"));
        assert_eq!(a.body, vec!["Un."]);
        // A ticker in brackets is not markup.
        let wire = json!({"title": "STANDARD OIL <SRD> TO FORM UNIT", "body": "<BP> said so."});
        let a = article_from_object(wire.as_object().unwrap()).unwrap();
        assert_eq!(a.title.as_deref(), Some("STANDARD OIL <SRD> TO FORM UNIT"));
        assert_eq!(a.body, vec!["<BP> said so."]);
    }

    #[test]
    fn unix_timestamps() {
        let v = json!({"title": "T", "published": 1553853600});
        assert_eq!(
            article_from_object(v.as_object().unwrap()).unwrap().date,
            make_date(2019, 3, 29)
        );
    }
}
