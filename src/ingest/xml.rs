//! News in XML: the agency formats (NITF 3.x, NewsML-G2, NewsML 1.x) and feeds (RSS 2.0,
//! RSS 1.0, Atom). One parser for all of them, `roxmltree`: a read-only tree that never loads a
//! DTD or an external entity (a `<!DOCTYPE nitf SYSTEM "http://…">` is read, never fetched),
//! refuses entity expansions that grow without bound ("billion laughs"), and is bounded here in
//! nodes as well.
//!
//! Each format is read by the local names of its elements, whatever their namespace prefix:
//! agencies bend the schemas, and a field found where it should be is worth more than a
//! validation error.

use roxmltree::{Document, Node, ParsingOptions};

use crate::article::{Article, Format};
use crate::extract::byline::parse_byline;
use crate::extract::date::{make_date, parse_date};
use crate::extract::html;
use crate::ingest::json::split_paragraphs;

/// Nodes parsed at most: a 64 MB file of tiny elements, and far beyond any real news file.
const MAX_NODES: u32 = 4_000_000;

/// What an XML file turned out to hold.
#[derive(Debug)]
pub struct XmlArticles {
    pub format: Format,
    /// (position among the file's items, article).
    pub articles: Vec<(usize, Article)>,
}

/// Why an XML file gave no article.
#[derive(Debug, PartialEq, Eq)]
pub enum XmlError {
    /// Not well-formed (or over the bounds): the parser's message, with line and column.
    Invalid(String),
    /// Well-formed, but not a format morgue reads as news: the root element's name.
    NotNews(String),
}

/// Whether `text` opens like an XML document (after a BOM and blank space).
pub fn looks_like_xml(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<?xml")
        || [
            "<nitf",
            "<newsMessage",
            "<newsItem",
            "<NewsML",
            "<rss",
            "<rdf:RDF",
            "<feed",
        ]
        .iter()
        .any(|root| start.starts_with(root))
}

/// The news format of an XML document, from its root element, without parsing it whole.
pub fn sniff(text: &str) -> Option<Format> {
    // The root is the first element that is not a declaration, comment or doctype.
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with(['?', '!']) {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        return match local {
            "nitf" => Some(Format::Nitf),
            "newsMessage" | "newsItem" | "NewsML" | "packageItem" => Some(Format::NewsMl),
            "rss" | "RDF" | "feed" => Some(Format::Feed),
            _ => None,
        };
    }
    None
}

/// The articles of an XML news file.
///
/// # Errors
/// The document is not well-formed, or not a news format.
pub fn articles(text: &str) -> Result<XmlArticles, XmlError> {
    let doc = match parse(text) {
        Err(roxmltree::Error::UnknownEntityReference(..)) => {
            // Entities declared in an external DTD (NITF's `&nbsp;`, `&mdash;`), which is never
            // read: the common ones are decoded, the rest dropped.
            let known = known_entities(text);
            return articles_of(&parse(&known).map_err(invalid)?);
        }
        other => other.map_err(invalid)?,
    };
    articles_of(&doc)
}

fn parse(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text.trim_start_matches('\u{feff}'), options)
}

fn invalid(e: roxmltree::Error) -> XmlError {
    XmlError::Invalid(e.to_string())
}

fn articles_of(doc: &Document) -> Result<XmlArticles, XmlError> {
    let root = doc.root_element();
    let (format, articles) = match local(root) {
        "nitf" => (Format::Nitf, nitf(root).into_iter().collect()),
        "newsMessage" | "newsItem" | "packageItem" => (
            Format::NewsMl,
            descendants(root, "newsItem")
                .filter_map(newsml_g2)
                .collect(),
        ),
        "NewsML" => (
            Format::NewsMl,
            descendants(root, "NewsItem").filter_map(newsml_1).collect(),
        ),
        "rss" | "RDF" => (Format::Feed, rss(root)),
        "feed" => (Format::Feed, atom(root)),
        other => return Err(XmlError::NotNews(other.to_string())),
    };
    let articles = Vec::into_iter(articles)
        .enumerate()
        .filter(|(_, a): &(usize, Article)| !a.is_empty())
        .collect();
    Ok(XmlArticles { format, articles })
}

