//! A word looked for in several fields: any of them matches, and the score is the sum of theirs,
//! exactly as a `BooleanQuery` of `Should` clauses scores it, but cheap to skip through when
//! another word of the query is much rarer.
//!
//! tantivy unites a boolean query's `Should` clauses with a buffered union: it reads and scores
//! every posting of every field in a window of 4,096 documents, then hands the documents out. When
//! the word must match together with a rarer one, most of that work is thrown away: in two-word
//! queries, each word a union of six fields, it was 44% of a search at a million articles (perf
//! on `bench/search-latency.sh 1000000`). Two words that must both match are tied ([`tie`]): each
//! tells the other, part by part of the index, how many postings it holds. A word with [`DENSER`]
//! times the postings of the other moves each of its fields only as far as it is asked and scores
//! only the documents both match; otherwise it is tantivy's union.
//!
//! Everything but intersecting (a word alone, counting, `--explain`) goes to the boolean query's
//! own weight, so that its block-max pruning and buffered iteration serve there as before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{
    BooleanWeight, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, SumCombiner,
    Weight,
};
use tantivy::schema::Term;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

/// A word with this many times the postings of the word it must match with skips rather than
/// buffers. Chosen among 2, 4, 8, 12, 16 and 24 on the two-word queries of
/// `bench/search-latency.sh 1000000` (each value alternated in one process; see BENCHMARKS.md,
/// "Search at a million, tenth session"): 8 was best or within noise of the best.
const DENSER: u64 = 8;

/// Any of `parts`, scored as the sum of those that match (a `BooleanQuery` of `Should` clauses).
#[derive(Debug)]
pub struct AnyOf {
    parts: Vec<Box<dyn Query>>,
    /// The word it must match together with, and its place (0 or 1) in the pair.
    tied: Option<(Arc<Tied>, usize)>,
}

impl AnyOf {
    pub fn new(parts: Vec<Box<dyn Query>>) -> AnyOf {
        AnyOf { parts, tied: None }
    }

    /// The same query, the `member`-th of the two words of `tied`.
    fn tied_to(&self, tied: &Arc<Tied>, member: usize) -> AnyOf {
        AnyOf {
            tied: Some((Arc::clone(tied), member)),
            ..self.clone()
        }
    }
}

impl Clone for AnyOf {
    fn clone(&self) -> AnyOf {
        AnyOf {
            parts: self.parts.iter().map(|q| q.box_clone()).collect(),
            tied: self.tied.clone(),
        }
    }
}

/// Tie two words that must both match (see [`Tied`]); the clauses are otherwise unchanged.
///
/// Only two: tantivy adds the scores of an intersection's members in the order of their costs,
/// and a buffered union's cost drops as its fields run out, at moments a skipping one cannot
/// follow. Of two numbers the sum is the same in either order; of three it may differ in the
/// last bit, and a ranking with it.
pub fn tie(clauses: &mut [(Occur, Box<dyn Query>)]) {
    let required: Vec<usize> = (0..clauses.len())
        .filter(|&i| clauses[i].0 == Occur::Must)
        .collect();
    if required.len() != 2 || !required.iter().all(|&i| clauses[i].1.is::<AnyOf>()) {
        return;
    }
    let tied = Arc::new(Tied::default());
    for (member, &i) in required.iter().enumerate() {
        let word = clauses[i]
            .1
            .downcast_ref::<AnyOf>()
            .expect("checked to be AnyOf")
            .tied_to(&tied, member);
        clauses[i].1 = Box::new(word);
    }
}

/// Two words that must both match: per part of the index, each word's postings, as each learns
/// them.
#[derive(Debug, Default)]
pub struct Tied {
    postings: Mutex<HashMap<SegmentId, [Option<u64>; 2]>>,
}

impl Tied {
    fn tell(&self, part: SegmentId, member: usize, postings: u64) {
        let mut known = self.postings.lock().unwrap_or_else(|e| e.into_inner());
        known.entry(part).or_default()[member] = Some(postings);
    }

    /// The other word's postings in `part`, once it has told them.
    fn other(&self, part: SegmentId, member: usize) -> Option<u64> {
        let known = self.postings.lock().unwrap_or_else(|e| e.into_inner());
        known.get(&part)?[1 - member]
    }
}

