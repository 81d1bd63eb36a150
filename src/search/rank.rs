//! Ranking: the query narrowed by the filters, the candidates collected in the order asked for
//! (relevance, date, or relevance blended with freshness), with the count and facets from the
//! same pass.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Schema, Term};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader};
use time::Date;

use crate::index::schema::{self, Fields};
use crate::search::facets::{Counts, FacetCollector};
use crate::search::named::{self, Named};
use crate::search::proximity::Proximity;
use crate::search::query::Compiled;
use crate::search::request::{Request, SortOrder};

/// One run of a compiled query.
pub(crate) struct Run {
    pub(crate) top: Vec<(Ranked, DocAddress)>,
    pub(crate) total: usize,
    pub(crate) facets: Option<Counts>,
    /// The closeness bonuses: the query's words near one another in the body, and in the
    /// headline (where a reader's remembered run of a headline's words stands side by side).
    pub(crate) proximity: Vec<Proximity>,
}

/// A hit's place in the order asked for, and its relevance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub(crate) relevance: f32,
    /// Under `--recent`, the freshness factor the relevance was multiplied by.
    pub(crate) recency: Option<f32>,
    /// The factor the relevance was multiplied by for the query's names being the article's
    /// people (see `named`); `None` when the query names nobody.
    pub(crate) named: Option<f32>,
}

/// The `--source`, `--byline` and `--lang` restrictions as queries that must match: each flag
/// is satisfied by any of its values; a value matches when its words stand in that field in
/// order (so "--byline raman" finds "Priya Raman", and "--source 'island courier'" the outlet).
pub(crate) fn filters(schema: &Schema, f: &Fields, request: &Request) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    for (field, values) in [(f.source, &request.sources), (f.byline, &request.bylines)] {
        let any: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .filter_map(|v| words_in_field(schema, field, v))
            .map(|q| (Occur::Should, q))
            .collect();
        if !any.is_empty() {
            out.push(Box::new(BooleanQuery::new(any)) as Box<dyn Query>);
        }
    }
    // Every person named must be in the article (each a phrase of the name's words).
    for name in &request.people {
        if let Some(q) = words_in_field(schema, f.person, name) {
            out.push(q);
        }
    }
    if !request.langs.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = request
            .langs
            .iter()
            .map(|l| {
                let term = Term::from_field_text(f.lang, &l.trim().to_lowercase());
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        out.push(Box::new(BooleanQuery::new(any)));
    }
    out
}

/// A query for `value`'s words in `field`, in order: one term, or a phrase.
fn words_in_field(schema: &Schema, field: Field, value: &str) -> Option<Box<dyn Query>> {
    let mut terms: Vec<Term> = schema::analyse_in(schema, field, value)
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

/// `query` restricted by the filters and the date range; the filters only narrow, they add
/// nothing to the score.
fn with_filters(
    query: Box<dyn Query>,
    filters: &[Box<dyn Query>],
    date: Field,
    since: Option<Date>,
    until: Option<Date>,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    for filter in filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
        ));
    }
    if since.is_some() || until.is_some() {
        let term = |d: Date| {
            Term::from_field_date_for_search(date, DateTime::from_utc(d.midnight().assume_utc()))
        };
        let lower = since.map_or(Bound::Unbounded, |d| Bound::Included(term(d)));
        // Up to the end of `until`: before the next day, or without end on the last day there is.
        let upper = until.map_or(Bound::Unbounded, |d| {
            d.next_day()
                .map_or(Bound::Unbounded, |next| Bound::Excluded(term(next)))
        });
        // Both ends open (`--until` on the last day there is, without `--since`): every date.
        if !matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
    }
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Candidates kept beyond the limit, to fill the places of copies folded into one hit.
const COPIES_WINDOW: usize = 40;

/// The candidates a search keeps: the pages up to the one asked for and, unless every copy is a
/// hit, a window beyond them, among which copies are folded (see `search`) and which stands in
/// for those folded away, whatever the page's size.
fn candidates_kept(request: &Request) -> usize {
    let pages = request.offset + request.limit.max(1);
    if request.all_copies {
        pages
    } else {
        pages + COPIES_WINDOW
    }
}

/// Candidates by relevance that the proximity bonus may reorder: enough that a hit it lifts is
/// rarely outside, few enough that reading their positions costs little.
const RERANK_WINDOW: usize = 50;