/// `&name;` references an XML parser does not know, decoded as HTML's (or dropped).
fn known_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let name = rest[1..]
            .find(';')
            .filter(|&end| end <= 12)
            .map(|end| &rest[1..=end])
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()) && !n.is_empty());
        match name {
            Some(n) if !matches!(n, "amp" | "lt" | "gt" | "quot" | "apos") => {
                let decoded = html::meta::decode_entities(&format!("&{n};"));
                if !decoded.starts_with('&') {
                    // Escaped again: it lands in XML text.
                    out.push_str(&decoded.replace('&', "&amp;").replace('<', "&lt;"));
                }
                rest = &rest[n.len() + 2..];
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

// ---- Reading the tree by local names ----

fn local<'a>(node: Node<'a, '_>) -> &'a str {
    node.tag_name().name()
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && local(*c) == name)
}

fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && local(*c) == name)
}

fn descendants<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.descendants()
        .filter(move |c| c.is_element() && local(*c) == name)
}

fn descendant<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants()
        .find(|c| c.is_element() && local(*c) == name)
}

/// The element at the end of a path of local names below `node`.
fn path<'a, 'i>(node: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().try_fold(node, |n, name| child(n, name))
}

/// All the text below `node`, spaces collapsed; `None` when there is none.
fn text(node: Node) -> Option<String> {
    text_without(node, &[])
}

/// The text below `node` except under elements named in `skip`.
fn text_without(node: Node, skip: &[&str]) -> Option<String> {
    let mut raw = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            raw.push_str(n.text().unwrap_or(""));
            continue;
        }
        if n != node && n.is_element() && skip.contains(&local(n)) {
            continue;
        }
        if n.is_element() && BREAKS.contains(&local(n)) {
            raw.push(' ');
        }
        for c in n.children().collect::<Vec<_>>().into_iter().rev() {
            stack.push(c);
        }
    }
    let clean = clean(&raw);
    (!clean.is_empty()).then_some(clean)
}

/// Elements whose edges separate words even inside a line of text.
const BREAKS: &[&str] = &[
    "br", "td", "th", "li", "p", "city", "state", "country", "person", "byttl",
];

fn clean(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr(node: Node, name: &str) -> Option<String> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| clean(a.value()))
        .filter(|v| !v.is_empty())
}

/// `xml:lang` as a language code.
fn xml_lang(node: Node) -> Option<String> {
    node.attribute((roxmltree::NS_XML_URI, "lang"))
        .and_then(crate::lang::primary_subtag)
}

/// Paragraph-level elements of the agency formats and XHTML.
const PARAGRAPHS: &[&str] = &[
    "p",
    "hl2",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "tr",
];

/// What is not the story's text: pictures and their captions, page headers, scripts.
const NOT_BODY: &[&str] = &[
    "media",
    "media-caption",
    "media-reference",
    "figure",
    "figcaption",
    "header",
    "script",
    "style",
    "head",
    "nav",
    "footer",
];

/// The paragraphs below `node`: one per paragraph element; text outside any, a paragraph per
/// run of lines; pictures and headers left out.
fn paragraphs(node: Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut loose = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            loose.push_str(n.text().unwrap_or(""));
            continue;
        }
        if !n.is_element() {
            continue;
        }
        let name = local(n);
        if n != node && NOT_BODY.contains(&name) {
            continue;
        }
        if n != node && PARAGRAPHS.contains(&name) {
            out.extend(split_paragraphs(&std::mem::take(&mut loose)));
            out.extend(text_without(n, NOT_BODY));
            continue;
        }
        for c in n.children().collect::<Vec<_>>().into_iter().rev() {
            stack.push(c);
        }
    }
    out.extend(split_paragraphs(&loose));
    out
}

/// A date as the formats write it: ISO 8601 in full or compact ("20140829T134951+0000"), or
/// RFC 2822 in feeds.
fn date_of(value: &str) -> Option<time::Date> {
    let value = value.trim();
    let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        let (y, md) = digits.split_at(4);
        let (m, d) = md.split_at(2);
        return make_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    parse_date(value)
}

