//! When: how many articles a query matches per day, week, month or year. The counts come from
//! the same search as the hits (the same query, filters and fallback to any word), so that they
//! add up to what `search` says matches, less the undated articles.

use std::collections::BTreeMap;

use time::{Date, Duration, Month};

use crate::index::Index;
use crate::search::facets::Facet;
use crate::search::{search, QueryError, Request, Results};

/// A bar's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// Weeks start on Monday.
    Week,
    Month,
    Year,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The first day of the period holding `day`.
    pub fn start_of(self, day: Date) -> Date {
        match self {
            Period::Day => day,
            Period::Week => {
                day - Duration::days(i64::from(day.weekday().number_days_from_monday()))
            }
            Period::Month => day.replace_day(1).expect("every month has a first day"),
            Period::Year => Date::from_calendar_date(day.year(), Month::January, 1)
                .expect("every year has a first of January"),
        }
    }

    /// The first day of the next period, `None` past the last day there is.
    pub fn next(self, start: Date) -> Option<Date> {
        match self {
            Period::Day => start.next_day(),
            Period::Week => start.checked_add(Duration::days(7)),
            Period::Month => {
                let (year, month) = match start.month() {
                    Month::December => (start.year() + 1, Month::January),
                    m => (start.year(), m.next()),
                };
                Date::from_calendar_date(year, month, 1).ok()
            }
            Period::Year => Date::from_calendar_date(start.year() + 1, Month::January, 1).ok(),
        }
    }
}

/// Periods shown at most when morgue chooses the period; more are refused for one asked for.
pub const MAX_BUCKETS: usize = 5_000;
/// The period is chosen so that there are at most about this many bars.
const WANTED_BARS: i64 = 60;

/// One period and its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub start: Date,
    pub count: u64,
}

/// Matching articles per period, every period from the first dated match to the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub by: Period,
    pub buckets: Vec<Bucket>,
    /// Articles matching, dated or not.
    pub total: u64,
    /// Of which without a date (in no bucket).
    pub undated: u64,
    /// No article had every word: these are the articles with any (as `search` falls back).
    pub relaxed: bool,
}

/// Problems with a timeline request.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("{buckets} {}s are too many bars (at most {MAX_BUCKETS}): ask for a longer period", by.name())]
    TooManyBuckets { buckets: usize, by: Period },
}

/// The timeline of `request` (its limit and facets are ignored), by `by` or a period chosen from
/// the span of the dates.
///
/// # Errors
/// As [`search`], and a period too short for the span.
pub fn timeline(
    index: &Index,
    request: &Request,
    by: Option<Period>,
) -> Result<Timeline, TimelineError> {
    let results = search(index, &counting_days(request))?;
    of_results(&results, by)
}

/// `request` asking for the counts of matching articles per day, and one hit at most.
pub fn counting_days(request: &Request) -> Request {
    Request {
        limit: 1,
        fragments: 1,
        facets: vec![Facet::Day],
        explain: false,
        // Counts only: no copies to look up for the one hit read.
        all_copies: true,
        ..request.clone()
    }
}

/// The timeline of a search's results, from their counts per day (a search asked for
/// [`Facet::Day`]; without them, an empty timeline).
///
/// # Errors
/// A period too short for the span.
pub fn of_results(results: &Results, by: Option<Period>) -> Result<Timeline, TimelineError> {
    let mut days: BTreeMap<Date, u64> = BTreeMap::new();
    if let Some(counts) = results.facets.as_ref().and_then(|c| c.get(&Facet::Day)) {
        for (day, n) in counts {
            if let Some(d) = super::request::parse_day(day, false) {
                *days.entry(d).or_default() += n;
            }
        }
    }
    let dated: u64 = days.values().sum();
    let by = by.unwrap_or_else(|| choose(&days));
    let buckets = buckets(&days, by)?;
    Ok(Timeline {
        by,
        buckets,
        total: results.total as u64,
        undated: (results.total as u64).saturating_sub(dated),
        relaxed: results.relaxed,
    })
}

/// The shortest period that gives at most about [`WANTED_BARS`] bars over the span.
fn choose(days: &BTreeMap<Date, u64>) -> Period {
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else {
        return Period::Month;
    };
    let span = (*last - *first).whole_days() + 1;
    if span <= WANTED_BARS {
        Period::Day
    } else if span <= WANTED_BARS * 7 {
        Period::Week
    } else if span <= WANTED_BARS * 31 {
        Period::Month
    } else {
        Period::Year
    }
}

/// Counts per period, empty periods between the first and the last included.
fn buckets(days: &BTreeMap<Date, u64>, by: Period) -> Result<Vec<Bucket>, TimelineError> {
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Bucket> = Vec::new();
    let mut start = by.start_of(*first);
    let end = by.start_of(*last);
    loop {
        out.push(Bucket { start, count: 0 });
        if out.len() > MAX_BUCKETS {
            // Count how many there would be, to say so.
            let mut n = out.len();
            let mut s = start;
            while let Some(next) = by.next(s).filter(|n| *n <= end) {
                s = next;
                n += 1;
            }
            return Err(TimelineError::TooManyBuckets { buckets: n, by });
        }
        match by.next(start) {
            Some(next) if next <= end => start = next,
            _ => break,
        }
    }
    for (day, n) in days {
        let start = by.start_of(*day);
        // Buckets are in order and every period is there: find it by its start.
        if let Ok(i) = out.binary_search_by(|b| b.start.cmp(&start)) {
            out[i].count += n;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn days(list: &[(Date, u64)]) -> BTreeMap<Date, u64> {
        list.iter().copied().collect()
    }

    #[test]
    fn periods_start_and_follow_one_another() {
        assert_eq!(
            Period::Week.start_of(date!(2019 - 03 - 31)),
            date!(2019 - 03 - 25)
        );
        assert_eq!(
            Period::Month.next(date!(2019 - 12 - 01)),
            Some(date!(2020 - 01 - 01))
        );
        assert_eq!(
            Period::Year.start_of(date!(2019 - 06 - 08)),
            date!(2019 - 01 - 01)
        );
        assert_eq!(Period::Day.next(Date::MAX), None);
    }

    #[test]
    fn every_period_between_the_first_and_last_is_a_bar_and_counts_add_up() {
        let d = days(&[
            (date!(2019 - 01 - 05), 2),
            (date!(2019 - 01 - 20), 1),
            (date!(2019 - 04 - 02), 3),
        ]);
        let b = buckets(&d, Period::Month).unwrap();
        let counts: Vec<u64> = b.iter().map(|b| b.count).collect();
        assert_eq!(counts, [3, 0, 0, 3]);
        assert_eq!(b[1].start, date!(2019 - 02 - 01));
        assert_eq!(choose(&d), Period::Week);
        assert!(buckets(&BTreeMap::new(), Period::Day).unwrap().is_empty());
    }

    #[test]
    fn too_many_bars_are_refused_with_their_number() {
        let d = days(&[(date!(1900 - 01 - 01), 1), (date!(2020 - 01 - 01), 1)]);
        let e = buckets(&d, Period::Day).unwrap_err().to_string();
        assert!(
            e.contains("43830 days") && e.contains("longer period"),
            "{e}"
        );
        assert_eq!(buckets(&d, Period::Year).unwrap().len(), 121);
        assert_eq!(choose(&d), Period::Year);
    }
}
