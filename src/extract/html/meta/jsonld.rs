//! schema.org JSON-LD: the article object among a page's graphs, and its headline, description,
//! authors, dates, publisher, address and language.

use serde_json::Value;
use trafilatura::dom::Document;

use super::{push, push_text, values, PageMeta};

/// schema.org types whose fields describe the page's article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Posting",
    "Recipe",
    "HowTo",
    "VideoObject",
    "WebPage",
    "ItemPage",
    "Blog",
];

pub(super) fn json_ld(doc: &Document, meta: &mut PageMeta) {
    let mut blocks = Vec::new();
    for script in super::select(doc, "script") {
        let is_ld = doc
            .get_attribute(script, "type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
        if !is_ld {
            continue;
        }
        let text = doc.text_content(script);
        // Sites wrap JSON-LD in CDATA or HTML comments and leave text after it; the first
        // JSON value inside is read, and what does not parse is ignored rather than guessed at.
        let inner = text
            .trim()
            .trim_start_matches("//")
            .trim_start_matches("<![CDATA[")
            .trim_start_matches("<!--")
            .trim_start();
        if let Some(Ok(value)) = serde_json::Deserializer::from_str(inner)
            .into_iter::<Value>()
            .next()
        {
            blocks.push(value);
        }
    }
    let mut objects = Vec::new();
    for value in &blocks {
        collect_objects(value, &mut objects, 0);
    }
    // Persons with an `@id`, which authors elsewhere in the graph refer to: (id, name).
    let people: Vec<(&str, &str)> = objects
        .iter()
        .filter(|o| is_type(o, "Person"))
        .filter_map(|o| Some((o.get("@id")?.as_str()?, o.get("name")?.as_str()?)))
        .collect();
    let mut items: Vec<&Value> = objects
        .into_iter()
        .filter(|o| ARTICLE_TYPES.iter().any(|t| is_type(o, t)))
        .collect();
    // Article types before generic pages: a WebPage's name is often the site's.
    items.sort_by_key(|item| usize::from(!is_article_item(item)));
    for item in items {
        let article = is_article_item(item);
        for key in ["headline", "alternativeHeadline"] {
            push_text(&mut meta.titles, item.get(key));
        }
        if article {
            push_text(&mut meta.titles, item.get("name"));
        }
        push_text(&mut meta.descriptions, item.get("description"));
        // All of one item's authors make one candidate: "A; B".
        let mut names = Vec::new();
        for author in values(item.get("author")).chain(values(item.get("creator"))) {
            match author {
                Value::String(s) => names.push(s.as_str()),
                Value::Object(o) if !is_type(author, "Organization") => {
                    let named = o.get("name").and_then(Value::as_str);
                    // `{"@id": ".../#author"}` points at a Person elsewhere in the graph.
                    let referred = o
                        .get("@id")
                        .and_then(Value::as_str)
                        .and_then(|id| people.iter().find(|(pid, _)| *pid == id).map(|(_, n)| *n));
                    names.extend(named.or(referred));
                }
                _ => {}
            }
        }
        if !names.is_empty() {
            push(&mut meta.authors, &names.join("; "));
        }
        for key in ["datePublished", "dateCreated", "uploadDate"] {
            push_text(&mut meta.dates, item.get(key));
        }
        if let Some(publisher) = item.get("publisher") {
            push_text(&mut meta.sites, publisher.get("name"));
        }
        if article {
            push_text(&mut meta.urls, item.get("url"));
            match item.get("mainEntityOfPage") {
                Some(Value::String(s)) => push(&mut meta.urls, s),
                Some(Value::Object(o)) => push_text(&mut meta.urls, o.get("@id")),
                _ => {}
            }
        }
        push_text(&mut meta.langs, item.get("inLanguage"));
    }
}

/// Every object of a JSON-LD value that describes something: the top level, list members,
/// `@graph` members and `mainEntity`, to a bounded depth.
fn collect_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(list) => {
            for v in list {
                collect_objects(v, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value);
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = map.get(key) {
                    collect_objects(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn is_article_item(item: &Value) -> bool {
    ARTICLE_TYPES[..ARTICLE_TYPES.len() - 3]
        .iter()
        .any(|t| is_type(item, t))
}

fn is_type(value: &Value, wanted: &str) -> bool {
    values(value.get("@type")).any(|t| t.as_str() == Some(wanted))
}