/// Names from a byline's text: "By Jane Doe and John Roe" as two people; a credit that is not
/// a list of names kept whole.
fn byline_of(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches(['.', ',']);
    if text.is_empty() {
        return Vec::new();
    }
    parse_byline(text, true).unwrap_or_else(|| vec![text.to_string()])
}

/// The byline given, or else one the body opens with ("By Toby Davis" as its first
/// paragraph), taken out of the body.
fn byline_or_opening(byline: Vec<String>, body: &mut Vec<String>) -> Vec<String> {
    if !byline.is_empty() {
        return byline;
    }
    let opening = body
        .first()
        .filter(|p| p.len() < 100 && crate::extract::byline::opener_of(p).is_some());
    match opening.and_then(|p| parse_byline(p, false)) {
        Some(names) => {
            body.remove(0);
            names
        }
        None => byline,
    }
}

/// Text that a feed or agency escaped as markup ("&lt;b&gt;Title&lt;/b&gt;") as plain text.
fn unmarked(text: String) -> String {
    if text.contains('<') {
        html::fragment_paragraphs(&text).join(" ")
    } else {
        text
    }
}

fn first_text<'a, 'i: 'a>(mut nodes: impl Iterator<Item = Node<'a, 'i>>) -> Option<String> {
    nodes.find_map(text)
}

// ---- NITF ----

/// A NITF document: one article.
fn nitf(root: Node) -> Option<Article> {
    let head = child(root, "head");
    let body = child(root, "body");
    let body_head = body.and_then(|b| child(b, "body.head"));
    let hedline = body_head.and_then(|h| child(h, "hedline"));
    let docdata = head.and_then(|h| child(h, "docdata"));
    let title = hedline
        .and_then(|h| first_text(children(h, "hl1")))
        .or_else(|| head.and_then(|h| child(h, "title")).and_then(text));
    let standfirst = hedline
        .and_then(|h| first_text(children(h, "hl2")))
        .or_else(|| body_head.and_then(|h| child(h, "abstract")).and_then(text))
        .filter(|s| Some(s) != title.as_ref());
    let byline = body_head
        .into_iter()
        .flat_map(|h| children(h, "byline"))
        .filter_map(|b| text_without(b, &["byttl"]))
        .flat_map(|b| byline_of(&b))
        .collect();
    let date = docdata
        .and_then(|d| {
            ["date.issue", "date.release"]
                .iter()
                .filter_map(|name| child(d, name))
                .find_map(|n| attr(n, "norm"))
        })
        .or_else(|| {
            head.and_then(|h| child(h, "pubdata"))
                .and_then(|p| attr(p, "date.publication"))
        })
        .or_else(|| {
            body_head
                .and_then(|h| descendant(h, "story.date"))
                .and_then(|d| attr(d, "norm").or_else(|| text(d)))
        })
        .and_then(|d| date_of(&d));
    let source = docdata
        .and_then(|d| child(d, "doc.copyright"))
        .and_then(|c| attr(c, "holder"))
        .or_else(|| {
            body_head
                .and_then(|h| child(h, "distributor"))
                .and_then(text)
        })
        .or_else(|| {
            head.and_then(|h| child(h, "pubdata"))
                .and_then(|p| attr(p, "name"))
        });
    let lang = xml_lang(root)
        .or_else(|| attr(root, "baselang").and_then(|l| crate::lang::primary_subtag(&l)))
        .or_else(|| body.and_then(xml_lang))
        .or_else(|| {
            head.into_iter()
                .flat_map(|h| children(h, "meta"))
                .find(|m| attr(*m, "name").is_some_and(|n| n.eq_ignore_ascii_case("language")))
                .and_then(|m| attr(m, "content"))
                .and_then(|l| crate::lang::primary_subtag(&l))
        });
    let keywords = docdata
        .into_iter()
        .flat_map(|d| descendants(d, "keyword"))
        .filter_map(|k| attr(k, "key"))
        .collect();
    let mut body_paragraphs = body
        .and_then(|b| child(b, "body.content"))
        .map(paragraphs)
        .unwrap_or_default();
    let byline = byline_or_opening(byline, &mut body_paragraphs);
    Some(Article {
        title,
        standfirst,
        byline,
        date,
        body: body_paragraphs,
        source,
        lang,
        keywords,
        ..Article::default()
    })
}

