//! What the page shows: the `<h1>`, byline and dek elements, links to author pages, lines opening
//! with "By", date elements, and a date in the text after the headline.

use time::Date;
use trafilatura::dom::{Document, NodeId};

use super::{clean_text, push, select, PageMeta};
use crate::extract::date::find_date;

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

pub(super) fn visible(doc: &Document, meta: &mut PageMeta) {
    if let Some(title) = doc.query_selector(doc.root(), "title") {
        let text = clean_text(&doc.text_content(title));
        if !text.is_empty() {
            meta.title_element = Some(text);
        }
    }
    for (tag, into) in [("h1", &mut meta.h1s), ("h2", &mut meta.h2s)] {
        for heading in select(doc, tag).into_iter().take(8) {
            push(into, &doc.text_content(heading));
            for part in doc.children(heading) {
                push(&mut meta.heading_parts, &doc.text_content(part));
            }
        }
    }
    for selector in BYLINE_SELECTORS {
        for node in select(doc, selector).into_iter().take(4) {
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
        for node in select(doc, selector) {
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
        for node in select(doc, selector).into_iter().take(2) {
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
    for node in select(doc, "[itemprop=datePublished], time[pubdate]") {
        push(&mut meta.dates, &date_value(doc, node));
    }
    for node in select(doc, DATE_SELECTORS).into_iter().take(40) {
        if !is_inside(doc, node, &["nav", "footer", "aside"]) {
            push(&mut meta.shown_dates, &date_value(doc, node));
        }
    }
    if meta.marked_date().is_none() {
        meta.text_date = text_date(doc, meta.h1s.first().map(String::as_str));
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

/// Short elements whose text opens with "By" or its equivalents ("Von", "Par", "Autor:").
fn introduced_bylines(doc: &Document, meta: &mut PageMeta) {
    let candidates = select(
        doc,
        "p, span, div, i, em, b, strong, small, address, li, h4, h5, h6, td, font",
    );
    for node in candidates.into_iter().take(5000) {
        let own = doc.text(node);
        let own = own.trim();
        if own.is_empty() || own.len() > 120 || crate::extract::byline::opener_of(own).is_none() {
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
