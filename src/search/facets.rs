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

impl Facet {
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
            out.entry(facet).or_default();
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
            let mut buffer = String::new();
            for (key, n) in counts {
                let value = match &column {
                    Column::Str(Some(c)) => match c.ord_to_str(key, &mut buffer) {
                        Ok(true) => buffer.clone(),
                        _ => continue,
                    },
                    Column::Str(None) => continue,
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
}