// ---- NewsML-G2 ----

/// A NewsML-G2 `newsItem`: an article when it carries text (pictures and videos have none).
fn newsml_g2(item: Node) -> Option<Article> {
    let meta = child(item, "contentMeta");
    let item_meta = child(item, "itemMeta");
    let content = path(item, &["contentSet"]).and_then(|set| {
        set.children()
            .filter(|c| c.is_element() && matches!(local(*c), "inlineXML" | "inlineData"))
            .find(|c| {
                attr(*c, "contenttype")
                    .is_none_or(|t| t.contains("xml") || t.contains("html") || t.contains("text"))
            })
    });
    // The inline body: NITF, XHTML or plain text.
    let inline_nitf = content.and_then(|c| descendant(c, "nitf"));
    let from_nitf = inline_nitf.and_then(nitf);
    let mut body = match (&from_nitf, content) {
        (Some(a), _) => a.body.clone(),
        (None, Some(c)) if local(c) == "inlineData" => {
            c.text().map(split_paragraphs).unwrap_or_default()
        }
        (None, Some(c)) => descendant(c, "body").map_or_else(|| paragraphs(c), paragraphs),
        (None, None) => Vec::new(),
    };
    let inline_title = content.and_then(|c| {
        descendant(c, "h1")
            .and_then(text)
            .or_else(|| descendant(c, "title").and_then(text))
    });
    let title = meta
        .and_then(|m| first_text(children(m, "headline")))
        .or_else(|| from_nitf.as_ref().and_then(|a| a.title.clone()))
        .or(inline_title);
    let standfirst = meta
        .and_then(|m| {
            let descriptions: Vec<Node> = children(m, "description").collect();
            descriptions
                .iter()
                .find(|d| {
                    attr(**d, "role").is_some_and(|r| {
                        r.contains("summary") || r.contains("abstract") || r.contains("teaser")
                    })
                })
                .or(descriptions.first())
                .and_then(|d| text(*d))
                .or_else(|| first_text(children(m, "subheadline")))
        })
        .map(unmarked)
        .or_else(|| from_nitf.as_ref().and_then(|a| a.standfirst.clone()))
        .filter(|s| Some(s) != title.as_ref());
    let by: Vec<String> = meta
        .into_iter()
        .flat_map(|m| children(m, "by"))
        .filter_map(text)
        .flat_map(|b| byline_of(&b))
        .collect();
    let byline = if by.is_empty() {
        let nitf_byline = from_nitf
            .as_ref()
            .map(|a| a.byline.clone())
            .unwrap_or_default();
        byline_or_opening(nitf_byline, &mut body)
    } else {
        by
    };
    let date = meta
        .and_then(|m| child(m, "contentCreated"))
        .or_else(|| item_meta.and_then(|m| child(m, "firstCreated")))
        .or_else(|| item_meta.and_then(|m| child(m, "versionCreated")))
        .and_then(text)
        .and_then(|d| date_of(&d))
        .or_else(|| from_nitf.as_ref().and_then(|a| a.date));
    let source = item_meta
        .and_then(|m| child(m, "provider"))
        .and_then(|p| {
            child(p, "name")
                .and_then(text)
                .or_else(|| attr(p, "literal"))
                .or_else(|| attr(p, "qcode").map(|q| qcode_value(&q)))
        })
        .or_else(|| {
            path(item, &["rightsInfo", "copyrightHolder"]).and_then(|c| {
                child(c, "name")
                    .and_then(text)
                    .or_else(|| attr(c, "literal"))
            })
        })
        .or_else(|| meta.and_then(|m| child(m, "creditline")).and_then(text));
    let url = item_meta
        .into_iter()
        .flat_map(|m| children(m, "link"))
        .find(|l| attr(*l, "rel").is_some_and(|r| r.ends_with("canonical")))
        .and_then(|l| attr(l, "href"))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let lang = meta
        .and_then(|m| child(m, "language"))
        .and_then(|l| attr(l, "tag"))
        .and_then(|l| crate::lang::primary_subtag(&l))
        .or_else(|| xml_lang(item));
    let keywords = meta
        .into_iter()
        .flat_map(|m| children(m, "keyword"))
        .filter_map(text)
        .collect();
    // A picture or video item: no text to index, whatever its caption metadata.
    if body.is_empty() && content.is_none() {
        return None;
    }
    Some(Article {
        title,
        standfirst,
        byline,
        date,
        body,
        source,
        url,
        lang,
        keywords,
        ..Article::default()
    })
}

