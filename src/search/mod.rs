//! Searching: a [`Request`] in, [`Results`] out. The query is repaired and compiled
//! ([`repair`], [`query`]), narrowed and ranked ([`rank`], [`proximity`]), counted ([`facets`]),
//! and each hit is read back as plain data with the passages that show why it matched
//! ([`snippet`]) and, on request, an account of its score ([`explain`]). When nothing matches,
//! [`suggest`] offers a corrected query. [`stats`] says what an index holds.
//!
//! tantivy's types stay inside this module and `index`: a [`Hit`] is plain data.

pub mod aliases;
pub mod any_of;
pub mod article;
pub mod copies;
pub mod explain;
pub mod facets;
pub mod named;
pub mod plan;
pub mod proximity;
pub mod query;
pub mod rank;
pub mod repair;
pub mod request;
pub mod snippet;
pub mod stats;
pub mod suggest;
pub mod timeline;

use std::collections::{HashMap, HashSet};

use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};
use thiserror::Error;
use time::Date;

use crate::index::schema::Fields;
use crate::index::Index;
use crate::search::explain::{explain_hit, HitExplain};
use crate::search::facets::Counts;
use crate::search::plan::Plan;
use crate::search::query::{Compiled, Compiler, Wanted};
use crate::search::rank::{filters, Run};
use crate::search::snippet::{ProseSnippets, Snippet};
use crate::search::suggest::suggest;

pub use request::{Request, SortOrder};

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
    /// Other articles that are copies of this one (the same story republished), earliest first.
    pub copies: Vec<copies::Member>,
    /// People, organisations and places the article names.
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
    pub url: Option<String>,
    /// Title and standfirst snippets when they matched, then the body passages.
    pub snippets: Vec<Snippet>,
    /// With `explain`: what the score is made of.
    pub explain: Option<HitExplain>,
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
    #[error("the query is empty")]
    Empty,
    /// The index could not be read: damaged, changed under the search, or unreadable; said
    /// with what to do.
    #[error(transparent)]
    Index(anyhow::Error),
}

/// Search `index`.
///
/// # Errors
/// An empty query, or an index that cannot be read.
pub fn search(index: &Index, request: &Request) -> Result<Results, QueryError> {
    if request.query.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    run_search(index, request).map_err(|e| QueryError::Index(index.explain(e)))
}

fn run_search(index: &Index, request: &Request) -> tantivy::Result<Results> {
    let searcher = index.searcher()?;
    let f = index.fields;
    let compiler = Compiler::new(index, &request.aliases);
    let filters = filters(searcher.schema(), &f, request);

    let statistics = rank::Statistics::new(&searcher);
    let run =
        |compiled: &Compiled| rank::run(&searcher, &statistics, &f, compiled, &filters, request);
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
    let copies = fold_copies(&searcher, &mut result, request)?;
    let hits = hits(&searcher, &f, &compiled, &result, &copies, request)?;
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

/// Each story once: a candidate that is a copy of a better-ranked one is folded into it, and the
/// candidates are cut to the limit. Returns the copies of each hit kept: those among the ranked
/// candidates (`rank::COPIES_WINDOW` beyond the page), that is the copies that match the query
/// best; the article page and `morgue copies` list a story's every copy.
fn fold_copies(
    searcher: &Searcher,
    run: &mut Run,
    request: &Request,
) -> tantivy::Result<HashMap<DocAddress, Vec<DocAddress>>> {
    let mut copies_of: HashMap<DocAddress, Vec<DocAddress>> = HashMap::new();
    let wanted = request.offset + request.limit.max(1);
    if request.all_copies {
        // Every copy is a hit of its own: nothing to fold, nothing to list.
        run.top.truncate(wanted);
        run.top.drain(..request.offset.min(run.top.len()));
        return Ok(copies_of);
    }
    let addrs: Vec<DocAddress> = run.top.iter().map(|&(_, addr)| addr).collect();
    let among = copies::among(searcher, &addrs)?;
    let mut covered: HashSet<DocAddress> = HashSet::new();
    let mut kept = Vec::with_capacity(wanted);
    for (at, (ranked, addr)) in run.top.drain(..).enumerate() {
        if kept.len() == wanted {
            break;
        }
        if covered.contains(&addr) {
            continue;
        }
        let found: Vec<DocAddress> = among[at].iter().map(|&i| addrs[i]).collect();
        covered.extend(found.iter().copied());
        if kept.len() >= request.offset {
            copies_of.insert(addr, found);
        }
        kept.push((ranked, addr));
    }
    // Earlier pages' stories are folded the same way, then left out.
    kept.drain(..request.offset.min(kept.len()));
    run.top = kept;
    Ok(copies_of)
}

/// The first value of a stored text field.
pub(crate) fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The day of a stored date field.
pub(crate) fn stored_date(doc: &TantivyDocument, field: Field) -> Option<Date> {
    doc.get_first(field)
        .and_then(|v| v.as_datetime())
        .map(|d| d.into_utc().date())
}

/// Every value of a stored text field, in order.
pub(crate) fn stored_texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

fn hits(
    searcher: &Searcher,
    f: &Fields,
    compiled: &Compiled,
    run: &Run,
    copies_of: &HashMap<DocAddress, Vec<DocAddress>>,
    request: &Request,
) -> tantivy::Result<Vec<Hit>> {
    // The lede is the body's opening: what matched it is highlighted in the body too.
    let mut body_wanted: Wanted = compiled.wanted.get(&f.body).cloned().unwrap_or_default();
    if let Some(lead) = compiled.wanted.get(&f.lead) {
        body_wanted.terms.extend(lead.terms.iter().cloned());
        body_wanted.phrases.extend(lead.phrases.iter().cloned());
        body_wanted.fuzzy.extend(lead.fuzzy.iter().cloned());
        body_wanted.prefixes.extend(lead.prefixes.iter().cloned());
    }
    let wanted = |field: Field| compiled.wanted.get(&field).cloned().unwrap_or_default();
    let mut prose = ProseSnippets::new([wanted(f.title), wanted(f.standfirst), body_wanted]);
    let mut out = Vec::with_capacity(run.top.len());
    for (ranked, addr) in &run.top {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let text = |field: Field| stored_text(&doc, field);
        let all = |field: Field| stored_texts(&doc, field);
        let title = text(f.title);
        let standfirst = text(f.standfirst);
        let snippets = prose.of(
            text(f.lang).as_deref(),
            title.as_deref(),
            standfirst.as_deref(),
            &all(f.body),
            request.fragments,
        );
        let date = stored_date(&doc, f.date);
        let explain = if request.explain {
            Some(explain_hit(searcher, compiled, run, *ranked, *addr)?)
        } else {
            None
        };
        let mut copies = Vec::new();
        for copy in copies_of.get(addr).into_iter().flatten() {
            copies.push(copies::member(searcher, f, *copy)?);
        }
        copies::sort_group(&mut copies);
        out.push(Hit {
            copies,
            score: ranked.relevance * ranked.recency.unwrap_or(1.0),
            id: text(f.id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            format: text(f.format).unwrap_or_default(),
            title,
            standfirst,
            byline: all(f.byline),
            date,
            source: text(f.source),
            people: all(f.person_key),
            orgs: all(f.org_key),
            places: all(f.place_key),
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
