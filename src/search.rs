//! Searching: lenient query parsing, date filters, ranking, and hits as our own type.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};
use thiserror::Error;
use time::{Date, Month};

use crate::index::Index;
use crate::schema::{self, Fields};
use crate::snippet::{Highlighter, Snippet};

/// What was asked.
#[derive(Debug, Clone)]
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
}

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

/// One article found, with what a reader needs to judge it.
#[derive(Debug, Clone)]
pub struct Hit {
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
    /// Title and standfirst snippets when they matched, then the body passage.
    pub snippets: Vec<Snippet>,
}

/// The answer to a request.
#[derive(Debug)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Articles matching, of which `hits` are the best.
    pub total: usize,
    /// Parts of the query that were ignored, in words for the user.
    pub ignored: Vec<String>,
    /// True when no article had every term and any-term matching was used instead.
    pub relaxed: bool,
}

/// Errors a caller reports and exits on.
#[derive(Debug, Error)]
pub enum QueryError {
    #[error("invalid date {value:?} for {flag}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate { flag: &'static str, value: String },
    #[error("--since {since} is after --until {until}")]
    EmptyRange { since: String, until: String },
    #[error("the query is empty")]
    Empty,
    #[error(transparent)]
    Engine(#[from] tantivy::TantivyError),
}

/// Fields searched when the query names none, with their boosts: the headline counts most, then
/// the lede (what the story leads with is what it is about), the standfirst, the byline and the
/// rest of the body. Tuned on the Reuters known-item and people queries of
/// `score-search.py` (two seeds agree); see BENCHMARKS.md.
const BOOSTS: &[(&str, f32)] = &[
    (schema::TITLE, 3.0),
    (schema::STANDFIRST, 2.0),
    (schema::LEAD, 2.5),
    (schema::BYLINE, 1.5),
    (schema::BODY, 1.0),
];

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
    let reader = index.inner.reader()?;
    let searcher = reader.searcher();
    let f = index.fields;

    let (query_text, mut ignored) = sanitize(&request.query);
    let mut parser = query_parser(index);
    parser.set_conjunction_by_default();
    let (query, errors) = parser.parse_query_lenient(&query_text);
    ignored.extend(errors.iter().map(ToString::to_string));
    let proximity = proximity_query(&f, &query_text);
    let query = with_proximity(query, proximity.as_ref().map(|q| q.box_clone()));
    let filters = filters(&f, request);
    let filtered = with_filters(query, &filters, f.date, request.since, request.until);
    let (mut top, mut total) = collect(&searcher, &*filtered, request)?;
    let mut matched = filtered;
    let mut relaxed = false;
    if total == 0 {
        // No article has every term: rank by any of them rather than answer nothing.
        let (any_query, _) = query_parser(index).parse_query_lenient(&query_text);
        let any_query = with_proximity(any_query, proximity);
        let any_query = with_filters(any_query, &filters, f.date, request.since, request.until);
        let (any_top, any_total) = collect(&searcher, &*any_query, request)?;
        if any_total > 0 {
            (top, total, matched, relaxed) = (any_top, any_total, any_query, true);
        }
    }
    let by_relevance = request.sort == SortOrder::Relevance;
    let hits = hits(
        &searcher,
        &f,
        &*matched,
        top,
        request.fragments,
        by_relevance,
    )?;
    Ok(Results {
        hits,
        total,
        ignored,
        relaxed,
    })
}

/// Field names a query may use, and the names people also type for them.
const QUERY_FIELDS: &[(&str, &str)] = &[
    ("title", schema::TITLE),
    ("headline", schema::TITLE),
    ("standfirst", schema::STANDFIRST),
    ("dek", schema::STANDFIRST),
    ("byline", schema::BYLINE),
    ("author", schema::BYLINE),
    ("body", schema::BODY),
    ("text", schema::BODY),
    ("source", schema::SOURCE),
    ("url", schema::URL),
    ("lang", schema::LANG),
    ("format", schema::FORMAT),
    ("id", schema::ID),
];

