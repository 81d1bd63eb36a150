//! Saved web pages: cutting the article out of an HTML page and filling every field.
//!
//! The body comes from the `trafilatura` crate (a Rust port of go-trafilatura, itself a port
//! of trafilatura, the best-measured open extractor); see BENCHMARKS.md for why this crate
//! over `rs-trafilatura`. Around it morgue adds what extractors lack: metadata read with an
//! order of trust per field ([`meta`]), headlines without the site's name, bylines as clean
//! lists of people, the standfirst split from the first paragraph, and (in `ingest`) archive
//! boilerplate learnt across a site's pages. [`prepass`] bounds the cost of any page.

pub mod meta;
pub mod prepass;
mod title;

use time::Date;
use trafilatura::dom::{Document, NodeId};

use crate::article::Article;
use crate::extract::byline::{self, parse_byline};
use crate::extract::date::parse_date;
use crate::extract::lexicon;
use meta::PageMeta;

/// The article on a page, with notes worth telling the user ("only the first 1 MB read").
#[derive(Debug, Default)]
pub struct Extracted {
    pub article: Article,
    pub notes: Vec<String>,
}

/// Extract the article from a page's markup (already decoded to text).
pub fn extract(page: &str) -> Extracted {
    let slim = prepass::slim(page);
    let mut notes = Vec::new();
    if slim.truncated {
        notes.push(format!(
            "page over {} MB of markup once scripts and styles are gone: only the first {} MB read",
            prepass::MAX_PARSE_BYTES / 1_000_000,
            prepass::MAX_PARSE_BYTES / 1_000_000
        ));
    }
    if slim.flattened {
        notes.push(format!(
            "page of more than {} elements: the rest read as text",
            prepass::MAX_ELEMENTS
        ));
    }
    let doc = Document::parse(&slim.html);
    let mut meta = meta::read(&doc);
    // The extractor reads the page's metadata and detects its language too: morgue reads the
    // metadata its own way (`meta`), and needs the detected language only when the markup
    // declares none. Skipping both was 8.6% of the CPU of indexing the 20k scale archive
    // (perf), with the same articles (vendor/trafilatura/MORGUE-PATCH.md).
    let mut options = extractor_options();
    options.skip_metadata = true;
    options.skip_language = language(&meta, None).is_some();
    // The content as the extractor's tree, read as it stands: serialized to HTML and parsed
    // again, it gave the same paragraphs, and serializing alone was 2.9% of indexing's
    // instructions.
    let content = trafilatura::extract_document_tree(doc, &options).ok();
    let (mut body, detected_lang) = match &content {
        Some((result, tree)) => (
            paragraphs_in(tree, tree.body().unwrap_or_else(|| tree.root())),
            Some(result.metadata.language.clone()),
        ),
        None => (Vec::new(), None),
    };
    // Prompts and credits the extractor let through ("Read more", "Lea también: ...",
    // "© 2020 ..."): short paragraphs holding the plain-text segmenter's furniture phrases.
    body.retain(|p| {
        let (words, promotional) = lexicon::promotion(p);
        let prompt = words <= MAX_PROMPT_WORDS && promotional;
        let credit = words <= MAX_CREDIT_WORDS && is_credit(p);
        !(prompt || credit)
    });
    drop_link_list_tail(&mut body);
    drop_slideshow(&mut body);
    let title = title::choose(&meta);
    if let Some(t) = &title {
        // The headline repeated as the first paragraph is not body text.
        if body.first().is_some_and(|p| same_text(p, t)) {
            body.remove(0);
        }
    }
    let standfirst = standfirst(&meta, &mut body);
    // A dateline kept as a paragraph ("Oberau, 14.05.2023") is metadata, not body text.
    if body.len() > 2 {
        if let Some(position) = body.iter().take(2).position(|p| is_date_line(p)) {
            let line = body.remove(position);
            meta.shown_dates.push(line);
        }
    }
    // A byline the extractor kept as a paragraph ("von Daniela Obers") is the byline, not body.
    if let Some(position) = body
        .iter()
        .take(3)
        .position(|p| p.split_whitespace().count() <= 12 && parse_byline(p, false).is_some())
    {
        let line = body.remove(position);
        meta.shown_bylines.insert(0, line);
    }
    let url = meta.urls.iter().find(|u| u.starts_with("http")).cloned();
    let byline = byline(&meta);
    // A name standing alone as a paragraph is the byline again ("Patrick Shanley").
    body.retain(|p| !byline.iter().any(|name| same_text(p, name)));
    let article = Article {
        title,
        standfirst,
        byline,
        date: date(&meta, &body),
        body,
        source: meta
            .sites
            .first()
            .cloned()
            .or_else(|| url.as_deref().and_then(host_name)),
        lang: language(&meta, detected_lang.as_deref()),
        url,
        ..Article::default()
    };
    Extracted { article, notes }
}

