//! Facets: how many of all the matching articles (not only the hits shown) have each source,
//! byline and year. Counted in one pass over the matches from fast fields, beside the top-hits
//! collector, so a facet costs no second search.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DateTime, DocId, Score, SegmentReader};

use crate::index::schema;

/// A dimension to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Source,
    Byline,
    Year,
    Person,
    Org,
    Place,
    /// Articles per day (`YYYY-MM-DD`): what a timeline is built from.
    Day,
}

/// The facets people ask for, as the CLI's `--facets` and the server's `facets` list them.
pub const FACET_NAMES: &str = "source, byline, year, person, org, place";

impl Facet {
    /// The facets people ask for by name (`day` is internal), with the plural and `author`.
    pub fn from_name(name: &str) -> Option<Facet> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "source" | "sources" => Facet::Source,
            "byline" | "author" => Facet::Byline,
            "year" => Facet::Year,
            "person" | "people" => Facet::Person,
            "org" | "orgs" => Facet::Org,
            "place" | "places" => Facet::Place,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Facet::Source => "source",
            Facet::Byline => "byline",
            Facet::Year => "year",
            Facet::Person => "person",
            Facet::Org => "org",
            Facet::Place => "place",
            Facet::Day => "day",
        }
    }
}

/// Counts per facet: value → number of matching articles, most frequent first when listed.
pub type Counts = BTreeMap<Facet, HashMap<String, u64>>;

/// Counts `facets` over every document the query matches.
pub struct FacetCollector {
    pub facets: Vec<Facet>,
}

pub struct FacetPartCollector {
    columns: Vec<(Facet, Column)>,
    /// Per facet, per term ordinal (or year), the count.
    counts: Vec<HashMap<u64, u64>>,
}

enum Column {
    Str(Option<StrColumn>),
    Year(tantivy::columnar::Column<DateTime>),
    Day(tantivy::columnar::Column<DateTime>),
}

