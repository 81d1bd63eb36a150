//! The article's metadata from a page's markup: schema.org JSON-LD first, then Open Graph and
//! the other `<meta>` conventions, then the visible page (the `<h1>`, byline elements, `<time>`).
//!
//! Each field keeps every candidate in order of trust; `html::extract` picks, because some
//! choices (which headline, whether the dek is the first paragraph) need the body as well.

use serde_json::Value;
use time::Date;
use trafilatura::dom::{Document, NodeId};

use crate::extract::date::{find_date, parse_date};

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

/// Read every field's candidates from `doc`.
pub fn read(doc: &Document) -> PageMeta {
    let mut meta = PageMeta::default();
    json_ld(doc, &mut meta);
    meta_tags(doc, &mut meta);
    visible(doc, &mut meta);
    meta
}

fn json_ld(doc: &Document, meta: &mut PageMeta) {
    let root = doc.root();
    let mut blocks = Vec::new();
    for script in doc.query_selector_all(root, "script") {
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
fn decode_entities(s: &str) -> String {
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

/// `<meta>` conventions: (attribute value, field). Order is trust within a field.
const META_FIELDS: &[(&str, Field)] = &[
    ("dc.title", Field::Title),
    ("dc:title", Field::Title),
    ("dcterms.title", Field::Title),
    ("dcterm:title", Field::Title),
    ("og:title", Field::Title),
    ("twitter:title", Field::Title),
    ("parsely-title", Field::Title),
    ("sailthru.title", Field::Title),
    ("headline", Field::Title),
    ("dc.description", Field::Description),
    ("dc:description", Field::Description),
    ("dcterms.description", Field::Description),
    ("dcterm:description", Field::Description),
    ("og:description", Field::Description),
    ("description", Field::Description),
    ("twitter:description", Field::Description),
    ("dc.creator", Field::Author),
    ("dc:creator", Field::Author),
    ("dcterms.creator", Field::Author),
    ("dcterm:creator", Field::Author),
    ("author", Field::Author),
    ("article:author", Field::Author),
    ("parsely-author", Field::Author),
    ("sailthru.author", Field::Author),
    ("byl", Field::Author),
    ("byline", Field::Author),
    ("citation_author", Field::Author),
    ("article:published_time", Field::Date),
    ("og:published_time", Field::Date),
    ("article:published", Field::Date),
    ("datepublished", Field::Date),
    ("publishdate", Field::Date),
    ("publish-date", Field::Date),
    ("pubdate", Field::Date),
    ("date", Field::Date),
    ("dc.date", Field::Date),
    ("dc.date.issued", Field::Date),
    ("dcterms.created", Field::Date),
    ("dcterms.date", Field::Date),
    ("dcterms.issued", Field::Date),
    ("sailthru.date", Field::Date),
    ("parsely-pub-date", Field::Date),
    ("citation_publication_date", Field::Date),
    ("article.published", Field::Date),
    ("uploaddate", Field::Date),
    ("datecreated", Field::Date),
    ("og:updated_time", Field::LateDate),
    ("article:modified_time", Field::LateDate),
    ("og:site_name", Field::Site),
    ("application-name", Field::Site),
    ("twitter:site", Field::LateSite),
    ("og:url", Field::Url),
    ("og:locale", Field::Lang),
    ("content-language", Field::Lang),
    ("dc.language", Field::Lang),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Description,
    Author,
    Date,
    LateDate,
    Site,
    LateSite,
    Url,
    Lang,
}

fn meta_tags(doc: &Document, meta: &mut PageMeta) {
    let root = doc.root();
    let mut found: Vec<(usize, Field, String)> = Vec::new();
    for tag in doc.query_selector_all(root, "meta") {
        let Some(content) = doc.get_attribute(tag, "content") else {
            continue;
        };
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            let Some(key) = doc.get_attribute(tag, attr) else {
                continue;
            };
            // `property="dc:title og:title"` names several conventions at once.
            for key in key.split_whitespace() {
                let key = key.to_ascii_lowercase();
                if let Some(rank) = META_FIELDS.iter().position(|(k, _)| *k == key) {
                    found.push((rank, META_FIELDS[rank].1, content.clone()));
                }
            }
        }
    }
    found.sort_by_key(|(rank, _, _)| *rank);
    let mut late_dates = Vec::new();
    let mut late_sites = Vec::new();
    // Several author tags (one per author, as `citation_author` does) make one candidate.
    let author_values: Vec<&str> = found
        .iter()
        .filter(|(_, f, c)| *f == Field::Author && !c.starts_with("http"))
        .map(|(_, _, c)| c.as_str())
        .collect();
    let authors_joined = author_values.join("; ");
    if !author_values.is_empty() {
        push(&mut meta.authors, &authors_joined);
    }
    for (_, field, content) in found {
        let into = match field {
            Field::Title => &mut meta.titles,
            Field::Description => &mut meta.descriptions,
            Field::Author => continue,
            Field::Date => &mut meta.dates,
            Field::LateDate => &mut late_dates,
            Field::Site => &mut meta.sites,
            Field::LateSite => &mut late_sites,
            Field::Url => &mut meta.urls,
            Field::Lang => &mut meta.langs,
        };
        push(into, &content);
    }
    for tag in doc.query_selector_all(root, "link[rel=canonical]") {
        if let Some(href) = doc.get_attribute(tag, "href") {
            meta.urls.insert(0, clean_text(&href));
        }
    }
    for s in late_sites {
        push(&mut meta.sites, s.trim_start_matches('@'));
    }
    for d in late_dates {
        push(&mut meta.dates, &d);
    }
    if let Some(html) = doc.query_selector(root, "html") {
        if let Some(lang) = doc.get_attribute(html, "lang") {
            meta.langs.insert(0, clean_text(&lang));
        }
    }
}

/// Elements that say they hold the author's name.
const DECLARED_AUTHOR: &str =
    "[itemprop=author] [itemprop=name], [itemprop=author], a[rel=author], \
    [rel=author], .author .fn, .vcard .fn";

/// Links to an author's page: their text is the author's name (when not in a list of others).
const AUTHOR_LINKS: &str = "a[href*='/author/'], a[href*='/autor/'], a[href*='/authors/'], \
    a[href*='/autoren/'], a[href*='/auteur/'], a[href*='/redakteur/'], a[href*='/journalist/'], \
    a[href*='/newsteam/'], a[href*='/profile/'], a[href*='/staff/']";

/// Selectors for byline elements, most specific first.
const BYLINE_SELECTORS: &[&str] = &[
    ".byline .author",
    ".byline",
    ".author-name",
    ".author",
    "[class*=byline]",
    "[class*=author-name]",
    "[class*=AuthorName]",
    "[class*=author]",
    "[class*=Author]",
    ".username",
];

/// Selectors for a dek, a standfirst under the headline.
const DEK_SELECTORS: &[&str] = &[
    "[itemprop=description]",
    "[class*=standfirst]",
    "[class*=-dek]",
    "[class*=dek-]",
    "[class*=_dek]",
    "[class*=subheadline]",
    "[class*=sub-headline]",
    "[class*=subtitle]",
    "[class*=article-summary]",
];

fn visible(doc: &Document, meta: &mut PageMeta) {
    let root = doc.root();

    if let Some(title) = doc.query_selector(root, "title") {
        let text = clean_text(&doc.text_content(title));
        if !text.is_empty() {
            meta.title_element = Some(text);
        }
    }
    for (tag, into) in [("h1", &mut meta.h1s), ("h2", &mut meta.h2s)] {
        for heading in doc.query_selector_all(root, tag).into_iter().take(8) {
            push(into, &doc.text_content(heading));
            for part in doc.children(heading) {
                push(&mut meta.heading_parts, &doc.text_content(part));
            }
        }
    }
    for selector in BYLINE_SELECTORS {
        for node in doc.query_selector_all(root, selector).into_iter().take(4) {
            let text = if doc.tag_name(node) == "meta" {
                doc.get_attribute(node, "content").unwrap_or_default()
            } else {
                doc.text_content(node)
            };
            if text.chars().count() <= 200 {
                push(&mut meta.shown_bylines, &text);
            }
        }
    }
    for (selector, into, avoid) in [
        (
            DECLARED_AUTHOR,
            &mut meta.declared_authors,
            &["nav", "footer"][..],
        ),
        (
            AUTHOR_LINKS,
            &mut meta.author_links,
            &["nav", "footer", "aside"][..],
        ),
    ] {
        for node in doc.query_selector_all(root, selector) {
            if into.len() >= 4 {
                break;
            }
            let text = if doc.tag_name(node) == "meta" {
                doc.get_attribute(node, "content").unwrap_or_default()
            } else {
                doc.text_content(node)
            };
            if text.split_whitespace().count() <= 12 && !is_inside(doc, node, avoid) {
                push(into, &text);
            }
        }
    }
    introduced_bylines(doc, meta);
    for selector in DEK_SELECTORS {
        for node in doc.query_selector_all(root, selector).into_iter().take(2) {
            if doc.tag_name(node) == "meta" || is_inside(doc, node, &["a", "nav", "footer"]) {
                continue;
            }
            let text = doc.text_content(node);
            let words = text.split_whitespace().count();
            if (6..=80).contains(&words) {
                push(&mut meta.deks, &text);
            }
        }
    }
    for node in doc.query_selector_all(root, "[itemprop=datePublished], time[pubdate]") {
        push(&mut meta.dates, &date_value(doc, node));
    }
    for node in doc
        .query_selector_all(root, DATE_SELECTORS)
        .into_iter()
        .take(40)
    {
        if !is_inside(doc, node, &["nav", "footer", "aside"]) {
            push(&mut meta.shown_dates, &date_value(doc, node));
        }
    }
    if meta.marked_date().is_none() {
        meta.text_date = text_date(doc, meta.h1s.first().map(String::as_str));
    }
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

/// Elements whose text is a date shown with the article, in page order.
const DATE_SELECTORS: &str = "time, [class*=date], [class*=Date], [class*=datum], \
    [class*=posted], [class*=publish], [class*=time], [id*=date], [class*=meta], [class*=byline]";

/// How far past the headline a date is still the article's (a byline block, a dateline).
const DATE_AFTER_HEADLINE_CHARS: usize = 3000;

/// Without a headline to start from, how much of the page's text is searched for a date.
const DATE_IN_TEXT_CHARS: usize = 20_000;

/// The first date in the page's text after the headline; failing that, the first anywhere.
fn text_date(doc: &Document, headline: Option<&str>) -> Option<Date> {
    let body = doc.body()?;
    let text = doc.text_content(body);
    // Bounded windows: date patterns are costly to run over a whole long page.
    let window = |start: usize, len: usize| {
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[start..end]
    };
    if let Some(start) = headline.and_then(|h| text.find(h.trim())) {
        if let Some((date, _)) = find_date(window(start, DATE_AFTER_HEADLINE_CHARS)) {
            return Some(date);
        }
    }
    find_date(window(0, DATE_IN_TEXT_CHARS)).map(|(date, _)| date)
}

/// A date element's machine-readable value if it has one, else its text.
fn date_value(doc: &Document, node: NodeId) -> String {
    doc.get_attribute(node, "datetime")
        .or_else(|| doc.get_attribute(node, "content"))
        .unwrap_or_else(|| {
            let text = doc.text_content(node);
            text.chars().take(200).collect()
        })
}

/// Words that introduce a byline ("By", "Von", "Autor:", "Erstellt von").
const OPENERS: &[&str] = &[
    "by",
    "von",
    "par",
    "por",
    "door",
    "di",
    "autor:",
    "autorin:",
    "author:",
    "auteur:",
    "autoren",
    "text:",
    "text von",
    "written by",
    "posted by",
    "erstellt von",
    "geschrieben von",
    "verfasst von",
    "gespeichert von",
    "redaktion:",
    "mehr von",
];

/// The opener `text` starts with, if any (case-blind, "Auteur :" read as "auteur:").
fn opener_of(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase().replacen(" :", ":", 1);
    OPENERS.iter().copied().find(|o| {
        lower
            .strip_prefix(o)
            .is_some_and(|rest| rest.is_empty() || o.ends_with(':') || rest.starts_with(' '))
    })
}

/// `text` without a leading multi-word or labelled opener ("Text von", "Autor:"); a plain "By"
/// stays, since the byline grammar reads it.
pub fn without_opener(text: &str) -> &str {
    let text = text.trim();
    match opener_of(text) {
        Some(opener) if opener.len() > 3 => after_opener(text, opener),
        _ => text,
    }
}

/// `text` without any leading opener, "By" included: for author fields read as plain names.
pub fn without_any_opener(text: &str) -> &str {
    let text = text.trim();
    opener_of(text).map_or(text, |opener| after_opener(text, opener))
}

/// What follows `opener` at the start of `text` (which starts with it, case-blind).
fn after_opener<'a>(text: &'a str, opener: &str) -> &'a str {
    let skip = text
        .char_indices()
        .find(|(i, c)| *i >= opener.len() - 1 && (*c == ':' || c.is_whitespace()))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[skip..].trim_start_matches([':', ' '])
}

/// Short elements whose text opens with "By" or its equivalents ("Von", "Par", "Autor:").
fn introduced_bylines(doc: &Document, meta: &mut PageMeta) {
    let candidates = doc.query_selector_all(
        doc.root(),
        "p, span, div, i, em, b, strong, small, address, li, h4, h5, h6, td, font",
    );
    for node in candidates.into_iter().take(5000) {
        let own = doc.text(node);
        let own = own.trim();
        if own.is_empty() || own.len() > 120 || opener_of(own).is_none() {
            continue;
        }
        let text = clean_text(&doc.text_content(node));
        if text.split_whitespace().count() <= 14 && !is_inside(doc, node, &["nav", "footer"]) {
            push(&mut meta.shown_bylines, &text);
            if meta.shown_bylines.len() > 12 {
                return;
            }
        }
    }
}

fn is_inside(doc: &Document, node: NodeId, tags: &[&str]) -> bool {
    let mut current = doc.parent(node);
    let mut steps = 0;
    while let Some(id) = current {
        if tags.contains(&doc.tag_name(id)) {
            return true;
        }
        steps += 1;
        if steps > 64 {
            break;
        }
        current = doc.parent(id);
    }
    false
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
    fn openers_go_from_bylines() {
        assert_eq!(
            without_opener("Text von Christian Seiler"),
            "Christian Seiler"
        );
        assert_eq!(
            without_opener("Auteur : Kossivi Tiassou"),
            "Kossivi Tiassou"
        );
        assert_eq!(without_opener("Autor: Peter Maahn"), "Peter Maahn");
        assert_eq!(without_opener("By Jane Doe"), "By Jane Doe");
        assert_eq!(without_opener("Byron Smith"), "Byron Smith");
        assert_eq!(without_opener("Erstellt von André Loibl"), "André Loibl");
        assert_eq!(without_any_opener("By Jane Doe"), "Jane Doe");
        assert_eq!(without_any_opener("Byron Smith"), "Byron Smith");
    }

    #[test]
    fn url_dates() {
        let d = date_in_url("https://example.com/news/2018/06/08/story.html").unwrap();
        assert_eq!(crate::article::iso_date::format_date(d), "2018-06-08");
        assert!(date_in_url("https://example.com/news/12345678/story").is_none());
        assert!(date_in_url("https://example.com/2019-11-20-story").is_some());
    }
}