impl Query for AnyOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let parts: Vec<Arc<dyn Weight>> = self
            .parts
            .iter()
            .map(|q| q.weight(enable_scoring).map(Arc::from))
            .collect::<tantivy::Result<_>>()?;
        // The boolean query's weight over the same parts (their statistics read once).
        let boolean = BooleanWeight::with_minimum_number_should_match(
            parts
                .iter()
                .map(|w| {
                    let shared: Box<dyn Weight> = Box::new(Shared(Arc::clone(w)));
                    (Occur::Should, shared)
                })
                .collect(),
            0,
            enable_scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        match &self.tied {
            Some(tied) if enable_scoring.is_scoring_enabled() => Ok(Box::new(AnyOfWeight {
                boolean: Box::new(boolean),
                parts,
                tied: tied.clone(),
            })),
            _ => Ok(Box::new(boolean)),
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.parts {
            q.query_terms(visitor);
        }
    }
}

/// The methods of a `Weight` that pass straight to the weight in field `$to`: all but making a
/// scorer.
macro_rules! passed_to {
    ($to:tt) => {
        fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
            self.$to.explain(reader, doc)
        }

        fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
            self.$to.count(reader)
        }

        fn for_each(
            &self,
            reader: &SegmentReader,
            callback: &mut dyn FnMut(DocId, Score),
        ) -> tantivy::Result<()> {
            self.$to.for_each(reader, callback)
        }

        fn for_each_no_score(
            &self,
            reader: &SegmentReader,
            callback: &mut dyn FnMut(&[DocId]),
        ) -> tantivy::Result<()> {
            self.$to.for_each_no_score(reader, callback)
        }

        fn for_each_pruning(
            &self,
            threshold: Score,
            reader: &SegmentReader,
            callback: &mut dyn FnMut(DocId, Score) -> Score,
        ) -> tantivy::Result<()> {
            self.$to.for_each_pruning(threshold, reader, callback)
        }
    };
}

/// A part's weight, held by the boolean query's weight and by [`AnyOfWeight`] alike.
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        self.0.scorer_danger(reader, target, boost)
    }

    passed_to!(0);
}

/// A tied word's weight.
struct AnyOfWeight {
    /// The boolean query's weight: the buffered union, counts and explanations.
    boolean: Box<dyn Weight>,
    /// Each part's weight, in the query's order (the order its scores are added in).
    parts: Vec<Arc<dyn Weight>>,
    tied: (Arc<Tied>, usize),
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for weight in &self.parts {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                parts.push(scorer);
            }
        }
        let (tied, member) = &self.tied;
        let postings = parts.iter().map(|p| p.cost()).sum();
        tied.tell(reader.segment_id(), *member, postings);
        // As the boolean query: nothing, or the one part itself (which tantivy may then
        // intersect by its blocks' best scores).
        match parts.len() {
            0 => Ok(Box::new(EmptyScorer)),
            1 => Ok(parts.pop().expect("one")),
            _ => Ok(Box::new(AnyOfScorer::new(
                parts,
                postings,
                Union {
                    reader: reader.clone(),
                    boost,
                    tied: Arc::clone(tied),
                    member: *member,
                },
            ))),
        }
    }

    passed_to!(boolean);
}

/// What a tied word needs to become tantivy's union in one part of the index.
struct Union {
    reader: SegmentReader,
    boost: Score,
    tied: Arc<Tied>,
    member: usize,
}

/// How a tied word moves, decided when it is first moved (by then the other word has told its
/// postings).
enum Moves {
    /// (Boxed: a segment reader is large.)
    Undecided(Box<Union>),
    /// Each part as far as asked.
    Skipping,
    /// tantivy's buffered union.
    Buffered(Box<dyn Scorer>),
}

/// The union of two or more scorers.
struct AnyOfScorer {
    /// In the query's order (the order their scores are added in); empty once buffered.
    parts: Vec<Box<dyn Scorer>>,
    /// Where each part stands (`TERMINATED` once it has ended): read here rather than asked of
    /// the part, a call through a pointer each.
    docs: Vec<DocId>,
    doc: DocId,
    postings: u64,
    moves: Moves,
    /// Documents in the segment, for the size estimate.
    num_docs: u32,
}