/// "nprov:dpa" as "dpa".
fn qcode_value(qcode: &str) -> String {
    qcode.rsplit(':').next().unwrap_or(qcode).to_string()
}

// ---- NewsML 1.x ----

/// A NewsML 1.x `NewsItem`: its first text `ContentItem`, with the lines and metadata of the
/// components around it.
fn newsml_1(item: Node) -> Option<Article> {
    let lines = descendant(item, "NewsLines");
    let line = |name: &str| lines.and_then(|l| first_text(children(l, name)));
    let content = descendants(item, "ContentItem")
        .find(|c| {
            child(*c, "MediaType")
                .and_then(|m| attr(m, "FormalName"))
                .is_none_or(|m| m.eq_ignore_ascii_case("text"))
        })
        .and_then(|c| child(c, "DataContent"));
    content?;
    let inline_nitf = content.and_then(|c| descendant(c, "nitf")).and_then(nitf);
    let body = match &inline_nitf {
        Some(a) => a.body.clone(),
        None => content.map(paragraphs).unwrap_or_default(),
    };
    let title = line("HeadLine").or_else(|| inline_nitf.as_ref().and_then(|a| a.title.clone()));
    let standfirst = line("SubHeadLine").filter(|s| Some(s) != title.as_ref());
    let byline = line("ByLine").map(|b| byline_of(&b)).unwrap_or_default();
    let management = descendant(item, "NewsManagement");
    let date = management
        .and_then(|m| child(m, "FirstCreated").or_else(|| child(m, "ThisRevisionCreated")))
        .and_then(text)
        .or_else(|| descendant(item, "DateLineDate").and_then(text))
        .or_else(|| descendant(item, "DateId").and_then(text))
        .and_then(|d| date_of(&d));
    let party = |role: &str| {
        descendant(item, role)
            .and_then(|p| child(p, "Party"))
            .and_then(|p| attr(p, "FormalName"))
    };
    let source = party("Provider")
        .or_else(|| party("Source"))
        .or_else(|| descendant(item, "ProviderId").and_then(text));
    let lang = descendant(item, "Language")
        .and_then(|l| attr(l, "FormalName"))
        .and_then(|l| crate::lang::primary_subtag(&l))
        .or_else(|| xml_lang(item));
    let keywords = descendants(item, "Property")
        .filter(|p| attr(*p, "FormalName").is_some_and(|n| n == "Keyword"))
        .filter_map(|p| attr(p, "Value"))
        .collect();
    Some(Article {
        title,
        standfirst,
        byline,
        date,
        body,
        source,
        lang,
        keywords,
        ..Article::default()
    })
}

// ---- Feeds ----

/// RSS 2.0 (`rss/channel/item`) and RSS 1.0 (`rdf:RDF/item`, beside the channel).
fn rss(root: Node) -> Vec<Article> {
    let channel = child(root, "channel");
    let source = channel
        .and_then(|c| child(c, "title"))
        .and_then(text)
        .map(unmarked);
    let lang = channel
        .and_then(|c| child(c, "language"))
        .and_then(text)
        .and_then(|l| crate::lang::primary_subtag(&l));
    let items = channel
        .into_iter()
        .flat_map(|c| children(c, "item"))
        .chain(children(root, "item"));
    items
        .map(|item| {
            let content = child(item, "encoded").and_then(|c| c.text().map(str::to_string));
            let description = child(item, "description").and_then(|d| d.text().map(str::to_string));
            let (standfirst, body) = feed_text(description, content);
            Article {
                title: child(item, "title").and_then(text).map(unmarked),
                standfirst,
                byline: children(item, "creator")
                    .chain(children(item, "author"))
                    .filter_map(text)
                    .flat_map(|b| byline_of(without_email(&b)))
                    .collect(),
                date: ["pubDate", "date", "published", "updated"]
                    .iter()
                    .find_map(|name| child(item, name).and_then(text))
                    .and_then(|d| date_of(&d)),
                body,
                source: source.clone(),
                url: child(item, "link")
                    .and_then(text)
                    .or_else(|| attr(item, "about")),
                lang: child(item, "language")
                    .and_then(text)
                    .and_then(|l| crate::lang::primary_subtag(&l))
                    .or_else(|| lang.clone()),
                keywords: children(item, "category")
                    .chain(children(item, "subject"))
                    .filter_map(text)
                    .collect(),
                ..Article::default()
            }
        })
        .collect()
}

