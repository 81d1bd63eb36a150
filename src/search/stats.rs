//! What an index holds: `morgue stats`.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::query::AllQuery;
use tantivy::{DateTime, DocId, Score, SegmentReader};
use time::Date;

use crate::article::iso_date;
use crate::index::schema;
use crate::index::Index;
use crate::search::facets::{Facet, FacetCollector};

/// The contents of an index. Printed by `morgue stats --json` as one object; fields are added
/// later, never renamed.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub articles: u64,
    /// Articles per source (outlet); articles without one are not counted here.
    pub sources: BTreeMap<String, u64>,
    #[serde(with = "iso_date")]
    pub date_min: Option<Date>,
    #[serde(with = "iso_date")]
    pub date_max: Option<Date>,
    /// Bytes of the index's files on disk.
    pub index_bytes: u64,
    /// Share of articles (0 to 1) with a byline, a date, a standfirst.
    pub coverage: Coverage,
}

#[derive(Debug, Serialize)]
pub struct Coverage {
    pub byline: f64,
    pub date: f64,
    pub standfirst: f64,
}

/// Count what `index` holds.
///
/// # Errors
/// The index's files cannot be read.
pub fn stats(index: &Index) -> anyhow::Result<Stats> {
    count(index).map_err(|e| index.explain(e))
}

fn count(index: &Index) -> tantivy::Result<Stats> {
    let searcher = index.searcher()?;
    let (articles, facets, dated) = searcher.search(
        &AllQuery,
        &(
            Count,
            FacetCollector {
                facets: vec![Facet::Source],
            },
            DateRange,
        ),
    )?;
    let count_of = |facet: Facet| facets.get(&facet).cloned().unwrap_or_default();
    let sources: BTreeMap<String, u64> = count_of(Facet::Source).into_iter().collect();
    let with_byline = with_words(&searcher, index.fields.byline)?;
    let with_standfirst = with_words(&searcher, index.fields.standfirst)?;
    let share = |n: usize| {
        if articles == 0 {
            0.0
        } else {
            (n as f64 / articles as f64 * 1000.0).round() / 1000.0
        }
    };
    let index_bytes = walkdir::WalkDir::new(&index.dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    Ok(Stats {
        articles: articles as u64,
        sources,
        date_min: dated.min.map(|d| d.into_utc().date()),
        date_max: dated.max.map(|d| d.into_utc().date()),
        index_bytes,
        coverage: Coverage {
            byline: share(with_byline),
            date: share(dated.count),
            standfirst: share(with_standfirst),
        },
    })
}

/// Live articles with at least one word in `field`, told by the field's norms (its count of
/// words per article, one byte each): a walk over every article, not over every word of the
/// field's dictionary as a query for "any term" would be (0.2 s of `stats` at a million).
fn with_words(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
) -> tantivy::Result<usize> {
    let mut n = 0;
    for reader in searcher.segment_readers() {
        let norms = reader.get_fieldnorms_reader(field)?;
        n += reader
            .doc_ids_alive()
            .filter(|&doc| norms.fieldnorm_id(doc) > 0)
            .count();
    }
    Ok(n)
}

/// The earliest and latest dates among live articles, and how many are dated.
struct DateRange;

#[derive(Default)]
struct Dated {
    min: Option<DateTime>,
    max: Option<DateTime>,
    count: usize,
}

struct DateRangePart {
    column: tantivy::columnar::Column<DateTime>,
    seen: Dated,
}

impl Collector for DateRange {
    type Fruit = Dated;
    type Child = DateRangePart;

    fn for_segment(&self, _: u32, reader: &SegmentReader) -> tantivy::Result<DateRangePart> {
        Ok(DateRangePart {
            column: reader.fast_fields().date(schema::DATE)?,
            seen: Dated::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Dated>) -> tantivy::Result<Dated> {
        let mut all = Dated::default();
        for f in fruits {
            all.min = all.min.into_iter().chain(f.min).min();
            all.max = all.max.into_iter().chain(f.max).max();
            all.count += f.count;
        }
        Ok(all)
    }
}

impl SegmentCollector for DateRangePart {
    type Fruit = Dated;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(d) = self.column.first(doc) {
            self.seen.min = Some(self.seen.min.map_or(d, |m| m.min(d)));
            self.seen.max = Some(self.seen.max.map_or(d, |m| m.max(d)));
            self.seen.count += 1;
        }
    }

    fn harvest(self) -> Dated {
        self.seen
    }
}