impl AnyOfScorer {
    fn new(parts: Vec<Box<dyn Scorer>>, postings: u64, union: Union) -> AnyOfScorer {
        let docs: Vec<DocId> = parts.iter().map(|p| p.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        let num_docs = union.reader.num_docs();
        AnyOfScorer {
            parts,
            docs,
            doc,
            postings,
            moves: Moves::Undecided(Box::new(union)),
            num_docs,
        }
    }

    /// Before the first move: skip when much denser than the other word, else become
    /// tantivy's union (standing where this one stands: nothing has moved yet).
    fn decide(&mut self) {
        let Moves::Undecided(union) = &self.moves else {
            return;
        };
        let other = union.tied.other(union.reader.segment_id(), union.member);
        if other.is_some_and(|other| self.postings > DENSER.saturating_mul(other)) {
            self.moves = Moves::Skipping;
            return;
        }
        // tantivy's union of the parts already read (a boolean query over weights that hand
        // them over), rather than of the parts read again from every field's dictionary.
        let handed = std::mem::take(&mut self.parts)
            .into_iter()
            .map(|part| {
                let weight: Box<dyn Weight> = Box::new(Handed(Mutex::new(Some(part))));
                (Occur::Should, weight)
            })
            .collect();
        let boolean = BooleanWeight::with_minimum_number_should_match(
            handed,
            0,
            true,
            Box::new(SumCombiner::default),
        );
        let buffered = boolean
            .scorer(&union.reader, union.boost)
            .expect("a handed part is taken once");
        debug_assert_eq!(buffered.doc(), self.doc);
        self.moves = Moves::Buffered(buffered);
    }

    fn decided(&mut self) -> &mut Moves {
        self.decide();
        &mut self.moves
    }
}

/// A part already read, handed to tantivy's boolean query as the weight that makes it: its
/// scorer, once.
struct Handed(Mutex<Option<Box<dyn Scorer>>>);

impl Weight for Handed {
    fn scorer(&self, _: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError("a part's scorer asked for twice".into())
            })
    }

    fn explain(&self, _: &SegmentReader, _: DocId) -> tantivy::Result<Explanation> {
        Err(tantivy::TantivyError::InternalError(
            "a handed part is never explained".into(),
        ))
    }
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        if let Moves::Buffered(union) = self.decided() {
            let doc = union.advance();
            self.doc = doc;
            return doc;
        }
        let current = self.doc;
        if current == TERMINATED {
            return TERMINATED;
        }
        let mut next = TERMINATED;
        for (part, doc) in self.parts.iter_mut().zip(&mut self.docs) {
            if *doc == current {
                *doc = part.advance();
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if let Moves::Buffered(union) = self.decided() {
            let doc = union.seek(target);
            self.doc = doc;
            return doc;
        }
        let mut next = TERMINATED;
        for (part, doc) in self.parts.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = part.seek(target);
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// As tantivy's buffered union estimates it.
    fn size_hint(&self) -> u32 {
        match &self.moves {
            Moves::Buffered(union) => union.size_hint(),
            _ => estimate_union(self.parts.iter().map(|p| p.size_hint()), self.num_docs),
        }
    }

    /// An intersection drives its cheapest member: the postings, as tantivy's union counts them.
    fn cost(&self) -> u64 {
        match &self.moves {
            Moves::Buffered(union) => union.cost(),
            _ => self.postings,
        }
    }
}

impl Scorer for AnyOfScorer {
    /// The matching parts' scores added in the query's order, from zero, as tantivy's
    /// `SumCombiner` adds them: the same number to the last bit.
    fn score(&mut self) -> Score {
        if let Moves::Buffered(union) = &mut self.moves {
            return union.score();
        }
        let mut score: Score = 0.0;
        for (part, doc) in self.parts.iter_mut().zip(&self.docs) {
            if *doc == self.doc {
                score += part.score();
            }
        }
        score
    }
}

/// tantivy's estimate of a union's size (`query::size_hint::estimate_union`, private there).
fn estimate_union(sizes: impl Iterator<Item = u32>, max_docs: u32) -> u32 {
    // Terms are not spread at random: documents that hold one often hold another.
    let co_location = 0.8;
    let mut in_none = 1.0;
    for size in sizes {
        in_none *= 1.0 - (f64::from(size) / f64::from(max_docs)) * co_location;
    }
    let estimate = (f64::from(max_docs) * (1.0 - in_none)).round();
    estimate.min(f64::from(max_docs)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, Searcher};

    /// Three fields of words drawn with the given chances (per field and word, out of 1,000),
    /// from a fixed seed: more documents than a buffered window holds, so that windows are
    /// skipped, filled and left.
    fn searcher(
        seed: u64,
        docs: usize,
        chances: &[u32],
    ) -> (Searcher, Vec<tantivy::schema::Field>) {
        let mut schema = Schema::builder();
        let fields: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|n| schema.add_text_field(n, TEXT))
            .collect();
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000).unwrap();
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1000) as u32
        };
        for _ in 0..docs {
            let mut doc = tantivy::TantivyDocument::default();
            for &field in &fields {
                let mut text = String::from("filler");
                for (w, &chance) in chances.iter().enumerate() {
                    // Some words twice, so that term frequencies differ.
                    for _ in 0..(next() < chance) as usize + (next() < chance / 4) as usize {
                        text.push_str(&format!(" w{w}"));
                    }
                }
                doc.add_text(field, &text);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index.reader().unwrap().searcher(), fields)
    }

    /// Word `w` in every field, each field boosted differently (as `query::DEFAULT_FIELDS`).
    fn fields_of(fields: &[tantivy::schema::Field], w: usize) -> Vec<Box<dyn Query>> {
        fields
            .iter()
            .zip([2.5, 1.0, 1.5])
            .map(|(&f, boost)| {
                let term = Term::from_field_text(f, &format!("w{w}"));
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    boost,
                ));
                q
            })
            .collect()
    }

    /// Every match of `words` all together, with its score's bits, in document order; and the
    /// count.
    fn matches(searcher: &Searcher, query: &dyn Query) -> (Vec<(u32, u32)>, usize) {
        let (top, count) = searcher
            .search(
                query,
                &(TopDocs::with_limit(1_000_000).order_by_score(), Count),
            )
            .unwrap();
        let mut all: Vec<(u32, u32)> = top
            .into_iter()
            .map(|(score, addr)| (addr.doc_id, score.to_bits()))
            .collect();
        all.sort_unstable();
        (all, count)
    }

    /// The words all required: as tied unions, and as tantivy's boolean queries.
    fn both(fields: &[tantivy::schema::Field], words: &[usize]) -> (BooleanQuery, BooleanQuery) {
        let mut tied: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|&w| {
                let q: Box<dyn Query> = Box::new(AnyOf::new(fields_of(fields, w)));
                (Occur::Must, q)
            })
            .collect();
        tie(&mut tied);
        let plain = words
            .iter()
            .map(|&w| {
                let should = fields_of(fields, w)
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect();
                let q: Box<dyn Query> = Box::new(BooleanQuery::new(should));
                (Occur::Must, q)
            })
            .collect();
        (BooleanQuery::new(tied), BooleanQuery::new(plain))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// Tied words match the same documents with the same scores, to the bit, as tantivy's
        /// boolean queries: a rare word with a common one (the common one skips), two common
        /// ones (both buffered), three words, and a word alone.
        #[test]
        fn tied_words_score_as_boolean_queries(
            seed in 0u64..1_000_000,
            rare in 2u32..30,
            common in 200u32..700,
        ) {
            let (searcher, fields) = searcher(seed, 9_000, &[rare, common, common / 2, 40]);
            for words in [&[0, 1][..], &[1, 2], &[0, 1, 2], &[3, 1], &[1, 3, 0], &[2]] {
                let (tied, plain) = both(&fields, words);
                proptest::prop_assert_eq!(matches(&searcher, &tied), matches(&searcher, &plain),
                    "words {:?}", words);
            }
        }
    }

    /// A word with more than eight times the postings of the word it is tied to skips; the
    /// other, and a word of no more than that, buffer; a word alone is tantivy's union.
    #[test]
    fn a_much_denser_word_skips_and_the_others_buffer() {
        let (searcher, fields) = searcher(7, 9_000, &[5, 600, 300]);
        let reader = searcher.segment_reader(0);
        let moves_of = |words: &[usize], member: usize| {
            let (tied, _) = both(&fields, words);
            let weight = tied
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            // The clauses' scorers are made in order, as the intersection makes them.
            drop(weight.scorer(reader, 1.0).unwrap());
            let tied: Vec<AnyOf> = tied
                .clauses()
                .iter()
                .map(|(_, q)| q.downcast_ref::<AnyOf>().unwrap().clone())
                .collect();
            let weight = tied[member]
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            scorer.advance();
            let any_of = scorer.downcast_ref::<AnyOfScorer>().expect("a union");
            match any_of.moves {
                Moves::Skipping => "skips",
                Moves::Buffered(_) => "buffers",
                Moves::Undecided(_) => "undecided",
            }
        };
        assert_eq!(moves_of(&[0, 1], 1), "skips");
        assert_eq!(moves_of(&[0, 1], 0), "buffers");
        assert_eq!(moves_of(&[2, 1], 1), "buffers");
        let alone = AnyOf::new(fields_of(&fields, 1));
        let weight = alone
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let scorer = weight.scorer(reader, 1.0).unwrap();
        assert!(
            scorer.downcast_ref::<AnyOfScorer>().is_none(),
            "a word alone is tantivy's"
        );
    }
}
