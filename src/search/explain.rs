//! `--explain`: what each hit's score is made of, term by term and field by field.

use serde::Serialize;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Searcher};

use crate::search::query::Compiled;
use crate::search::rank::{Ranked, Run};

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
    /// When the query names people: the factor their being the article's people (not a company
    /// or a place of the same name) multiplied the relevance by.
    pub named: Option<f32>,
}

/// One matched term's share of a score.
#[derive(Debug, Clone, Serialize)]
pub struct Contribution {
    pub field: &'static str,
    pub term: String,
    pub score: f32,
}

/// Each scoring part's share of a hit's score.
pub(crate) fn explain_hit(
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
    let mut proximity = 0.0;
    for bonus in &run.proximity {
        proximity += bonus.bonuses(searcher, &[addr])?[0];
    }
    Ok(HitExplain {
        relevance: ranked.relevance,
        matched,
        proximity,
        recency: ranked.recency,
        named: ranked.named,
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
