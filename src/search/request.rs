//! What a search asks for, as plain values: the query as typed, filters, order, facets. The
//! command line turns flags into these (checking them there, with the flags' names); the library
//! never sees a flag.

use std::sync::Arc;

use time::{Date, Month};

use crate::search::aliases::Aliases;
use crate::search::facets::Facet;

/// What was asked.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    /// Hits skipped before the `limit` shown (a later page); stories folded as on the first.
    pub offset: usize,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub sort: SortOrder,
    /// Only articles from one of these outlets (words of the name, in order; any case).
    pub sources: Vec<String>,
    /// Only articles by one of these people (a full name or a surname).
    pub bylines: Vec<String>,
    /// Only articles that name every one of these people (a full name or a surname).
    pub people: Vec<String>,
    /// Only articles in one of these languages (primary subtags: "en", "de").
    pub langs: Vec<String>,
    /// Body passages per hit.
    pub fragments: usize,
    /// Blend relevance with freshness: the half-life, in days, of an article's recency bonus.
    pub recent_half_life_days: Option<f64>,
    /// Count matching articles per value of these.
    pub facets: Vec<Facet>,
    /// Say how the query was read and how each hit scored.
    pub explain: bool,
    /// Names and their other spellings (shared: a server reads one file for every request).
    pub aliases: Arc<Aliases>,
    /// Show every copy of a story as its own hit, instead of each story once.
    pub all_copies: bool,
}

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Relevance,
    /// Most recent first, relevance among articles of one day; undated last.
    Newest,
    /// Oldest first, relevance among articles of one day; undated last.
    Oldest,
}

impl SortOrder {
    pub const ALL: [SortOrder; 3] = [SortOrder::Relevance, SortOrder::Newest, SortOrder::Oldest];

    /// The order as `--sort` and the server's `sort` name it.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Newest => "newest",
            SortOrder::Oldest => "oldest",
        }
    }

    /// The order named `name` (as [`SortOrder::name`] writes it).
    pub fn from_name(name: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// A day as people type it for a date filter: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. `end` picks the
/// last day of a year or month instead of the first (for an inclusive upper bound). `None` when
/// the text is not such a day.
pub fn parse_day(value: &str, end: bool) -> Option<Date> {
    let parts: Vec<&str> = value.trim().split('-').collect();
    if parts.len() > 3 {
        return None;
    }
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = num(parts[0], 4)? as i32;
    let month = match parts.get(1) {
        Some(m) => Month::try_from(num(m, 2)? as u8).ok()?,
        None if end => Month::December,
        None => Month::January,
    };
    let day = match parts.get(2) {
        Some(d) => num(d, 2)? as u8,
        None if end => time::util::days_in_month(month, year),
        None => 1,
    };
    Date::from_calendar_date(year, month, day).ok()
}

/// What a date filter accepts, said when it is given something else.
pub const DAY_FORMS: &str =
    "use a real day as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-03, 2019-03-29)";

/// What a recency half-life accepts, said when it is given something else.
pub const HALF_LIFE_FORMS: &str =
    "use a number of days, weeks, months or years, such as 30d, 26w, 6m or 2y";

/// A recency half-life in days, from `30d`, `26w`, `6m`, `2y` or a bare number of days.
pub fn parse_half_life(value: &str) -> Option<f64> {
    const UNITS: &[(char, f64)] = &[('d', 1.0), ('w', 7.0), ('m', 30.44), ('y', 365.25)];
    number_with_unit(value, UNITS, 'd')
}

/// A positive, finite number with an optional one-letter unit (any case) from `units`, times that
/// unit's factor; `default` is the unit of a bare number.
pub fn number_with_unit(value: &str, units: &[(char, f64)], default: char) -> Option<f64> {
    let value = value.trim();
    let (number, unit) = match value.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&value[..i], c.to_ascii_lowercase()),
        _ => (value, default),
    };
    let factor = units.iter().find(|(u, _)| *u == unit)?.1;
    let n: f64 = number.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_partial_dates() {
        let day = |v, end| parse_day(v, end).map(|d| d.to_string());
        assert_eq!(day("2019", false).as_deref(), Some("2019-01-01"));
        assert_eq!(day("2019", true).as_deref(), Some("2019-12-31"));
        assert_eq!(day("2020-02", true).as_deref(), Some("2020-02-29"));
        assert_eq!(day("2019-03-29", false).as_deref(), Some("2019-03-29"));
        assert_eq!(day("9999", true).as_deref(), Some("9999-12-31"));
        for bad in [
            "2019-13-45",
            "19",
            "yesterday",
            "2019-1-1",
            "2019-02-30",
            "2019-01-01-01",
            "",
        ] {
            assert_eq!(parse_day(bad, false), None, "{bad}");
        }
    }
}
