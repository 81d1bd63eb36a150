//! The proximity bonus: articles whose body has the query's plain words close together, in
//! order ("Xi Putin" in one sentence beats Xi in the first paragraph and Putin in the last), and
//! more when they stand side by side as a name does ("Vladimir Putin" beats "Vladimir" and
//! "Putin" a few words apart). The headline gets the same bonus on its own: a reader who types a
//! run of a headline's words finds it before the headlines that merely hold them.
//!
//! It is computed for the few best candidates only, from the words' positions read directly:
//! tantivy's phrase scorer, asked about one document, reads on to the next document where the
//! phrase occurs, which for a rare phrase is most of the index. The score is BM25 over the
//! count of occurrences, as tantivy scores a phrase.

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, Searcher};

use crate::search::query::Analysis;

/// How far apart (in words, beyond adjacency) the words may stand and still count as close: a
/// sentence, and a paragraph.
const SENTENCE_SLOP: u32 = 12;
const PARAGRAPH_SLOP: u32 = 40;
/// The weights of words standing within a sentence and within a paragraph, beside the terms'
/// own scores (the two add up for words within a sentence).
const SENTENCE_BOOST: f32 = 2.0;
const PARAGRAPH_BOOST: f32 = 3.0;
/// The extra weight of words standing side by side.
const ADJACENT_BOOST: f32 = 2.0;
/// Queries of more words than this are not phrases anyone means.
const MAX_WORDS: usize = 16;

/// Scores the closeness of a query's words in one field.
pub struct Proximity {
    field: Field,
    /// The words as each language's prose holds them (see `query::Compiled::plain_words`).
    ways: Vec<Way>,
}

/// The words of a query as some languages stem them, and their weights.
struct Way {
    terms: Vec<Term>,
    /// The stemming languages of the articles that hold the words so (all when empty).
    languages: Vec<Term>,
    sentence: Bm25Weight,
    paragraph: Bm25Weight,
    adjacent: Bm25Weight,
}

impl Proximity {
    /// For the query's words in `field` (analysed, in query order, as each of the index's
    /// languages holds them; `stemming` is the field of the articles' languages); `None` for
    /// fewer than two words.
    ///
    /// # Errors
    /// The index's statistics cannot be read.
    pub fn new(
        statistics: &dyn Bm25StatisticsProvider,
        field: Field,
        stemming: Field,
        analyses: &[Analysis],
    ) -> tantivy::Result<Option<Self>> {
        let mut ways = Vec::new();
        for analysis in analyses {
            let words = &analysis.terms;
            if words.len() < 2 || words.len() > MAX_WORDS {
                continue;
            }
            let terms: Vec<Term> = words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let weight = Bm25Weight::for_terms(statistics, &terms)?;
            ways.push(Way {
                terms,
                languages: analysis
                    .languages
                    .iter()
                    .map(|code| Term::from_field_text(stemming, code))
                    .collect(),
                sentence: weight.boost_by(SENTENCE_BOOST),
                paragraph: weight.boost_by(PARAGRAPH_BOOST),
                adjacent: weight.boost_by(ADJACENT_BOOST),
            });
        }
        Ok((!ways.is_empty()).then_some(Proximity { field, ways }))
    }

    /// The bonus of each document, in the order given (0 where the words are not close): the
    /// best of the languages' (an article holds its own language's stems).
    ///
    /// # Errors
    /// The index's postings cannot be read.
    pub fn bonuses(&self, searcher: &Searcher, docs: &[DocAddress]) -> tantivy::Result<Vec<f32>> {
        let mut out = vec![0.0f32; docs.len()];
        for way in &self.ways {
            for (best, bonus) in out.iter_mut().zip(way.bonuses(searcher, self.field, docs)?) {
                *best = best.max(bonus);
            }
        }
        Ok(out)
    }
}