/// Run one compiled query: the filters applied, the candidates collected in the order asked for,
/// and (by relevance) the best reordered by how close the query's words stand. `statistics` may
/// be shared by the runs of one search (all terms, then any term): a word is counted once.
pub(crate) fn run(
    searcher: &Searcher,
    statistics: &Statistics,
    f: &Fields,
    compiled: &Compiled,
    filters: &[Box<dyn Query>],
    request: &Request,
) -> tantivy::Result<Run> {
    // The proximity bonus, the names and the query weigh the same words: each word's count of
    // articles read once from every part of the index.
    let mut terms = Vec::new();
    compiled
        .query
        .query_terms(&mut |term, _| terms.push(term.clone()));
    if request.sort == SortOrder::Relevance && compiled.plain_names.len() <= named::MAX_WORDS {
        // The query's words as people's names (see `named`).
        let names = compiled.plain_names.iter();
        terms.extend(names.map(|(as_named, _)| Term::from_field_text(f.person, as_named)));
    }
    statistics.prefetch(&terms)?;
    let mut proximity = Vec::new();
    for field in [f.body, f.title] {
        proximity.extend(Proximity::new(
            statistics,
            field,
            f.stemming,
            &compiled.plain_words,
        )?);
    }
    // Only the relevance order is re-ranked: no need to look the names up for another.
    let named = match request.sort {
        SortOrder::Relevance => Named::new(statistics, f.person, f.body, &compiled.plain_names)?,
        _ => None,
    };
    let filtered = with_filters(
        compiled.query.box_clone(),
        filters,
        f.date,
        request.since,
        request.until,
    );
    let (mut top, total, facets) = collect(searcher, statistics, &*filtered, request)?;
    if request.sort == SortOrder::Relevance && (!proximity.is_empty() || named.is_some()) {
        let docs: Vec<DocAddress> = top.iter().map(|(_, addr)| *addr).collect();
        for bonus in &proximity {
            for ((ranked, _), extra) in top.iter_mut().zip(bonus.bonuses(searcher, &docs)?) {
                ranked.relevance += extra;
            }
        }
        if let Some(named) = &named {
            for ((ranked, _), factor) in top.iter_mut().zip(named.factors(searcher, &docs)?) {
                ranked.relevance *= factor;
                ranked.named = Some(factor);
            }
        }
        top.sort_by(|a, b| {
            let key = |r: &Ranked| r.relevance * r.recency.unwrap_or(1.0);
            key(&b.0).total_cmp(&key(&a.0))
        });
    }
    top.truncate(candidates_kept(request));
    Ok(Run {
        top,
        total,
        facets,
        proximity,
    })
}

/// The index's word statistics for one search: what BM25 weighs a word by, each read from the
/// index's parts once. (The proximity bonus, the names and the query each weighed the body's
/// words again: a word's count is a look-up in every part's dictionary, some 25 at a million
/// articles.)
pub(crate) struct Statistics<'a> {
    searcher: &'a Searcher,
    doc_freqs: Mutex<HashMap<Term, u64>>,
    tokens: Mutex<HashMap<Field, u64>>,
}

