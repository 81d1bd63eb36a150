//! Searching: the query compiled (see `query`), filters, ranking, facets, and hits as our own
//! type with snippets and, on request, an account of their scores.

use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyDocument,
};
use thiserror::Error;
use time::{Date, Month};

use crate::aliases::Aliases;
use crate::facets::{Counts, Facet, FacetCollector};
use crate::index::Index;
use crate::proximity::Proximity;
use crate::query::{Compiled, Compiler, Plan};
use crate::schema::{self, Fields};
use crate::snippet::{Highlighter, Snippet, Wanted};

/// What was asked.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub sort: SortOrder,
    /// Only articles from one of these outlets (words of the name, in order; any case).
    pub sources: Vec<String>,
    /// Only articles by one of these people (a full name or a surname).
    pub bylines: Vec<String>,
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
    /// Names and their other spellings.
    pub aliases: Aliases,
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

/// One article found, with what a reader needs to judge it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Relevance (with the recency blend under `--recent`).
    pub score: f32,
    pub id: String,
    pub path: String,
    pub format: String,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub byline: Vec<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Title and standfirst snippets when they matched, then the body passages.
    pub snippets: Vec<Snippet>,
    /// With `explain`: what the score is made of.
    pub explain: Option<HitExplain>,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, Serialize)]
pub struct HitExplain {
    /// The relevance score before any recency blend.
    pub relevance: f32,
    /// Each term or phrase that matched, per field, with its share of the score.
    pub matched: Vec<Contribution>,
    /// The bonus for the query's words standing close together in the body.
    pub proximity: f32,
    /// Under `--recent`: the factor freshness multiplied the relevance by.
    pub recency: Option<f32>,
}

/// One matched term's share of a score.
#[derive(Debug, Clone, Serialize)]
pub struct Contribution {
    pub field: &'static str,
    pub term: String,
    pub score: f32,
}

/// The answer to a request.
#[derive(Debug)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Articles matching, of which `hits` are the best.
    pub total: usize,
    /// Parts of the query that were ignored or changed, in words for the user.
    pub ignored: Vec<String>,
    /// True when no article had every term and any-term matching was used instead.
    pub relaxed: bool,
    /// When nothing matched: the query with its unknown words replaced by the nearest known ones.
    pub suggestion: Option<String>,
    /// Counts per facet over all matching articles, when asked for.
    pub facets: Option<Counts>,
    /// How the query was read.
    pub plan: Plan,
}

/// Errors a caller reports and exits on.
#[derive(Debug, Error)]
pub enum QueryError {
    #[error("invalid date {value:?} for {flag}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate { flag: &'static str, value: String },
    #[error("--since {since} is after --until {until}")]
    EmptyRange { since: String, until: String },
    #[error("invalid half-life {0:?} for --recent: use a number of days, weeks, months or years, such as 30d, 26w, 6m or 2y")]
    BadHalfLife(String),
    #[error("the query is empty")]
    Empty,
    #[error(transparent)]
    Engine(#[from] tantivy::TantivyError),
}

/// Parse a `--since`/`--until` value: YYYY, YYYY-MM or YYYY-MM-DD. `end` picks the last day of
/// a year or month instead of the first.
///
/// # Errors
/// `QueryError::BadDate` naming the flag and the value.
pub fn parse_day(flag: &'static str, value: &str, end: bool) -> Result<Date, QueryError> {
    let bad = || QueryError::BadDate {
        flag,
        value: value.to_string(),
    };
    let parts: Vec<&str> = value.trim().split('-').collect();
    let num = |s: &str, len: usize| -> Result<u32, QueryError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = num(parts[0], 4)? as i32;
    let month = match parts.get(1) {
        Some(m) => Month::try_from(num(m, 2)? as u8).map_err(|_| bad())?,
        None if end => Month::December,
        None => Month::January,
    };
    let day = match parts.get(2) {
        Some(d) => num(d, 2)? as u8,
        None if end => time::util::days_in_month(month, year),
        None => 1,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// Parse a `--recent` half-life: `30d`, `26w`, `6m`, `2y`, or a bare number of days.
///
/// # Errors
/// `QueryError::BadHalfLife` with the value.
pub fn parse_half_life(value: &str) -> Result<f64, QueryError> {
    let v = value.trim();
    let (number, unit) = match v.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&v[..i], c.to_ascii_lowercase()),
        _ => (v, 'd'),
    };
    let days_per = match unit {
        'd' => 1.0,
        'w' => 7.0,
        'm' => 30.44,
        'y' => 365.25,
        _ => return Err(QueryError::BadHalfLife(value.to_string())),
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n * days_per),
        _ => Err(QueryError::BadHalfLife(value.to_string())),
    }
}