impl Way {
    fn bonuses(
        &self,
        searcher: &Searcher,
        field: Field,
        docs: &[DocAddress],
    ) -> tantivy::Result<Vec<f32>> {
        let mut out = vec![0.0; docs.len()];
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| (docs[i].segment_ord, docs[i].doc_id));
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); self.terms.len()];
        let mut i = 0;
        while i < order.len() {
            let part = docs[order[i]].segment_ord;
            let end = order[i..]
                .iter()
                .position(|&k| docs[k].segment_ord != part)
                .map_or(order.len(), |n| i + n);
            let reader = searcher.segment_reader(part);
            // The articles of the languages that hold the words so, when not all do.
            let mut languages = Vec::new();
            if let Some(first) = self.languages.first() {
                let inverted = reader.inverted_index(first.field())?;
                for term in &self.languages {
                    languages.extend(inverted.read_postings(term, IndexRecordOption::Basic)?);
                }
            }
            let inverted = reader.inverted_index(field)?;
            let mut postings: Vec<SegmentPostings> = Vec::with_capacity(self.terms.len());
            for term in &self.terms {
                match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                    Some(p) => postings.push(p),
                    None => break,
                }
            }
            if postings.len() == self.terms.len() {
                let norms = reader.get_fieldnorms_reader(field)?;
                for &k in &order[i..end] {
                    let doc = docs[k].doc_id;
                    if !self.languages.is_empty() && !languages.iter_mut().any(|p| holds(p, doc)) {
                        continue;
                    }
                    let mut all_there = true;
                    for (p, list) in postings.iter_mut().zip(positions.iter_mut()) {
                        if p.doc() < doc {
                            p.seek(doc);
                        }
                        if p.doc() != doc {
                            all_there = false;
                            break;
                        }
                        list.clear();
                        p.positions(list);
                    }
                    if !all_there {
                        continue;
                    }
                    let found = occurrences(&positions);
                    let norm = norms.fieldnorm_id(doc);
                    if found.paragraph > 0 {
                        out[k] += self.paragraph.score(norm, found.paragraph);
                    }
                    if found.sentence > 0 {
                        out[k] += self.sentence.score(norm, found.sentence);
                    }
                    let adjacent = found.adjacent;
                    if adjacent > 0 {
                        out[k] += self.adjacent.score(norm, adjacent);
                    }
                }
            }
            i = end;
        }
        Ok(out)
    }
}

/// Whether `postings` hold `doc` (documents asked in increasing order).
fn holds(postings: &mut SegmentPostings, doc: tantivy::DocId) -> bool {
    if postings.doc() < doc {
        postings.seek(doc);
    }
    postings.doc() == doc
}

/// How often the words occur in order: within a paragraph's, a sentence's reach, and side by
/// side.
#[derive(Debug, Default, PartialEq, Eq)]
struct Occurrences {
    paragraph: u32,
    sentence: u32,
    adjacent: u32,
}

/// Each start of the first word counts once, with the closest following chain of the others.
fn occurrences(positions: &[Vec<u32>]) -> Occurrences {
    let n = positions.len() as u32;
    let mut found = Occurrences::default();
    for &start in &positions[0] {
        let mut previous = start;
        for list in &positions[1..] {
            let next = list.partition_point(|&p| p <= previous);
            match list.get(next) {
                Some(&p) => previous = p,
                // No later occurrence of this word: no later start can chain either.
                None => return found,
            }
        }
        let extra = previous - start - (n - 1);
        found.paragraph += u32::from(extra <= PARAGRAPH_SLOP);
        found.sentence += u32::from(extra <= SENTENCE_SLOP);
        found.adjacent += u32::from(extra == 0);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_and_adjacent_occurrences_are_counted() {
        let count = |p: &[Vec<u32>]| {
            let o = occurrences(p);
            (o.paragraph, o.sentence, o.adjacent)
        };
        // "vladimir putin ... vladimir x x putin ... vladimir (30 words) putin"
        assert_eq!(count(&[vec![0, 10, 50], vec![1, 13, 81]]), (3, 2, 1));
        // Out of order does not count.
        assert_eq!(count(&[vec![5], vec![2]]), (0, 0, 0));
        // Three words, one extra word between the last two.
        assert_eq!(count(&[vec![3], vec![4], vec![6]]), (1, 1, 0));
    }
}
