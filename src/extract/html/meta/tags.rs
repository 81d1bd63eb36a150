//! `<meta>` tags: Open Graph, Dublin Core, Twitter cards, `article:*`, `parsely-*`, and the
//! page's `lang`.

use trafilatura::dom::Document;

use super::{clean_text, push, PageMeta};

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

pub(super) fn meta_tags(doc: &Document, meta: &mut PageMeta) {
    let root = doc.root();
    let mut found: Vec<(usize, Field, String)> = Vec::new();
    for tag in super::select(doc, "meta") {
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
    for tag in super::select(doc, "link[rel=canonical]") {
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