/// Search `index`.
///
/// # Errors
/// An empty query or a failure of the engine.
pub fn search(index: &Index, request: &Request) -> Result<Results, QueryError> {
    if request.query.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    if let (Some(s), Some(u)) = (request.since, request.until) {
        if s > u {
            return Err(QueryError::EmptyRange {
                since: s.to_string(),
                until: u.to_string(),
            });
        }
    }
    let searcher = index.searcher()?;
    let f = index.fields;
    let compiler = Compiler::new(index, &request.aliases);
    let filters = filters(&f, request);

    let run = |compiled: &Compiled| -> tantivy::Result<Run> {
        let proximity = Proximity::new(&searcher, f.body, &compiled.plain_words)?;
        let filtered = with_filters(
            compiled.query.box_clone(),
            &filters,
            f.date,
            request.since,
            request.until,
        );
        let (mut top, total, facets) = collect(&searcher, &*filtered, request)?;
        if let (SortOrder::Relevance, Some(bonus)) = (request.sort, &proximity) {
            let docs: Vec<DocAddress> = top.iter().map(|(_, addr)| *addr).collect();
            for ((ranked, _), extra) in top.iter_mut().zip(bonus.bonuses(&searcher, &docs)?) {
                ranked.relevance += extra;
            }
            top.sort_by(|a, b| {
                let key = |r: &Ranked| r.relevance * r.recency.unwrap_or(1.0);
                key(&b.0).total_cmp(&key(&a.0))
            });
        }
        top.truncate(request.limit.max(1));
        Ok(Run {
            top,
            total,
            facets,
            proximity,
        })
    };
    let mut compiled = compiler.compile(&request.query, false);
    let mut result = run(&compiled)?;
    let mut relaxed = false;
    if result.total == 0 {
        // No article has every term: rank by any of them rather than answer nothing.
        let any = compiler.compile(&request.query, true);
        let any_result = run(&any)?;
        if any_result.total > 0 {
            (compiled, result, relaxed) = (any, any_result, true);
        }
    }
    let suggestion = if result.total == 0 {
        suggest(&searcher, &f, &request.query)?
    } else {
        None
    };
    let hits = hits(&searcher, &f, &compiled, &result, request)?;
    let mut plan = compiled.plan;
    let ignored = plan.dropped.clone();
    if relaxed {
        plan.dropped
            .push("no article has every term: articles with any of them are shown".to_string());
    }
    Ok(Results {
        hits,
        total: result.total,
        ignored,
        relaxed,
        suggestion,
        facets: result.facets,
        plan,
    })
}

/// One run of a compiled query.
struct Run {
    top: Vec<(Ranked, DocAddress)>,
    total: usize,
    facets: Option<Counts>,
    proximity: Option<Proximity>,
}

/// A hit's place in the order asked for, and its relevance.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    relevance: f32,
    /// Under `--recent`, the freshness factor the relevance was multiplied by.
    recency: Option<f32>,
}

