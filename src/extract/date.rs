//! Finding publication dates written in the ways newspapers write them.
//!
//! "29 March 2019", "March 29, 2019", "Nov. 19, 2019", "2019-03-29", "19.11.2019",
//! "19. November 2019", "/2018/06/08/" in a URL; month names in the main European languages.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use time::{Date, Month};

use super::lexicon::with_ascii_lowered;

const MONTH_NAMES: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// True for a month name or abbreviation in one of the languages we read ("march", "nov.").
pub fn is_month_name(word: &str) -> bool {
    month_number(word.trim_end_matches('.')).is_some()
}

/// The month a name or abbreviation stands for, in any case ("March", "MÄRZ", "jan"). Every
/// word of an article's opening is asked (`extract::copies`): an ASCII word is turned away by its
/// length and first letter when no month's name has them (most words), else looked up in a map,
/// lower-cased on the stack (going through the list was 2% of indexing).
pub fn month_number(name: &str) -> Option<u8> {
    struct Months {
        numbers: FxHashMap<&'static str, u8>,
        /// The first letters of the names, as bits of their ASCII codes.
        initials: u128,
        longest: usize,
    }
    static MONTHS: LazyLock<Months> = LazyLock::new(|| Months {
        numbers: MONTH_NAMES.iter().copied().collect(),
        initials: MONTH_NAMES
            .iter()
            .filter_map(|(n, _)| n.bytes().next().filter(u8::is_ascii))
            .fold(0, |bits, b| bits | 1 << b),
        longest: MONTH_NAMES.iter().map(|(n, _)| n.len()).max().unwrap_or(0),
    });
    let months = &*MONTHS;
    if name.is_ascii() {
        // An ASCII word lower-cases to its own length and first letter.
        let first = name.bytes().next()?.to_ascii_lowercase();
        if name.len() > months.longest || months.initials & (1 << first) == 0 {
            return None;
        }
    }
    if let Some(found) = with_ascii_lowered(name, |w| months.numbers.get(w).copied()) {
        return found;
    }
    // Longer than any month's name, in any script.
    if name.len() > 32 {
        return None;
    }
    months.numbers.get(name.to_lowercase().as_str()).copied()
}

static PATTERNS: LazyLock<Vec<(Regex, Order)>> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTH_NAMES.iter().map(|(n, _)| *n).collect();
    // Longest first so that "march" wins over "mar".
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let month = format!("(?P<month>{})", names.join("|"));
    let compile = |p: String| Regex::new(&p).expect("date patterns are valid regexes");
    vec![
        (
            compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:T|\b)".into()),
            Order::Numeric,
        ),
        (
            compile(r"\b(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})/(?P<d>\d{2})\b".into()),
            Order::Numeric,
        ),
        (
            compile(format!(
                r"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?{month}\.?,?\s+(?:de\s+)?(?P<y>\d{{4}})\b"
            )),
            Order::Named,
        ),
        (
            compile(format!(
                r"(?i)\b{month}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"
            )),
            Order::Named,
        ),
        (
            compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b".into()),
            Order::Numeric,
        ),
    ]
});

#[derive(Clone, Copy)]
enum Order {
    Numeric,
    Named,
}

/// The first plausible calendar date in `text`, with the byte range it occupies.
pub fn find_date(text: &str) -> Option<(Date, Range<usize>)> {
    let mut best: Option<(Date, Range<usize>)> = None;
    for (re, order) in PATTERNS.iter() {
        for caps in re.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let month = match order {
                Order::Numeric => caps["m"].parse().ok(),
                Order::Named => month_number(&caps["month"]),
            };
            let (Some(month), Ok(day), Ok(year)) =
                (month, caps["d"].parse::<u8>(), caps["y"].parse::<i32>())
            else {
                continue;
            };
            if let Some(date) = make_date(year, month, day) {
                if best.as_ref().is_none_or(|(_, r)| whole.start() < r.start) {
                    best = Some((date, whole.range()));
                }
                break;
            }
        }
    }
    best
}

/// A real date in the range a news archive can hold, or `None`.
pub fn make_date(year: i32, month: u8, day: u8) -> Option<Date> {
    if !(1800..=2200).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Parse a date as structured metadata gives it: ISO 8601 with or without time, RFC 2822
/// ("Tue, 19 Nov 2019 10:31:00 GMT") or any of the prose forms `find_date` knows.
pub fn parse_date(value: &str) -> Option<Date> {
    find_date(value.trim()).map(|(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn month_names_in_any_case_and_language() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("MAR"), Some(3));
        assert_eq!(month_number("MÄRZ"), Some(3));
        assert_eq!(month_number("février"), Some(2));
        assert_eq!(month_number("DEZEMBRO"), Some(12));
        assert_eq!(month_number("Marches"), None);
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number(""), None);
        assert!(is_month_name("Sept."));
        // The quick refusal (length, first letter) lets every name through, in any case.
        for (name, number) in MONTH_NAMES {
            assert_eq!(month_number(name), Some(*number), "{name}");
            assert_eq!(month_number(&name.to_uppercase()), Some(*number), "{name}");
        }
        assert_eq!(month_number("Tuesday"), None);
        assert_eq!(month_number("Septembers"), None);
    }

    #[test]
    fn reads_the_common_forms() {
        assert_eq!(parse_date("29 March 2019"), Some(date!(2019 - 03 - 29)));
        assert_eq!(parse_date("March 29, 2019"), Some(date!(2019 - 03 - 29)));
        assert_eq!(parse_date("2019-03-29"), Some(date!(2019 - 03 - 29)));
        assert_eq!(
            parse_date("2019-03-29T10:02:00Z"),
            Some(date!(2019 - 03 - 29))
        );
        assert_eq!(
            parse_date("Published 8 June 2018 10:02"),
            Some(date!(2018 - 06 - 08))
        );
        assert_eq!(
            parse_date("Nov. 19, 2019 8:03 am ET"),
            Some(date!(2019 - 11 - 19))
        );
        assert_eq!(
            parse_date("Tue, 19 Nov 2019 10:31:00 GMT"),
            Some(date!(2019 - 11 - 19))
        );
        assert_eq!(parse_date("19. November 2019"), Some(date!(2019 - 11 - 19)));
        assert_eq!(
            parse_date("19.11.2019, 10:31 Uhr"),
            Some(date!(2019 - 11 - 19))
        );
        assert_eq!(
            parse_date("https://x.com/2018/06/08/story"),
            Some(date!(2018 - 06 - 08))
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_date("2019-13-45"), None);
        assert_eq!(parse_date("31 February 2019"), None);
        assert_eq!(parse_date("no date here"), None);
    }

    #[test]
    fn takes_the_earliest_date_in_the_text() {
        let (d, range) = find_date("Chris Davies - Nov 19, 2019, 10:31 pm CST").unwrap();
        assert_eq!(d, date!(2019 - 11 - 19));
        assert_eq!(range.start, 15);
    }
}
