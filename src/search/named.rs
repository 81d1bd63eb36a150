//! The people a query names: "baker" is a person in the stories about James Baker, and a company
//! in those about Baker Hughes. When the query's words are names of people in the archive, the
//! best candidates in which the tagger found them as people (`extract::entities`) rise above
//! those that use the words otherwise ("McDonnell Douglas", "Wilson Foods", "Black Hawk").
//!
//! Like the proximity bonus it is worked out for the few best candidates only, from the
//! person field's postings.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, Searcher};

/// A query word is a name when at least this share of the articles using it name a person with
/// it: "baker" (most of its articles) and "douglas" (one in five) are; "oil", which the tagger
/// puts in a name now and then, is not.
const NAME_SHARE: f64 = 0.1;
/// How much more an article counts when every name the query gives is one of its people (in
/// proportion when some are).
const PERSON_BOOST: f32 = 0.5;
/// Queries of more words than this are not lists of names: "baker volcker" asks about two
/// people, "baker says dollar drop counterproductive" recalls a headline, where the names are
/// words like the others.
pub(crate) const MAX_WORDS: usize = 3;

/// The query words that name people, as terms of the person field.
pub struct Named {
    terms: Vec<Term>,
    field: Field,
}

impl Named {
    /// For `words`, each as the person field and as the body index it; `None` when none of them
    /// is a name.
    ///
    /// # Errors
    /// The index's statistics cannot be read.
    pub fn new(
        statistics: &dyn Bm25StatisticsProvider,
        person: Field,
        body: Field,
        words: &[(String, String)],
    ) -> tantivy::Result<Option<Named>> {
        if words.is_empty() || words.len() > MAX_WORDS {
            return Ok(None);
        }
        let mut terms = Vec::new();
        for (as_named, as_used) in words {
            let as_person = Term::from_field_text(person, as_named);
            let named = statistics.doc_freq(&as_person)?;
            let used = statistics.doc_freq(&Term::from_field_text(body, as_used))?;
            if named > 0 && named as f64 >= NAME_SHARE * used as f64 {
                terms.push(as_person);
            }
        }
        Ok((!terms.is_empty()).then_some(Named {
            terms,
            field: person,
        }))
    }

    /// What each document's relevance is multiplied by, in the order given: 1 when none of the
    /// names is one of its people, up to 1 + [`PERSON_BOOST`] when all are.
    ///
    /// # Errors
    /// The index's postings cannot be read.
    pub fn factors(&self, searcher: &Searcher, docs: &[DocAddress]) -> tantivy::Result<Vec<f32>> {
        let mut found = vec![0usize; docs.len()];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| (docs[i].segment_ord, docs[i].doc_id));
        for part in order.chunk_by(|&a, &b| docs[a].segment_ord == docs[b].segment_ord) {
            let reader = searcher.segment_reader(docs[part[0]].segment_ord);
            let inverted = reader.inverted_index(self.field)?;
            for term in &self.terms {
                let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)?
                else {
                    continue;
                };
                for &k in part {
                    let doc = docs[k].doc_id;
                    // TERMINATED is past every document.
                    if postings.doc() < doc {
                        postings.seek(doc);
                    }
                    if postings.doc() == doc {
                        found[k] += 1;
                    }
                }
            }
        }
        let all = self.terms.len() as f32;
        Ok(found
            .into_iter()
            .map(|n| 1.0 + PERSON_BOOST * n as f32 / all)
            .collect())
    }
}