/// Credit lines name many people ("Reporting by A, B and C; editing by D"): they run longer.
const MAX_CREDIT_WORDS: usize = 40;

/// Paragraphs up to this long are dropped when they hold a furniture phrase; longer ones are
/// prose that happens to use one ("... said in a statement. Read more at ...").
const MAX_PROMPT_WORDS: usize = 20;

fn extractor_options() -> trafilatura::Options {
    let mut options = trafilatura::Options::default();
    // Comments under an article are readers' words, not the article's.
    options.exclude_comments = true;
    // Recall first: what the extractor lets through in this mode (link lists, prompts,
    // credits) morgue's own filters remove, and what it would otherwise lose is article text.
    // Measured: benchmark body F1 0.965 -> 0.969, trafilatura set 0.922 -> 0.919 (BENCHMARKS.md).
    options.focus = trafilatura::ExtractionFocus::FavorRecall;
    // When the extraction is short, also run the extractor's readability and jusText ports and
    // keep the better (trafilatura's own default). Measured: trafilatura set F1 0.919 -> 0.925,
    // readability set 0.958 -> 0.965, benchmark 0.970 unchanged, known-item on the trafilatura
    // pages 0.944 -> 0.965; the dev pages segment 15% slower (BENCHMARKS.md).
    options.enable_fallback = true;
    options
}

/// Block-level elements: each starts a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "dd",
    "dt",
    "figcaption",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "br",
    "hr",
];

/// Elements inside a paragraph whose edges still separate words (table cells).
const SPACED: &[&str] = &["td", "th", "img", "label", "button"];

/// A fragment of markup from a feed or an agency's file (`content:encoded`, ninjs `body_html`)
/// as paragraphs: one per block element, inline markup flattened, scripts and styles left out.
pub fn fragment_paragraphs(markup: &str) -> Vec<String> {
    paragraphs(markup)
}

/// Elements whose text is never the article's.
const UNREAD: &[&str] = &[
    "script", "style", "noscript", "template", "head", "iframe", "object",
];

/// Markup as paragraphs (see [`paragraphs_in`]).
fn paragraphs(markup: &str) -> Vec<String> {
    let doc = Document::parse(markup);
    paragraphs_in(&doc, doc.root())
}