/// Atom: `feed/entry`.
fn atom(feed: Node) -> Vec<Article> {
    let source = child(feed, "title").and_then(text).map(unmarked);
    let lang = xml_lang(feed);
    children(feed, "entry")
        .map(|entry| {
            let content = child(entry, "content").map(atom_text);
            let summary = child(entry, "summary").map(atom_text);
            let (standfirst, body) = feed_text(summary, content);
            let link = children(entry, "link")
                .find(|l| attr(*l, "rel").is_none_or(|r| r == "alternate"))
                .and_then(|l| attr(l, "href"));
            Article {
                title: child(entry, "title").map(atom_text).map(unmarked),
                standfirst,
                byline: children(entry, "author")
                    .filter_map(|a| child(a, "name").and_then(text))
                    .flat_map(|b| byline_of(&b))
                    .collect(),
                date: ["published", "updated"]
                    .iter()
                    .find_map(|name| child(entry, name).and_then(text))
                    .and_then(|d| date_of(&d)),
                body,
                source: source.clone(),
                url: link,
                lang: xml_lang(entry).or_else(|| lang.clone()),
                keywords: children(entry, "category")
                    .filter_map(|c| attr(c, "label").or_else(|| attr(c, "term")))
                    .collect(),
                ..Article::default()
            }
        })
        .collect()
}

