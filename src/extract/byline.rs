//! Recognising byline lines and pulling person names out of them.
//!
//! "By Sarah Needleman", "By Jane Doe and John Roe", "BY JANE DOE", "Von Max Muster",
//! "Laura Kuenssberg, Political editor", "Chris Davies - Nov 19, 2019, 10:31 pm CST".
//! The names come back without "By", roles, connectors or the outlet's name.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::date::find_date;
use super::lexicon::{DATELINE_WORDS, ROLE_WORDS};

/// Words that introduce a byline in the languages we read: the one list, for text lines
/// ("By Jane Doe", a lone "By" above the name) and for page elements alike.
pub const BY_WORDS: &[&str] = &[
    "by", "von", "par", "por", "door", "di", "av", "af", "autor", "autorin", "author", "auteur",
];

/// Labels and phrases that introduce a byline on web pages, beside [`BY_WORDS`]: "Autor:",
/// "Text von", "Written by", "Erstellt von".
const BY_PHRASES: &[&str] = &[
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

/// Whether `text` is a byline word alone ("By" on a line of its own, the name on the next).
pub fn is_lone_opener(text: &str) -> bool {
    BY_WORDS.contains(&text.trim().to_lowercase().as_str())
}

/// The opener `text` starts with, if any (case-blind, "Auteur :" read as "auteur:"). Labels and
/// phrases are tried first, so that "Autor:" is one opener, not "autor" and a colon.
pub fn opener_of(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase().replacen(" :", ":", 1);
    BY_PHRASES.iter().chain(BY_WORDS).copied().find(|o| {
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

/// Lower-case particles allowed inside a name ("Ursula von der Leyen", "Luiz Inácio da Silva").
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin", "al",
    "el", "ter", "ten", "dos", "das",
];

/// The names in `line` if it reads as a byline, else `None`.
///
/// With `explicit` false only lines that start with "By"/"Von"/... count; with it true (a line
/// that follows a lone "By") a bare name list is accepted too.
pub fn parse_byline(line: &str, explicit: bool) -> Option<Vec<String>> {
    let mut text = line.trim();
    // A date sharing the line ("NAME - Nov 19, 2019") is cut off first.
    if let Some((_, range)) = find_date(text) {
        if range.start > 0 {
            text = text[..range.start].trim();
        }
    }
    parse_undated_byline(text, explicit)
}

/// [`parse_byline`] of a line known to hold no date (`find_date` found none): the header of a
/// text page asks both of most of its lines, and looking for dates is the costlier half.
pub fn parse_undated_byline(line: &str, explicit: bool) -> Option<Vec<String>> {
    let text = line
        .trim()
        .trim_end_matches(['-', '–', '—', '|', '·', '•', ',', ' ']);
    let first_word = text.split_whitespace().next()?;
    let introduced = BY_WORDS.contains(&first_word.to_lowercase().trim_end_matches(':'));
    if !introduced && !explicit && !may_hold_a_role(text) {
        // Without "By" or context, a line is a byline only beside a role (see the end of
        // `undated_byline_names`).
        return None;
    }
    undated_byline_names(text, first_word, introduced, explicit)
}

/// [`parse_undated_byline`] of the line `text` (trimmed), opening with `first_word`.
fn undated_byline_names(
    text: &str,
    first_word: &str,
    introduced: bool,
    explicit: bool,
) -> Option<Vec<String>> {
    let rest = if introduced {
        // "Auteur : Kossivi Tiassou" puts the colon apart.
        text[first_word.len()..]
            .trim()
            .trim_start_matches(':')
            .trim()
    } else {
        text
    };
    if rest.is_empty() || rest.chars().count() > 120 {
        return None;
    }
    let parts = split_names(rest);
    let mut names = Vec::new();
    let mut has_role = false;
    for part in parts {
        let role = is_role(&part);
        if role || is_dateline_noise(&part) {
            has_role |= role;
            continue;
        }
        if looks_like_name(&part) {
            names.push(normalise_case(&part));
        } else if names.is_empty() && !introduced && !explicit {
            return None;
        }
    }
    if names.is_empty() {
        return None;
    }
    // A bare "Jane Doe" line is only a byline with a role beside it or when context says so.
    (introduced || explicit || has_role).then_some(names)
}

fn split_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // "Tim Childers - Live Science Contributor": a spaced dash separates like a comma.
    let text = text
        .replace(" - ", "|")
        .replace(" – ", "|")
        .replace(" — ", "|")
        .replace('·', "|");
    for chunk in text.split([',', ';', '&', '|', '/']) {
        let mut current: Vec<&str> = Vec::new();
        for word in chunk.split_whitespace() {
            let lower = word.to_lowercase();
            if matches!(
                lower.as_str(),
                "and" | "und" | "et" | "y" | "e" | "en" | "og" | "och"
            ) {
                if !current.is_empty() {
                    out.push(current.join(" "));
                }
                current.clear();
            } else if DATELINE_WORDS.contains(&lower.as_str())
                && matches!(lower.as_str(), "published" | "updated" | "posted")
            {
                // "By Sorcha Bradley Published": the rest of the line is not a name.
                break;
            } else {
                current.push(word);
            }
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
    }
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether a role word ([`ROLE_WORDS`], all ASCII) stands anywhere in `text`, whatever its case:
/// a line without one holds no role, and most lines of a page's header hold none. Asked before
/// cutting the line into names, which was 2.6% of indexing's instructions.
fn may_hold_a_role(text: &str) -> bool {
    static ROLES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(ROLE_WORDS)
            .expect("role words build an automaton")
    });
    // Lower-casing a character that is not ASCII gives an ASCII letter only from the Kelvin
    // sign, which the whole line lower-cased finds as `is_role`'s words lower-cased do.
    if text.is_ascii() {
        ROLES.is_match(text)
    } else {
        ROLES.is_match(&text.to_lowercase())
    }
}

fn is_role(part: &str) -> bool {
    part.split_whitespace().any(|w| {
        let w = w.to_lowercase();
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        ROLE_WORDS.contains(&w)
    })
}

fn is_dateline_noise(part: &str) -> bool {
    part.split_whitespace().all(|w| {
        let w = w.to_lowercase();
        DATELINE_WORDS.contains(&w.as_str()) || w.chars().all(|c| !c.is_alphabetic())
    })
}

/// One to five words, each a capitalised word, an initial or a name particle, starting and
/// ending with a capitalised word.
pub fn looks_like_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let ok = words
        .iter()
        .all(|w| capitalised(w) || NAME_PARTICLES.contains(&w.to_lowercase().as_str()));
    ok && capitalised(words[0]) && capitalised(words[words.len() - 1])
}

/// "JANE DOE" becomes "Jane Doe"; mixed case is left as written.
fn normalise_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`parse_undated_byline`] without its look for a role word first: the reference.
    fn undated_byline_in_full(line: &str, explicit: bool) -> Option<Vec<String>> {
        let text = line
            .trim()
            .trim_end_matches(['-', '–', '—', '|', '·', '•', ',', ' ']);
        let first_word = text.split_whitespace().next()?;
        let introduced = BY_WORDS.contains(&first_word.to_lowercase().trim_end_matches(':'));
        undated_byline_names(text, first_word, introduced, explicit)
    }

    proptest::proptest! {
        #[test]
        fn lines_without_a_role_word_are_turned_away_as_in_full(
            name in proptest::sample::select(vec![
                "Jane Doe", "JANE DOE", "Maria de Souza", "By Jane Doe", "Von Max Muster",
                "Über Alles", "ΣΟΦΙΑ Παππά", "said the minister", "",
            ]),
            separator in proptest::sample::select(vec![", ", " - ", " / ", " | ", " · ", " and ", " "]),
            role in proptest::sample::select(vec![
                "Reporter", "Political EDITOR", "staff", "Chief Writer", "\u{212a}orrespondent",
                "Korrespondentin", "writers", "editorial", "Published", "1.", "Paris", "",
            ]),
            role_first: bool,
            explicit: bool,
        ) {
            let line = if role_first {
                format!("{role}{separator}{name}")
            } else {
                format!("{name}{separator}{role}")
            };
            proptest::prop_assert_eq!(
                parse_undated_byline(&line, explicit),
                undated_byline_in_full(&line, explicit)
            );
        }
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

    fn names(line: &str) -> Option<Vec<String>> {
        parse_byline(line, false)
    }

    #[test]
    fn reads_by_lines() {
        assert_eq!(
            names("By Sarah Needleman"),
            Some(vec!["Sarah Needleman".into()])
        );
        assert_eq!(
            names("By Jane Doe and John Roe"),
            Some(vec!["Jane Doe".into(), "John Roe".into()])
        );
        assert_eq!(names("BY JANE DOE"), Some(vec!["Jane Doe".into()]));
        assert_eq!(
            names("Von Ursula von der Leyen"),
            Some(vec!["Ursula von der Leyen".into()])
        );
    }

    #[test]
    fn reads_name_with_role() {
        assert_eq!(
            names("Laura Kuenssberg, Political Correspondent"),
            Some(vec!["Laura Kuenssberg".into()])
        );
    }

    #[test]
    fn cuts_dates_and_published() {
        assert_eq!(
            names("By Chris Davies - Nov 19, 2019, 10:31 pm CST"),
            Some(vec!["Chris Davies".into()])
        );
        assert_eq!(
            names("By Sorcha Bradley Published"),
            Some(vec!["Sorcha Bradley".into()])
        );
    }

    #[test]
    fn dash_separates_name_from_role() {
        assert_eq!(
            names("By Tim Childers - Live Science Contributor"),
            Some(vec!["Tim Childers".into()])
        );
        assert_eq!(
            names("By Tess Bonn - 11/19/19 06:56 AM EST"),
            Some(vec!["Tess Bonn".into()])
        );
    }

    #[test]
    fn rejects_prose() {
        assert_eq!(names("By the end of the year, prices had doubled."), None);
        assert_eq!(
            names("Chinese president gives Russian leader a medal"),
            None
        );
        assert_eq!(names("Jane Doe"), None);
        assert_eq!(
            parse_byline("Jane Doe", true),
            Some(vec!["Jane Doe".into()])
        );
    }
}