/// A tree below `from` as paragraphs: one per block element, inline markup flattened. (The
/// extractor's plain-text output runs paragraphs together, so its cleaned tree is read here.)
fn paragraphs_in(doc: &Document, from: NodeId) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    // An explicit stack, not recursion: the tree's depth is the page's to choose.
    let mut stack: Vec<(NodeId, bool)> = vec![(from, false)];
    while let Some((node, leaving)) = stack.pop() {
        let tag = if doc.is_element(node) {
            doc.tag_name(node)
        } else {
            ""
        };
        if UNREAD.contains(&tag) {
            continue;
        }
        let is_block = BLOCKS.contains(&tag);
        if SPACED.contains(&tag) {
            current.push(' ');
        }
        if leaving {
            if is_block {
                flush(&mut current, &mut out);
            }
            continue;
        }
        if doc.is_text(node) {
            current.push_str(&doc.text_content(node));
            continue;
        }
        if is_block {
            flush(&mut current, &mut out);
        }
        stack.push((node, true));
        for child in doc.child_nodes(node).into_iter().rev() {
            stack.push((child, false));
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let text = meta::clean_text(current);
    current.clear();
    if !text.is_empty() {
        out.push(text);
    }
}

/// Letters and digits only, lower-cased: the text as compared, whatever its spacing and quotes.
fn text_key(s: &str) -> String {
    key_chars(s).collect()
}

/// The characters of [`text_key`], one at a time.
fn key_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// Equal once case, punctuation and spacing are set aside (and not empty). Compared a character
/// at a time, so that a paragraph is told from a name by its first letters: every paragraph is
/// compared with every name of the byline, and building both keys whole was 1.3% of indexing's
/// instructions.
fn same_text(a: &str, b: &str) -> bool {
    let mut a = key_chars(a).peekable();
    a.peek().is_some() && a.eq(key_chars(b))
}

/// Wire credits and cross-links that close or interrupt a story, in the usual wordings.
fn is_credit(paragraph: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "related:",
        "[related:",
        "related post",
        "also on ",
        "also:",
        "(reporting by",
        "reporting by",
        "filed under",
        "tempo de leitura",
        "popular on ",
        "follow ",
        "source:",
        "first published",
        "published:",
        "updated at ",
        "last updated",
    ];
    let lower = paragraph.trim_start().to_lowercase();
    OPENINGS.iter().any(|o| lower.starts_with(o))
        || lower.contains("contributed reporting")
        || (lower.contains("writers") && lower.trim_end().ends_with("contributed to this report."))
}

/// A run of at least three short paragraphs ending the body, most of them not sentences, is a
/// list of links to other stories, which extractors often keep.
fn drop_link_list_tail(body: &mut Vec<String>) {
    let short = |p: &String| p.split_whitespace().count() <= 20;
    let run = body.iter().rev().take_while(|p| short(p)).count();
    if run < 3 || run * 2 > body.len() {
        return;
    }
    let tail = &body[body.len() - run..];
    let unfinished = tail
        .iter()
        .filter(|p| !p.trim_end().ends_with(['.', '!', '?', '"', '”', ':']))
        .count();
    if unfinished * 3 >= run * 2 {
        body.truncate(body.len() - run);
    }
}

/// A slideshow the extractor kept ("1/50 Star Wars boosts economy", its caption, "2/50 ..."):
/// from the first numbered slide to the caption of the last, with the gallery's title lines.
/// Slides count up to one total, which tells them from fractions ("1/2 cup flour").
fn drop_slideshow(body: &mut Vec<String>) {
    use std::sync::LazyLock;
    static SLIDE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(\d{1,3})\s*(?:/|of)\s*(\d{1,3})\s").expect("valid pattern")
    });
    let numbered: Vec<(usize, u32, u32)> = body
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let caps = SLIDE.captures(p)?;
            Some((i, caps[1].parse().ok()?, caps[2].parse().ok()?))
        })
        .collect();
    let Some(&(first, number, total)) = numbered.first() else {
        return;
    };
    let slides: Vec<usize> = numbered
        .iter()
        .filter(|(_, _, t)| *t == total)
        .map(|(i, _, _)| *i)
        .collect();
    let counts_up = numbered
        .windows(2)
        .filter(|w| w[0].2 == total && w[1].2 == total)
        .all(|w| w[1].1 == w[0].1 + 1);
    if slides.len() < 3 || number > 2 || total < 3 || !counts_up {
        return;
    }
    let last = slides[slides.len() - 1];
    // The gallery's title lines: up to two short lines just before it that are not sentences.
    let mut start = first;
    while start > 0
        && first - start < 2
        && body[start - 1].split_whitespace().count() <= 5
        && !body[start - 1].trim_end().ends_with(['.', '!', '?'])
    {
        start -= 1;
    }
    let end = (last + 2).min(body.len());
    body.drain(start..end);
}

/// A short paragraph that is a date, perhaps with a place or "Updated": no sentence of its own.
fn is_date_line(paragraph: &str) -> bool {
    paragraph.split_whitespace().count() <= 6
        && parse_date(paragraph).is_some()
        && !paragraph.trim_end().ends_with(['.', '!', '?'])
}