/// Added to days since the Unix epoch so that dates before 1970 count too.
const DAY_OFFSET: i64 = 1 << 32;

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetPartCollector;

    fn for_segment(
        &self,
        _part: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetPartCollector> {
        let fast = reader.fast_fields();
        let mut columns = Vec::new();
        for &facet in &self.facets {
            let column = match facet {
                Facet::Source => Column::Str(fast.str(schema::SOURCE_KEY)?),
                Facet::Byline => Column::Str(fast.str(schema::BYLINE_KEY)?),
                Facet::Year => Column::Year(fast.date(schema::DATE)?),
                Facet::Day => Column::Day(fast.date(schema::DATE)?),
                Facet::Person => Column::Str(fast.str(schema::PERSON_KEY)?),
                Facet::Org => Column::Str(fast.str(schema::ORG_KEY)?),
                Facet::Place => Column::Str(fast.str(schema::PLACE_KEY)?),
            };
            columns.push((facet, column));
        }
        Ok(FacetPartCollector {
            counts: vec![HashMap::new(); columns.len()],
            columns,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out = Counts::new();
        for fruit in fruits {
            for (facet, counts) in fruit {
                let into = out.entry(facet).or_default();
                for (value, n) in counts {
                    *into.entry(value).or_default() += n;
                }
            }
        }
        for &facet in &self.facets {
            let counts = out.entry(facet).or_default();
            match facet {
                Facet::Person => merge_names(counts, true),
                Facet::Org | Facet::Place => merge_names(counts, false),
                _ => {}
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetPartCollector {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for ((_, column), counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            match column {
                Column::Str(Some(c)) => {
                    for ord in c.term_ords(doc) {
                        *counts.entry(ord).or_default() += 1;
                    }
                }
                Column::Str(None) => {}
                Column::Year(c) => {
                    if let Some(d) = c.first(doc) {
                        let year = d.into_utc().year();
                        *counts.entry(year as u64).or_default() += 1;
                    }
                }
                Column::Day(c) => {
                    if let Some(d) = c.first(doc) {
                        // Days since the epoch, kept positive for the key.
                        let day = d.into_timestamp_secs().div_euclid(86_400) + DAY_OFFSET;
                        *counts.entry(day as u64).or_default() += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut out = Counts::new();
        for ((facet, column), counts) in self.columns.into_iter().zip(self.counts) {
            let named = out.entry(facet).or_default();
            if let Column::Str(Some(c)) = &column {
                // Every value's text in one pass over the dictionary, in order: looked up one by
                // one, each would decompress a block of it (a broad query's people: 300,000).
                let mut ords: Vec<(u64, u64)> = counts.into_iter().collect();
                ords.sort_unstable();
                let keys: Vec<u64> = ords.iter().map(|(ord, _)| *ord).collect();
                let mut counts_in_order = ords.iter().map(|(_, n)| *n);
                // A damaged dictionary loses its values here (opening the index checks it whole).
                let _ = c.dictionary().sorted_ords_to_term_cb(&keys, |bytes| {
                    let n = counts_in_order.next().unwrap_or(0);
                    *named
                        .entry(String::from_utf8_lossy(bytes).into_owned())
                        .or_default() += n;
                });
                continue;
            }
            for (key, n) in counts {
                let value = match &column {
                    Column::Str(_) => continue,
                    Column::Year(_) => (key as i32).to_string(),
                    Column::Day(_) => {
                        let secs = (key as i64 - DAY_OFFSET) * 86_400;
                        match time::OffsetDateTime::from_unix_timestamp(secs) {
                            Ok(t) => crate::article::iso_date::format_date(t.date()),
                            Err(_) => continue,
                        }
                    }
                };
                *named.entry(value).or_default() += n;
            }
        }
        out
    }
}

/// Longer names a short one may stand for, beyond which it stands for none ("John").
const MAX_CANDIDATES: usize = 16;
/// How many times as often as all the others together one longer name must be counted for a
/// short name to be taken as it ("Reagan": "Ronald Reagan" and, now and then, "Nancy Reagan";
/// not "Baker": "James Baker" and, a fifth as often, "Howard Baker").
const DOMINANT: u64 = 10;

/// Names that stand for one person (organisation, place) across articles, counted as one: the
/// same name in other capitals ("REAGAN", "Reagan"), and, for people (`surnames`), a surname and
/// the full name it stands for. Each article lists a name once, in its fullest form there, so one
/// story says "Reagan" and another "Ronald Reagan": a person's name whose words end exactly one
/// longer name counted is counted under it. A surname that could be either of two ("Baker":
/// "James Baker" and "Howard Baker") stays apart, unless one of them is named [`DOMINANT`] times
/// as often as the others. (An article that names both forms has already merged them, so counts
/// add.) Organisations and places are not shortened so: "France" is not short for "Air France",
/// nor "UK" for a headline's "UK Nintendo".
pub fn merge_names(counts: &mut HashMap<String, u64>, surnames: bool) {
    // Each name's words, lower-cased; names of the same words gathered under one form: the most
    // counted ("Reagan" before a headline's "REAGAN", "UK" before "Uk"), mixed case on a tie.
    let mut same_words: HashMap<Vec<String>, Vec<(String, u64)>> = HashMap::new();
    for (name, n) in counts.drain() {
        let words: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if !words.is_empty() {
            same_words.entry(words).or_default().push((name, n));
        }
    }
    let forms: HashMap<Vec<String>, (String, u64)> = same_words
        .into_iter()
        .map(|(words, mut names)| {
            let total = names.iter().map(|(_, n)| n).sum();
            names.sort_by(|a, b| {
                let key = |(name, n): &(String, u64)| (*n, name.chars().any(char::is_lowercase));
                key(b).cmp(&key(a)).then_with(|| a.0.cmp(&b.0))
            });
            (words, (names.swap_remove(0).0, total))
        })
        .collect();
    if !surnames {
        counts.extend(forms.into_values());
        return;
    }
    // Which longer names end with each word, to find a surname's candidates without comparing
    // all pairs.
    let keys: Vec<Vec<String>> = forms.keys().cloned().collect();
    let mut ending: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, words) in keys.iter().enumerate() {
        if let Some(last) = words.last() {
            ending.entry(last.as_str()).or_default().push(i);
        }
    }
    let mut into: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, words) in keys.iter().enumerate() {
        let Some(last) = words.last() else {
            continue;
        };
        let longer: Vec<usize> = ending[last.as_str()]
            .iter()
            .copied()
            .filter(|&j| {
                let long = &keys[j];
                long.len() > words.len() && long.ends_with(words)
            })
            .take(MAX_CANDIDATES + 1)
            .collect();
        if longer.len() > MAX_CANDIDATES {
            continue;
        }
        // The one it stands for: the only one, or one named ten times as often as the others.
        let count = |j: usize| forms[&keys[j]].1;
        let Some(&best) = longer.iter().max_by_key(|&&j| (count(j), &keys[j])) else {
            continue;
        };
        let others: u64 = longer
            .iter()
            .filter(|&&j| j != best)
            .map(|&j| count(j))
            .sum();
        if count(best) >= DOMINANT * others {
            into[i] = Some(best);
        }
    }
    let mut merged: Vec<(String, u64)> = keys.iter().map(|k| forms[k].clone()).collect();
    for i in 0..keys.len() {
        if let Some(j) = into[i] {
            // Into the name it stands for, following a chain ("Reagan" → "Ronald Reagan" →
            // "Ronald Wilson Reagan") to its end; a chain is at most as long as the longest name.
            let mut to = j;
            let mut steps = 0;
            while let Some(next) = into[to] {
                to = next;
                steps += 1;
                if steps > keys.len() {
                    break;
                }
            }
            let n = std::mem::take(&mut merged[i].1);
            merged[to].1 += n;
        }
    }
    counts.extend(merged.into_iter().filter(|(_, n)| *n > 0));
}

/// A facet's values, most articles first (then by value), at most `limit` of them.
pub fn top(counts: &HashMap<String, u64>, limit: usize) -> Vec<(&str, u64)> {
    let mut list: Vec<(&str, u64)> = counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    list.truncate(limit);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_values_by_count_then_name() {
        let counts: HashMap<String, u64> = [("b", 2), ("a", 2), ("c", 5)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(top(&counts, 2), vec![("c", 5), ("a", 2)]);
    }

    #[test]
    fn a_place_is_not_short_for_a_longer_one() {
        let mut counts: HashMap<String, u64> = [("France", 500), ("FRANCE", 3), ("FRANCE SAYS", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        merge_names(&mut counts, false);
        assert_eq!(top(&counts, 5), vec![("France", 503), ("FRANCE SAYS", 1)]);
    }

    #[test]
    fn a_surname_counts_under_the_one_full_name_it_stands_for() {
        let mut counts: HashMap<String, u64> = [
            ("Reagan", 40),
            ("REAGAN", 2),
            ("Ronald Reagan", 12),
            ("Baker", 7),
            ("James Baker", 3),
            ("Howard Baker", 2),
            ("Volcker", 4),
            ("Nancy Reagan", 1),
            // A first name is not short for the full name.
            ("Ronald", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        merge_names(&mut counts, true);
        assert_eq!(
            top(&counts, 10),
            vec![
                ("Ronald Reagan", 54),
                ("Baker", 7),
                ("Volcker", 4),
                ("James Baker", 3),
                ("Howard Baker", 2),
                ("Ronald", 2),
                ("Nancy Reagan", 1)
            ]
        );
    }
}