impl<'a> Statistics<'a> {
    pub(crate) fn new(searcher: &'a Searcher) -> Statistics<'a> {
        Statistics {
            searcher,
            doc_freqs: Mutex::default(),
            tokens: Mutex::default(),
        }
    }

    /// Read the counts of `terms` at once, the index's parts shared among the search threads
    /// (each count is a dictionary look-up in every part, which one thread read in turn).
    fn prefetch(&self, terms: &[Term]) -> tantivy::Result<()> {
        let mut doc_freqs = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
        // A word the query looks for in several ways is counted once.
        let mut terms: Vec<&Term> = terms
            .iter()
            .filter(|t| !doc_freqs.contains_key(*t))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        if terms.is_empty() {
            return Ok(());
        }
        let per_part = self.searcher.index().search_executor().map(
            |part: &tantivy::SegmentReader| {
                terms
                    .iter()
                    .map(|term| {
                        Ok(u64::from(
                            part.inverted_index(term.field())?.doc_freq(term)?,
                        ))
                    })
                    .collect::<tantivy::Result<Vec<u64>>>()
            },
            self.searcher.segment_readers().iter(),
        )?;
        for (i, term) in terms.iter().enumerate() {
            let n = per_part.iter().map(|counts| counts[i]).sum();
            doc_freqs.insert((*term).clone(), n);
        }
        Ok(())
    }
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = tokens.get(&field) {
            return Ok(n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        tokens.insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut doc_freqs = self.doc_freqs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&n) = doc_freqs.get(term) {
            return Ok(n);
        }
        let n = self.searcher.doc_freq(term)?;
        doc_freqs.insert(term.clone(), n);
        Ok(n)
    }
}

/// Days since the Unix epoch of a date column value.
fn day_of(d: DateTime) -> f64 {
    d.into_timestamp_secs() as f64 / 86_400.0
}

/// The newest article date in the index: "now" for `--recent`, so that an archive of 1987 wire
/// copy ranks its own latest stories first rather than treating everything as equally stale.
fn newest_day(searcher: &Searcher) -> tantivy::Result<Option<f64>> {
    let mut newest: Option<f64> = None;
    for part in searcher.segment_readers() {
        let column = part.fast_fields().date(schema::DATE)?;
        if column.num_docs() > 0 && column.values.num_vals() > 0 {
            let day = day_of(column.max_value());
            newest = Some(newest.map_or(day, |n: f64| n.max(day)));
        }
    }
    Ok(newest)
}

/// How much freshness multiplies relevance under `--recent`: 1 for the newest articles, halving
/// its distance to 0.5 every half-life; undated articles count as old.
fn recency_factor(day: Option<f64>, newest: f64, half_life: f64) -> f32 {
    match day {
        Some(d) => {
            let age = (newest - d).max(0.0);
            (0.5 + 0.5 * 0.5f64.powf(age / half_life)) as f32
        }
        None => 0.5,
    }
}

/// The candidates in the requested order, the number matching, and facet counts.
type Collected = (Vec<(Ranked, DocAddress)>, usize, Option<Counts>);

/// The best `limit` documents in the requested order, the number matching, and facet counts.
fn collect(
    searcher: &Searcher,
    statistics: &Statistics,
    query: &dyn Query,
    request: &Request,
) -> tantivy::Result<Collected> {
    // By relevance, a window of candidates is taken for the proximity bonus to reorder.
    let wanted = candidates_kept(request);
    let limit = if request.sort == SortOrder::Relevance {
        wanted.max(RERANK_WINDOW)
    } else {
        wanted
    };
    let facets = (!request.facets.is_empty()).then(|| FacetCollector {
        facets: request.facets.clone(),
    });
    let plain = |(score, addr): (Score, DocAddress)| {
        (
            Ranked {
                relevance: score,
                recency: None,
                named: None,
            },
            addr,
        )
    };
    // Every order scores every match (no pruning under required terms), so the count and the
    // facets come from the same pass.
    if request.sort == SortOrder::Relevance && request.recent_half_life_days.is_none() {
        let (top, total, counts) = searcher.search_with_statistics_provider(
            query,
            &(TopDocs::with_limit(limit).order_by_score(), Count, facets),
            statistics,
        )?;
        return Ok((top.into_iter().map(plain).collect(), total, counts));
    }
    match (request.sort, request.recent_half_life_days) {
        (SortOrder::Relevance, Some(half_life)) => {
            let newest = newest_day(searcher)?.unwrap_or(0.0);
            let collector =
                TopDocs::with_limit(limit).tweak_score(move |reader: &SegmentReader| {
                    let dates = date_column(reader);
                    move |doc: DocId, score: Score| {
                        let day = dates.as_ref().and_then(|c| c.first(doc)).map(day_of);
                        let factor = recency_factor(day, newest, half_life);
                        (score * factor, score, factor)
                    }
                });
            let (top, total, counts) = searcher.search_with_statistics_provider(
                query,
                &(collector, Count, facets),
                statistics,
            )?;
            let top = top
                .into_iter()
                .map(|((_, relevance, factor), addr)| {
                    (
                        Ranked {
                            relevance,
                            recency: Some(factor),
                            named: None,
                        },
                        addr,
                    )
                })
                .collect();
            Ok((top, total, counts))
        }
        (order, _) => {
            // Newest: larger days first; oldest: smaller days first. Undated last either way.
            let newest_first = order == SortOrder::Newest;
            let collector =
                TopDocs::with_limit(limit).tweak_score(move |reader: &SegmentReader| {
                    let dates = date_column(reader);
                    move |doc: DocId, score: Score| {
                        let key = match dates.as_ref().and_then(|c| c.first(doc)) {
                            Some(d) => {
                                let secs = d.into_timestamp_secs();
                                if newest_first {
                                    secs
                                } else {
                                    -secs
                                }
                            }
                            None => i64::MIN,
                        };
                        (key, score)
                    }
                });
            let (top, total, counts) = searcher.search_with_statistics_provider(
                query,
                &(collector, Count, facets),
                statistics,
            )?;
            Ok((
                top.into_iter()
                    .map(|((_, score), addr)| plain((score, addr)))
                    .collect(),
                total,
                counts,
            ))
        }
    }
}

fn date_column(reader: &SegmentReader) -> Option<tantivy::columnar::Column<DateTime>> {
    reader.fast_fields().date(schema::DATE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recency_halves_towards_one_half() {
        assert_eq!(recency_factor(Some(100.0), 100.0, 30.0), 1.0);
        assert_eq!(recency_factor(Some(70.0), 100.0, 30.0), 0.75);
        assert_eq!(recency_factor(None, 100.0, 30.0), 0.5);
        assert!(recency_factor(Some(10.0), 100.0, 30.0) > 0.5);
    }
}