/// The dek: a visible standfirst element, else the meta description. When the body opens with
/// it, it is moved out of the body rather than shown twice.
fn standfirst(meta: &PageMeta, body: &mut Vec<String>) -> Option<String> {
    let among_first =
        |body: &[String], text: &str| body.iter().take(3).position(|p| same_text(p, text));
    // An element marked as the dek is one, even where the extractor kept it in the body.
    if let Some(dek) = meta.deks.first() {
        if let Some(position) = among_first(body, dek) {
            body.remove(position);
        }
        return Some(dek.clone());
    }
    // A description that repeats one of the first paragraphs is the lede, not a dek: it stays
    // in the body, where the reader met it, and is not shown twice.
    let description = meta.descriptions.first()?;
    among_first(body, description)
        .is_none()
        .then(|| description.clone())
}

/// Person names from the most trusted author source that yields any: metadata, then what
/// the page shows. The outlet's own name (sites put it in `author`) is not a person.
fn byline(meta: &PageMeta) -> Vec<String> {
    let sites: Vec<String> = meta.sites.iter().map(|s| text_key(s)).collect();
    let from_metadata = meta
        .authors
        .iter()
        .chain(&meta.declared_authors)
        .map(|a| parse_byline(a, true).unwrap_or_else(|| loose_names(a)));
    // What the page shows must read as a byline: a menu link or a "by" clause in a sentence
    // must not become a name.
    let shown = meta
        .shown_bylines
        .iter()
        .map(|b| parse_byline(byline::without_opener(b), true).unwrap_or_default());
    let linked = meta
        .author_links
        .iter()
        .map(|a| parse_byline(a, true).unwrap_or_else(|| loose_names(a)));
    for names in from_metadata.chain(shown).chain(linked) {
        let mut seen = Vec::new();
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| {
                let key = text_key(n);
                let new = !key.is_empty() && !sites.contains(&key) && !seen.contains(&key);
                seen.push(key);
                new
            })
            .collect();
        if !names.is_empty() {
            return names;
        }
    }
    Vec::new()
}

