//! Choosing the headline: what the page shows in its `<h1>` when metadata agrees, else the
//! metadata's headline, else `<title>`; and never the " | Site name" that `<title>` carries.

use super::meta::PageMeta;
use super::{same_text, text_key};

/// What sites put between a headline and their own name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " : ",
];

/// The headline, or `None` for a page with none. Soft hyphens (invisible break hints) go.
pub fn choose(meta: &PageMeta) -> Option<String> {
    choose_raw(meta).map(|t| t.replace('\u{ad}', ""))
}

fn choose_raw(meta: &PageMeta) -> Option<String> {
    let sites: Vec<String> = meta.sites.iter().map(|s| text_key(s)).collect();
    let declared: Vec<String> = meta
        .titles
        .iter()
        .chain(&meta.title_element)
        .map(|t| text_key(t))
        .collect();
    // A heading the page shows that the declared titles contain is the headline as the reader
    // saw it, without the site's name or the section's kicker ("Klimaschutz: ...").
    let headings = meta.h1s.iter().chain(&meta.h2s).map(|h| (h, 2));
    // A heading's part must cover more of the title: a kicker is shorter than its headline.
    let parts = meta.heading_parts.iter().map(|h| (h, 3));
    for (heading, fifths) in headings.chain(parts) {
        let key = text_key(heading);
        let substantial = heading.split_whitespace().count() >= 2 || key.chars().count() >= 8;
        // A heading that is a small part of the title is the blog's or section's name.
        let names_most_of = |d: &String| d.contains(&key) && key.len() * 5 >= d.len() * fifths;
        if substantial && !sites.contains(&key) && declared.iter().any(names_most_of) {
            return Some(heading.clone());
        }
    }
    // A declared title that is only the site's name says nothing of the article.
    let informative = |t: &&String| !sites.contains(&text_key(t));
    let from_meta = meta.titles.iter().find(informative);
    if let Some(declared) = from_meta {
        return Some(without_site(declared, &sites, None).unwrap_or_else(|| declared.clone()));
    }
    let Some(declared) = meta.title_element.as_ref().filter(|t| informative(t)) else {
        return meta.h1s.first().cloned();
    };
    Some(without_site(declared, &sites, None).unwrap_or_else(|| first_part(declared)))
}

/// The first part of a `<title>` with separators ("Faire Lieferketten - Jugendwerk"), where
/// sites put the page's own name before the site's.
fn first_part(title: &str) -> String {
    SEPARATORS
        .iter()
        .filter_map(|s| title.split_once(s))
        .map(|(first, _)| first)
        .min_by_key(|first| first.len())
        .filter(|first| first.split_whitespace().count() >= 2)
        .unwrap_or(title)
        .trim()
        .to_string()
}

/// `title` without a part naming the site (or, given `h1`, without everything but the part the
/// h1 shows); `None` when no part can be recognised as the site's name.
fn without_site(title: &str, sites: &[String], h1: Option<&str>) -> Option<String> {
    for separator in SEPARATORS {
        let parts: Vec<&str> = title.split(separator).collect();
        if parts.len() < 2 {
            continue;
        }
        if let Some(h1) = h1 {
            if let Some(part) = parts.iter().find(|p| same_text(p, h1)) {
                return Some((*part).to_string());
            }
        }
        let first = parts[0];
        let last = parts[parts.len() - 1];
        let names_site = |part: &str| {
            let key = text_key(part);
            !key.is_empty()
                && sites
                    .iter()
                    .any(|s| *s == key || (s.len() > 3 && key.contains(s.as_str())))
        };
        if names_site(last) {
            return Some(parts[..parts.len() - 1].join(separator));
        }
        if names_site(first) {
            return Some(parts[1..].join(separator));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(
        titles: &[&str],
        title_element: Option<&str>,
        h1s: &[&str],
        sites: &[&str],
    ) -> PageMeta {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        PageMeta {
            titles: own(titles),
            title_element: title_element.map(String::from),
            h1s: own(h1s),
            sites: own(sites),
            ..PageMeta::default()
        }
    }

    #[test]
    fn site_names_are_cut() {
        let m = meta(
            &[],
            Some("Storm closes harbour | The Gazette"),
            &[],
            &["The Gazette"],
        );
        assert_eq!(choose(&m).as_deref(), Some("Storm closes harbour"));
        let m = meta(&["Gazette - Storm closes harbour"], None, &[], &["Gazette"]);
        assert_eq!(choose(&m).as_deref(), Some("Storm closes harbour"));
    }

    #[test]
    fn the_h1_shows_which_part_is_the_headline() {
        let m = meta(
            &[],
            Some("Storm closes harbour - Local news"),
            &["Menu", "Storm closes harbour"],
            &[],
        );
        assert_eq!(choose(&m).as_deref(), Some("Storm closes harbour"));
        let m = meta(&[], None, &["Storm closes harbour"], &[]);
        assert_eq!(choose(&m).as_deref(), Some("Storm closes harbour"));
    }

    #[test]
    fn a_title_with_a_dash_of_its_own_is_kept() {
        let m = meta(&["Brexit - what happens next"], None, &[], &["The Gazette"]);
        assert_eq!(choose(&m).as_deref(), Some("Brexit - what happens next"));
    }
}