static FIELD_PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(^|[\s(+-])([\p{L}_][\p{L}\p{N}_]*):(\S?)")
        .expect("field prefix regex is valid")
});

/// Make a typed query safe for the parser, saying what was changed: an unmatched quote is
/// dropped, `field:` with nothing after it is dropped, an unknown `word:` is searched as words,
/// field aliases (`author:`, `headline:`) become our field names, unmatched parentheses go.
pub fn sanitize(query: &str) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let words = query.split_whitespace().count();
    let mut text = if words > MAX_QUERY_WORDS {
        notes.push(format!(
            "the query has {words} words; only the first {MAX_QUERY_WORDS} were used"
        ));
        query
            .split_whitespace()
            .take(MAX_QUERY_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        query.to_string()
    };
    if text.matches('"').count() % 2 == 1 {
        let at = text
            .rfind('"')
            .expect("an odd count means at least one quote");
        text.remove(at);
        notes.push("an unmatched quote (\") was dropped".to_string());
    }
    // Rewrite field prefixes outside phrases only: inside quotes a colon is just punctuation.
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        if !part.contains(':') {
            out.push_str(&rewrite_wildcards(part, &mut notes));
            continue;
        }
        let rewritten = FIELD_PREFIX.replace_all(part, |caps: &regex::Captures| {
            let (lead, name, next) = (&caps[1], &caps[2], &caps[3]);
            let known = QUERY_FIELDS.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(name));
            match known {
                Some(_) if next.is_empty() => {
                    notes.push(format!("`{name}:` has no term after it and was dropped"));
                    lead.to_string()
                }
                Some((_, field)) => format!("{lead}{field}:{next}"),
                None => {
                    notes.push(format!("`{name}:` is not a field (try title:, byline:, source:, body:); searched as words"));
                    format!("{lead}{name} {next}")
                }
            }
        });
        out.push_str(&rewrite_wildcards(&rewritten, &mut notes));
    }
    let text = balance_parentheses(&out, &mut notes);
    (text, notes)
}

/// Longer queries are cut: no one types more, and each word costs a clause.
const MAX_QUERY_WORDS: usize = 1000;

/// Deeper nesting than this is flattened: nobody means it, and the parser recurses per level.
const MAX_NESTING: usize = 16;

/// Shortest prefix searched with `word*`: shorter ones would match most of the vocabulary.
const MIN_PREFIX_CHARS: usize = 3;

static PREFIX_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(^|[\s(+:-])([\p{L}\p{N}]+)\*").expect("prefix regex is valid")
});

/// `friend*` becomes a prefix search (a regular expression over the index's words, lower-cased
/// and accent-folded as the index is, but not stemmed: a stem cut short would miss). Slashes,
/// which would let a typed regular expression loose on the whole vocabulary, are dropped.
fn rewrite_wildcards(part: &str, notes: &mut Vec<String>) -> String {
    let mut part = part.to_string();
    if part.contains('/') {
        notes.push("regular expressions are not supported; `/` was dropped".to_string());
        part = part.replace('/', " ");
    }
    if !part.contains('*') {
        // Compiling the pattern costs a millisecond or two per process: only when needed.
        return part;
    }
    PREFIX_WORD
        .replace_all(&part, |caps: &regex::Captures| {
            let (lead, word) = (&caps[1], &caps[2]);
            let folded = fold(word);
            if folded.chars().count() < MIN_PREFIX_CHARS {
                notes.push(format!(
                    "`{word}*` is too short a prefix; searched as `{word}`"
                ));
                format!("{lead}{word}")
            } else if lead == ":" {
                format!("{lead}/{folded}.*/")
            } else {
                // A regular expression needs a field: the default fields, any of them.
                let any: Vec<String> = DEFAULT_FIELDS
                    .iter()
                    .map(|f| format!("{f}:/{folded}.*/"))
                    .collect();
                format!("{lead}({})", any.join(" OR "))
            }
        })
        .into_owned()
}