/// The `--source`, `--byline` and `--lang` restrictions as queries that must match: each flag
/// is satisfied by any of its values; a value matches when its words stand in that field in
/// order (so "--byline raman" finds "Priya Raman", and "--source 'island courier'" the outlet).
fn filters(f: &Fields, request: &Request) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    for (field, values) in [(f.source, &request.sources), (f.byline, &request.bylines)] {
        let any: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .filter_map(|v| words_in_field(field, v))
            .map(|q| (Occur::Should, q))
            .collect();
        if !any.is_empty() {
            out.push(Box::new(BooleanQuery::new(any)) as Box<dyn Query>);
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
fn words_in_field(field: Field, value: &str) -> Option<Box<dyn Query>> {
    let mut analyzer = schema::text_analyzer();
    let mut stream = analyzer.token_stream(value);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(Term::from_field_text(field, &token.text));
    }
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
        let upper = until.map_or(Bound::Unbounded, |d| {
            Bound::Excluded(term(
                d.next_day().expect("dates are far from the end of time"),
            ))
        });
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Candidates by relevance that the proximity bonus may reorder: enough that a hit it lifts is
/// rarely outside, few enough that reading their positions costs little.
const RERANK_WINDOW: usize = 50;

/// Days since the Unix epoch of a date column value.
fn day_of(d: DateTime) -> f64 {
    d.into_timestamp_secs() as f64 / 86_400.0
}

/// The newest article date in the index: "now" for `--recent`, so that an archive of 1987 wire
/// copy ranks its own latest stories first rather than treating everything as equally stale.
fn newest_day(searcher: &Searcher) -> tantivy::Result<Option<f64>> {
    let mut newest: Option<f64> = None;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().date(schema::DATE)?;
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
    query: &dyn Query,
    request: &Request,
) -> tantivy::Result<Collected> {
    // By relevance, a window of candidates is taken for the proximity bonus to reorder.
    let limit = if request.sort == SortOrder::Relevance {
        request.limit.max(RERANK_WINDOW)
    } else {
        request.limit.max(1)
    };
    let facets = (!request.facets.is_empty()).then(|| FacetCollector {
        facets: request.facets.clone(),
    });
    let plain = |(score, addr): (Score, DocAddress)| {
        (
            Ranked {
                relevance: score,
                recency: None,
            },
            addr,
        )
    };
    // Every order scores every match (no pruning under required terms), so the count and the
    // facets come from the same pass.
    if request.sort == SortOrder::Relevance && request.recent_half_life_days.is_none() {
        let (top, total, counts) = searcher.search(
            query,
            &(TopDocs::with_limit(limit).order_by_score(), Count, facets),
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
            let (top, total, counts) = searcher.search(query, &(collector, Count, facets))?;
            let top = top
                .into_iter()
                .map(|((_, relevance, factor), addr)| {
                    (
                        Ranked {
                            relevance,
                            recency: Some(factor),
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
            let (top, total, counts) = searcher.search(query, &(collector, Count, facets))?;
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

fn hits(
    searcher: &Searcher,
    f: &Fields,
    compiled: &Compiled,
    run: &Run,
    request: &Request,
) -> tantivy::Result<Vec<Hit>> {
    let highlighter = |field: Field| {
        Highlighter::new(
            schema::text_analyzer(),
            compiled.wanted.get(&field).cloned().unwrap_or_default(),
        )
    };
    let (title_h, standfirst_h) = (highlighter(f.title), highlighter(f.standfirst));
    // The lede is the body's opening: what matched it is highlighted in the body too.
    let mut body_wanted: Wanted = compiled.wanted.get(&f.body).cloned().unwrap_or_default();
    if let Some(lead) = compiled.wanted.get(&f.lead) {
        body_wanted.terms.extend(lead.terms.iter().cloned());
        body_wanted.phrases.extend(lead.phrases.iter().cloned());
        body_wanted.fuzzy.extend(lead.fuzzy.iter().cloned());
        body_wanted.prefixes.extend(lead.prefixes.iter().cloned());
    }
    let body_h = Highlighter::new(schema::text_analyzer(), body_wanted);
    let mut out = Vec::with_capacity(run.top.len());
    for (ranked, addr) in &run.top {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect()
        };
        let title = text(f.title);
        let standfirst = text(f.standfirst);
        let body = all(f.body);
        let mut snippets = Vec::new();
        snippets.extend(title.as_deref().and_then(|t| title_h.whole("title", t)));
        snippets.extend(
            standfirst
                .as_deref()
                .and_then(|s| standfirst_h.whole("standfirst", s)),
        );
        snippets.extend(body_h.passage(&body, request.fragments));
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(|d| d.into_utc().date());
        let explain = if request.explain {
            Some(explain_hit(searcher, compiled, run, *ranked, *addr)?)
        } else {
            None
        };
        out.push(Hit {
            score: ranked.relevance * ranked.recency.unwrap_or(1.0),
            id: text(f.id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            format: text(f.format).unwrap_or_default(),
            title,
            standfirst,
            byline: all(f.byline),
            date,
            source: text(f.source),
            url: text(f.url),
            snippets,
            explain,
        });
    }
    // Equal scores are ordered by id so that output is the same on every run; date orders come
    // from the collector as they are.
    if request.sort == SortOrder::Relevance {
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    }
    Ok(out)
}

/// Each scoring part's share of a hit's score.
fn explain_hit(
    searcher: &Searcher,
    compiled: &Compiled,
    run: &Run,
    ranked: Ranked,
    addr: DocAddress,
) -> tantivy::Result<HitExplain> {
    let mut matched = Vec::new();
    for unit in &compiled.units {
        let score = score_of(searcher, &*unit.query, addr)?;
        if score > 0.0 {
            matched.push(Contribution {
                field: unit.field,
                term: unit.label.clone(),
                score,
            });
        }
    }
    matched.sort_by(|a, b| b.score.total_cmp(&a.score));
    let proximity = match &run.proximity {
        Some(p) => p.bonuses(searcher, &[addr])?[0],
        None => 0.0,
    };
    Ok(HitExplain {
        relevance: ranked.relevance,
        matched,
        proximity,
        recency: ranked.recency,
    })
}

/// What `query` scores one document, 0 when it does not match. (Not `Query::explain`: tantivy's
/// phrase explanation asserts when the phrase's first match lies past the document.)
fn score_of(searcher: &Searcher, query: &dyn Query, addr: DocAddress) -> tantivy::Result<f32> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let reader = searcher.segment_reader(addr.segment_ord);
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.doc() > addr.doc_id {
        return Ok(0.0);
    }
    Ok(if scorer.seek(addr.doc_id) == addr.doc_id {
        scorer.score()
    } else {
        0.0
    })
}

/// "Did you mean": the query as typed, with each word the index does not hold replaced by the
/// most frequent indexed word at most two edits away (one for short words) that starts with the
/// same letter, written as an article writes it rather than as its stem.
fn suggest(searcher: &Searcher, f: &Fields, input: &str) -> tantivy::Result<Option<String>> {
    let mut analyzer = schema::text_analyzer();
    let mut stream = analyzer.token_stream(input);
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    while let Some(token) = stream.next() {
        let term = &token.text;
        // Field names, prefixes and excluded words are not misspellings of what was wanted.
        let next = input[token.offset_to..].chars().next();
        let before = input[..token.offset_from].chars().next_back();
        if matches!(next, Some(':' | '*')) || before == Some('-') {
            continue;
        }
        if doc_freq(searcher, f.body, term)? + doc_freq(searcher, f.title, term)? > 0 {
            continue;
        }
        if let Some(better) = nearest_term(searcher, f.body, term)? {
            let word = surface_form(searcher, f, &better)?.unwrap_or(better);
            replacements.push((token.offset_from..token.offset_to, word));
        }
        if replacements.len() > 32 {
            break;
        }
    }
    if replacements.is_empty() {
        return Ok(None);
    }
    let mut out = input.to_string();
    for (range, word) in replacements.into_iter().rev() {
        out.replace_range(range, &word);
    }
    Ok(Some(out))
}

fn doc_freq(searcher: &Searcher, field: Field, term: &str) -> tantivy::Result<u64> {
    searcher.doc_freq(&Term::from_field_text(field, term))
}

/// Candidates are scanned among the words that share the first letter: a bounded slice of
/// the vocabulary, whatever the archive's size.
fn nearest_term(searcher: &Searcher, field: Field, word: &str) -> tantivy::Result<Option<String>> {
    let Some(first) = word.chars().next() else {
        return Ok(None);
    };
    let max = match word.chars().count() {
        0..=3 => return Ok(None),
        4..=5 => 1,
        _ => 2,
    };
    let mut upper = first.to_string();
    upper.push(char::MAX);
    let mut best: Option<(usize, u64, String)> = None;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(first.to_string().as_bytes())
            .lt(upper.as_bytes())
            .into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let len_gap = candidate.chars().count().abs_diff(word.chars().count());
            if len_gap > max {
                continue;
            }
            let distance = strsim::osa_distance(word, candidate);
            if distance == 0 || distance > max {
                continue;
            }
            let freq = u64::from(stream.value().doc_freq);
            let better = best.as_ref().is_none_or(|(d, n, _)| {
                (distance, std::cmp::Reverse(freq)) < (*d, std::cmp::Reverse(*n))
            });
            if better {
                best = Some((distance, freq, candidate.to_string()));
            }
        }
    }
    Ok(best.map(|(_, _, t)| t))
}

/// The word as an article writes it (lower-cased) for an index term: "presid" → "president".
fn surface_form(searcher: &Searcher, f: &Fields, term: &str) -> tantivy::Result<Option<String>> {
    let query = TermQuery::new(
        Term::from_field_text(f.body, term),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, addr)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*addr)?;
    let mut analyzer = schema::text_analyzer();
    for paragraph in doc.get_all(f.body).filter_map(|v| v.as_str()) {
        let mut stream = analyzer.token_stream(paragraph);
        while let Some(token) = stream.next() {
            if token.text == term {
                return Ok(Some(
                    paragraph[token.offset_from..token.offset_to].to_lowercase(),
                ));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_lives_in_days() {
        assert_eq!(parse_half_life("30d").unwrap(), 30.0);
        assert_eq!(parse_half_life("2").unwrap(), 2.0);
        assert_eq!(parse_half_life("2w").unwrap(), 14.0);
        assert!((parse_half_life("1Y").unwrap() - 365.25).abs() < 1e-9);
        for bad in ["", "0d", "-3d", "soon", "3x", "nand", "inf"] {
            let e = parse_half_life(bad).unwrap_err().to_string();
            assert!(e.contains("--recent"), "{bad}: {e}");
        }
    }

    #[test]
    fn recency_halves_towards_one_half() {
        assert_eq!(recency_factor(Some(100.0), 100.0, 30.0), 1.0);
        assert_eq!(recency_factor(Some(70.0), 100.0, 30.0), 0.75);
        assert_eq!(recency_factor(None, 100.0, 30.0), 0.5);
        assert!(recency_factor(Some(10.0), 100.0, 30.0) > 0.5);
    }

    #[test]
    fn days_from_partial_dates() {
        assert_eq!(
            parse_day("--since", "2019", false).unwrap().to_string(),
            "2019-01-01"
        );
        assert_eq!(
            parse_day("--until", "2019", true).unwrap().to_string(),
            "2019-12-31"
        );
        assert_eq!(
            parse_day("--until", "2020-02", true).unwrap().to_string(),
            "2020-02-29"
        );
        assert_eq!(
            parse_day("--since", "2019-03-29", false)
                .unwrap()
                .to_string(),
            "2019-03-29"
        );
    }

    #[test]
    fn bad_dates_name_the_flag() {
        let err = parse_day("--since", "2019-13-45", false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--since") && err.contains("2019-13-45"),
            "{err}"
        );
        assert!(parse_day("--since", "19", false).is_err());
        assert!(parse_day("--since", "yesterday", false).is_err());
        assert!(parse_day("--since", "2019-1-1", false).is_err());
    }
}