/// Names from an author field that the byline grammar (made for English-like text lines) does
/// not read: any script, initials, handles. Split on the usual separators; parts with
/// digits, addresses or more than six words are not names.
fn loose_names(field: &str) -> Vec<String> {
    let text = byline::without_any_opener(field);
    let mut names = Vec::new();
    for part in text.split([',', ';', '&', '|', '/', '\n']) {
        for name in part
            .split(" and ")
            .flat_map(|p| p.split(" und "))
            .flat_map(|p| p.split(" et "))
        {
            let name = name
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let words = name.split_whitespace().count();
            let plausible = (1..=6).contains(&words)
                && !name.chars().any(|c| c.is_ascii_digit() || c == '@')
                && !name.contains("http")
                && !name.contains("www.");
            if plausible && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// What the markup gives ([`PageMeta::marked_date`]), then a date in the article's first
/// paragraphs, then the first date in the page's text after the headline.
fn date(meta: &PageMeta, body: &[String]) -> Option<Date> {
    meta.marked_date()
        .or_else(|| body.iter().take(3).find_map(|p| parse_date(p)))
        .or(meta.text_date)
}

/// The page's language code, from the markup, else detected from the text.
fn language(meta: &PageMeta, detected: Option<&str>) -> Option<String> {
    meta.langs
        .iter()
        .map(String::as_str)
        .chain(detected)
        .find_map(crate::lang::primary_subtag)
}

/// "www.example.co.uk" from "https://www.example.co.uk/news/1", without the "www.".
fn host_name(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn texts_are_the_same_when_their_keys_are(
            a in "[ aAbB1.,'’İé\u{301}-]{0,8}",
            b in "[ aAbB1.,'’İé\u{301}-]{0,8}",
        ) {
            let want = !text_key(&a).is_empty() && text_key(&a) == text_key(&b);
            proptest::prop_assert_eq!(same_text(&a, &b), want);
            proptest::prop_assert_eq!(same_text(&a, &a), !text_key(&a).is_empty());
        }
    }

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
        <title>Storm closes harbour | The Gazette</title>
        <meta property="og:site_name" content="The Gazette">
        <meta name="description" content="Ferries stayed in port as winds reached 90 mph.">
        <meta property="article:published_time" content="2024-02-11T08:00:00+00:00">
        <link rel="canonical" href="https://gazette.example/2024/02/11/storm">
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article><h1>Storm closes harbour</h1>
        <p class="byline">By Ann Lee and Tom Hart, Shipping Correspondent</p>
        <p>Ferries stayed in port on Sunday as winds reached 90 mph along the coast, and the
        harbour master closed the outer basin to all traffic until the storm passes.</p>
        <p>Crews spent the night checking moorings, and several small boats broke loose before
        dawn. Nobody was hurt, the coastguard said in a statement issued at noon.</p>
        <p>The forecast for Monday is calmer, with winds expected to drop below gale force by
        the afternoon, when the first sailings of the week are due to leave.</p>
        </article><footer>Copyright The Gazette. All rights reserved.</footer></body></html>"#;

    #[test]
    fn fills_every_field() {
        let a = extract(PAGE).article;
        assert_eq!(a.title.as_deref(), Some("Storm closes harbour"));
        assert_eq!(a.byline, vec!["Ann Lee", "Tom Hart"]);
        assert_eq!(
            a.date.map(crate::article::iso_date::format_date).as_deref(),
            Some("2024-02-11")
        );
        assert_eq!(a.source.as_deref(), Some("The Gazette"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://gazette.example/2024/02/11/storm")
        );
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(
            a.standfirst.as_deref(),
            Some("Ferries stayed in port as winds reached 90 mph.")
        );
        assert_eq!(a.body.len(), 3, "{:?}", a.body);
        assert!(a.body[0].starts_with("Ferries stayed in port on Sunday"));
        assert!(!a
            .body
            .iter()
            .any(|p| p.contains("Home") || p.contains("Copyright")));
    }

    #[test]
    fn slideshows_go_fractions_stay() {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut body = own(&[
            "Story text.",
            "In pictures",
            "1/3 First slide",
            "Caption one.",
            "2/3 Second slide",
            "Caption two.",
            "3/3 Third slide",
            "Caption three.",
        ]);
        drop_slideshow(&mut body);
        assert_eq!(body, own(&["Story text."]));
        let recipe = own(&[
            "1/2 cup flour",
            "3/4 cup sugar",
            "1/4 teaspoon salt",
            "Mix.",
        ]);
        let mut body = recipe.clone();
        drop_slideshow(&mut body);
        assert_eq!(body, recipe);
    }

    #[test]
    fn paragraphs_follow_blocks() {
        let p = paragraphs("<p>One <b>bold</b> line.</p><ul><li>a</li><li>b</li></ul>tail");
        assert_eq!(p, vec!["One bold line.", "a", "b", "tail"]);
        let p =
            paragraphs("<table><tr><td>1</td><td>Kyle Busch</td></tr><tr><th>2</th></tr></table>");
        assert_eq!(p, vec!["1 Kyle Busch", "2"]);
    }

    #[test]
    fn language_from_the_markup_else_from_the_text() {
        // The extractor detects the language only when the markup declares none.
        let page = "<!DOCTYPE html><html><head><title>Sturm schließt den Hafen</title></head>\
            <body><article><h1>Sturm schließt den Hafen</h1>\
            <p>Die Fähren sind am Sonntag im Hafen geblieben, weil der Wind an der Küste mit \
            hundert Kilometern in der Stunde wehte und der Hafenmeister das Becken schloss.</p>\
            <p>Die Mannschaften haben in der Nacht die Leinen geprüft, und sie sagen, dass die \
            Boote nicht mehr auf dem Wasser sind, weil der Sturm zu stark für die kleinen \
            Schiffe war und sich das Wetter erst am Abend beruhigen wird.</p>\
            </article></body></html>";
        let a = extract(page).article;
        assert!(a.body.iter().any(|p| p.starts_with("Die Mannschaften")));
        assert_eq!(a.lang.as_deref(), Some("de"), "{:?}", a.body);
        let declared = page.replace("<html>", "<html lang=\"fr-CA\">");
        assert_eq!(extract(&declared).article.lang.as_deref(), Some("fr"));
    }
}