/// Lower-case and fold accents as the index does, without stemming.
fn fold(word: &str) -> String {
    let mut analyzer =
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(tantivy::tokenizer::AsciiFoldingFilter)
            .build();
    let mut stream = analyzer.token_stream(word);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

fn balance_parentheses(text: &str, notes: &mut Vec<String>) -> String {
    // One entry per open parenthesis: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut in_phrase = false;
    let mut flattened = false;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => in_phrase = !in_phrase,
            '(' if !in_phrase => {
                let keep = open.iter().filter(|&&k| k).count() < MAX_NESTING;
                open.push(keep);
                if !keep {
                    flattened = true;
                    out.push(' ');
                    continue;
                }
            }
            ')' if !in_phrase => match open.pop() {
                Some(true) => {}
                Some(false) => {
                    out.push(' ');
                    continue;
                }
                None => {
                    notes.push("an unmatched `)` was dropped".to_string());
                    continue;
                }
            },
            _ => {}
        }
        out.push(c);
    }
    if flattened {
        notes.push(format!(
            "parentheses nested deeper than {MAX_NESTING} were flattened"
        ));
    }
    let unclosed = open.iter().filter(|&&k| k).count();
    if unclosed > 0 {
        notes.push(format!("{unclosed} unclosed `(` closed at the end"));
        out.push_str(&")".repeat(unclosed));
    }
    out
}

/// Fields searched when the query names none.
const DEFAULT_FIELDS: &[&str] = &[
    schema::TITLE,
    schema::STANDFIRST,
    schema::LEAD,
    schema::BYLINE,
    schema::BODY,
];

fn query_parser(index: &Index) -> QueryParser {
    let schema = index.inner.schema();
    let field = |name: &str| {
        schema
            .get_field(name)
            .expect("our fields are in the schema")
    };
    let defaults = DEFAULT_FIELDS.iter().map(|name| field(name)).collect();
    let mut parser = QueryParser::for_index(&index.inner, defaults);
    // Only our own `word*` rewrites reach the parser as regular expressions (see `sanitize`).
    parser.allow_regexes();
    for (name, boost) in BOOSTS {
        parser.set_field_boost(field(name), *boost);
    }
    parser
}

/// How far apart (in words) the query's words may stand and still earn the proximity bonus:
/// about a sentence.
const PROXIMITY_SLOP: u32 = 12;
/// The weight of the proximity bonus beside the terms' own scores.
const PROXIMITY_BOOST: f32 = 3.0;

/// A bonus for articles whose body has the query's plain words close together, in order: "Xi
/// Putin" in one sentence beats Xi in the first paragraph and Putin in the last. Words inside
/// quotes (already a phrase), excluded words and `field:` terms take no part.
fn proximity_query(fields: &Fields, query_text: &str) -> Option<Box<dyn Query>> {
    let mut analyzer = schema::text_analyzer();
    let mut terms = Vec::new();
    for (i, part) in query_text.split('"').enumerate() {
        if i % 2 == 1 {
            continue;
        }
        for word in part.split_whitespace() {
            let word = word
                .trim_start_matches('+')
                .trim_matches(|c| c == '(' || c == ')');
            if word.starts_with('-')
                || word.contains(':')
                || matches!(word, "AND" | "OR" | "NOT" | "&&" | "||")
            {
                continue;
            }
            let mut stream = analyzer.token_stream(word);
            while let Some(token) = stream.next() {
                terms.push(Term::from_field_text(fields.body, &token.text));
            }
        }
    }
    if terms.len() < 2 || terms.len() > 16 {
        return None;
    }
    let mut phrase = PhraseQuery::new(terms);
    phrase.set_slop(PROXIMITY_SLOP);
    Some(Box::new(BoostQuery::new(Box::new(phrase), PROXIMITY_BOOST)))
}

/// `query` must match; `proximity`, when there is one, adds to the score of those that do.
fn with_proximity(query: Box<dyn Query>, proximity: Option<Box<dyn Query>>) -> Box<dyn Query> {
    match proximity {
        Some(bonus) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Should, bonus),
        ])),
        None => query,
    }
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