/// An Atom text construct as markup or text: `type="xhtml"` holds elements, the others text
/// (escaped HTML for `type="html"`).
fn atom_text(node: Node) -> String {
    if attr(node, "type").is_some_and(|t| t == "xhtml") {
        let mut out = Vec::new();
        for p in paragraphs(node) {
            out.push(format!("<p>{}</p>", escape(&p)));
        }
        return out.join("");
    }
    node.text().unwrap_or("").to_string()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A feed item's standfirst and body from its description (or summary) and its full content:
/// with full content, the description is the standfirst when short; without, the description
/// is the body.
fn feed_text(
    description: Option<String>,
    content: Option<String>,
) -> (Option<String>, Vec<String>) {
    let description = description
        .map(|d| html::fragment_paragraphs(&d))
        .filter(|d| !d.is_empty());
    let content = content
        .map(|c| html::fragment_paragraphs(&c))
        .filter(|c| !c.is_empty());
    match (description, content) {
        (Some(d), Some(c)) => {
            let standfirst = d.join(" ");
            let repeats = c
                .first()
                .is_some_and(|first| first.starts_with(&standfirst));
            let short = standfirst.split_whitespace().count() <= 60;
            ((short && !repeats).then_some(standfirst), c)
        }
        (Some(d), None) => (None, d),
        (None, Some(c)) => (None, c),
        (None, None) => (None, Vec::new()),
    }
}

/// "jane@example.com (Jane Doe)", RSS's author form, as the name.
fn without_email(author: &str) -> &str {
    match (author.find('('), author.rfind(')')) {
        (Some(open), Some(close)) if author[..open].contains('@') && close > open => {
            &author[open + 1..close]
        }
        _ => author,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_name_the_format() {
        assert_eq!(
            sniff("<?xml version='1.0'?>\n<!-- x -->\n<nitf>"),
            Some(Format::Nitf)
        );
        assert_eq!(sniff("<newsMessage xmlns='x'>"), Some(Format::NewsMl));
        assert_eq!(sniff("<rdf:RDF>"), Some(Format::Feed));
        assert_eq!(sniff("<svg>"), None);
    }

    #[test]
    fn nitf_fields() {
        let doc = r#"<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
<nitf><head><title>Head title</title>
<docdata><date.issue norm="20131020T192751+1100"/><doc.copyright holder="AAP"/>
<key-list><keyword key="fires"/></key-list></docdata></head>
<body><body.head><hedline><hl1>Fires jump&nbsp;the road</hl1><hl2>Crews on alert</hl2></hedline>
<byline>By Jane Doe, <byttl>Staff Writer</byttl></byline></body.head>
<body.content><media><media-caption><p>A photo</p></media-caption></media>
<p>First &mdash; paragraph.</p><p>Second<br/>line.</p></body.content></body></nitf>"#;
        let found = articles(doc).unwrap();
        assert_eq!(found.format, Format::Nitf);
        let a = &found.articles[0].1;
        assert_eq!(a.title.as_deref(), Some("Fires jump the road"));
        assert_eq!(a.standfirst.as_deref(), Some("Crews on alert"));
        assert_eq!(a.byline, vec!["Jane Doe"]);
        assert_eq!(a.date, make_date(2013, 10, 20));
        assert_eq!(a.body, vec!["First \u{2014} paragraph.", "Second line."]);
        assert_eq!(a.source.as_deref(), Some("AAP"));
        assert_eq!(a.keywords, vec!["fires"]);
    }

    #[test]
    fn entity_bombs_and_bad_xml_are_refused() {
        let mut bomb = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY l0 \"haha\">");
        for i in 1..10 {
            bomb.push_str(&format!(
                "<!ENTITY l{i} \"{}\">",
                format!("&l{};", i - 1).repeat(10)
            ));
        }
        bomb.push_str("]><nitf><body><body.content><p>&l9;</p></body.content></body></nitf>");
        assert!(matches!(articles(&bomb), Err(XmlError::Invalid(_))));
        assert!(matches!(articles("<nitf><p>"), Err(XmlError::Invalid(_))));
        assert_eq!(
            articles("<svg></svg>").unwrap_err(),
            XmlError::NotNews("svg".into())
        );
    }

    #[test]
    fn feeds_one_article_per_item() {
        let rss = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Paper</title><language>en-gb</language>
<item><title>&lt;b&gt;Bold&lt;/b&gt; move</title><link>https://x.example/a</link>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Full <script>window.pwned=1</script>text.</p><p>More.</p>]]></content:encoded>
<pubDate>Tue, 19 Nov 2019 10:31:00 GMT</pubDate><dc:creator>Jane Doe</dc:creator></item>
<item><title>Second</title><description>Only a description.</description></item>
</channel></rss>"#;
        let found = articles(rss).unwrap();
        assert_eq!(found.format, Format::Feed);
        assert_eq!(found.articles.len(), 2);
        let a = &found.articles[0].1;
        assert_eq!(a.title.as_deref(), Some("Bold move"));
        assert_eq!(a.standfirst.as_deref(), Some("Short summary."));
        assert_eq!(a.body, vec!["Full text.", "More."]);
        assert_eq!(a.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(a.date, make_date(2019, 11, 19));
        assert_eq!(a.byline, vec!["Jane Doe"]);
        assert_eq!(a.source.as_deref(), Some("The Paper"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(found.articles[1].1.body, vec!["Only a description."]);

        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
<entry><title type="html">A &lt;i&gt;post&lt;/i&gt;</title>
<link rel="alternate" href="https://b.example/p"/><updated>2020-02-03T00:00:00Z</updated>
<author><name>John Roe</name></author><content type="html">&lt;p&gt;Body.&lt;/p&gt;</content></entry></feed>"#;
        let a = &articles(atom).unwrap().articles[0].1;
        assert_eq!(a.title.as_deref(), Some("A post"));
        assert_eq!(a.body, vec!["Body."]);
        assert_eq!(a.url.as_deref(), Some("https://b.example/p"));
        assert_eq!(a.date, make_date(2020, 2, 3));
    }
}