/// The best `limit` documents in the requested order, and the number matching.
fn collect(
    searcher: &Searcher,
    query: &dyn Query,
    request: &Request,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
    let limit = request.limit.max(1);
    match request.sort {
        SortOrder::Relevance => {
            let (top, total) =
                searcher.search(query, &(TopDocs::with_limit(limit).order_by_score(), Count))?;
            Ok((top, total))
        }
        SortOrder::Newest | SortOrder::Oldest => {
            let order = if request.sort == SortOrder::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let collector =
                TopDocs::with_limit(limit).order_by_fast_field::<DateTime>(schema::DATE, order);
            let (top, total) = searcher.search(query, &(collector, Count))?;
            // Dated articles first in the asked order; undated ones after them.
            let (mut dated, undated): (Vec<_>, Vec<_>) =
                top.into_iter().partition(|(d, _)| d.is_some());
            dated.extend(undated);
            Ok((
                dated.into_iter().map(|(_, addr)| (0.0, addr)).collect(),
                total,
            ))
        }
    }
}

fn hits(
    searcher: &Searcher,
    f: &Fields,
    query: &dyn Query,
    top: Vec<(f32, DocAddress)>,
    fragments: usize,
    by_relevance: bool,
) -> tantivy::Result<Vec<Hit>> {
    let terms = query_terms(query);
    let highlighter =
        |field: Field| Highlighter::new(schema::text_analyzer(), terms_for(&terms, field));
    let (title_h, standfirst_h, body_h) = (
        highlighter(f.title),
        highlighter(f.standfirst),
        highlighter(f.body),
    );
    let mut out = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
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
        snippets.extend(body_h.passage(&body, fragments));
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(|d| d.into_utc().date());
        out.push(Hit {
            score,
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
        });
    }
    // Equal scores are ordered by id so that output is the same on every run; date orders come
    // from the collector as they are.
    if by_relevance {
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    }
    Ok(out)
}

/// Every (field, analysed term) the query looks for.
fn query_terms(query: &dyn Query) -> Vec<(Field, String)> {
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if let Some(text) = term.value().as_str() {
            terms.push((term.field(), text.to_string()));
        }
    });
    terms
}

fn terms_for(terms: &[(Field, String)], field: Field) -> HashSet<String> {
    terms
        .iter()
        .filter(|(f, _)| *f == field)
        .map(|(_, t)| t.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_repairs_what_people_type() {
        assert_eq!(sanitize("\"Xi Putin").0, "Xi Putin");
        assert_eq!(sanitize("title:").0, "");
        assert_eq!(sanitize("title: Putin").0, " Putin");
        assert_eq!(sanitize("author:Repnikova").0, "byline:Repnikova");
        assert_eq!(sanitize("note:friendship medal").0, "note friendship medal");
        assert_eq!(sanitize("\"note: this\" x").0, "\"note: this\" x");
        assert_eq!(sanitize("(Putin OR Xi").0, "(Putin OR Xi)");
        assert_eq!(sanitize("Putin)").0, "Putin");
        assert_eq!(sanitize("Xi Putin"), ("Xi Putin".to_string(), vec![]));
        assert_eq!(sanitize("-medal Putin").0, "-medal Putin");
        assert_eq!(
            sanitize("Repnik* medal").0,
            "(title:/repnik.*/ OR standfirst:/repnik.*/ OR lead:/repnik.*/ OR byline:/repnik.*/ OR body:/repnik.*/) medal"
        );
        assert_eq!(sanitize("title:Émig*").0, "title:/emig.*/");
        assert_eq!(sanitize("Xi*").0, "Xi");
        assert_eq!(sanitize("/.*/ Putin").0, " .*  Putin");
        assert_eq!(sanitize("\"a* b\"").0, "\"a* b\"");
        let deep = format!("{}Putin{}", "(".repeat(5000), ")".repeat(5000));
        let (text, notes) = sanitize(&deep);
        assert_eq!(text.matches('(').count(), MAX_NESTING);
        assert_eq!(text.matches(')').count(), MAX_NESTING);
        assert!(notes.iter().any(|n| n.contains("flattened")));
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
