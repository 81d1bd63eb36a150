//! Stems for the index and for queries, by the script each word is written in (see
//! [`crate::lang::stemmer_for`]): Russian for Cyrillic, Greek, Arabic, Tamil, and for the Latin
//! alphabet English, or in an article's prose the stemmer of its language (German stems German
//! articles). Remembered: news text repeats its words, and looking a word up costs a fraction of
//! stemming it again (stemming was a tenth of indexing time).
//!
//! English stems are tantivy's `Stemmer` filter's: the same `frostem` crate and version (the
//! unit test compares them).
//!
//! tantivy hands an analyzer only text, never the document it belongs to. The prose analyzer
//! learns an article's language from the field [`crate::index::schema::STEMMING`], which every
//! document holds and which tantivy analyses first (fields are analysed in the schema's order,
//! one document at a time, on one thread): its analyzer ([`DocumentStemming`]) records the
//! language for the thread, and the prose fields analysed after it read it.

use std::cell::{Cell, RefCell};

use std::hash::Hasher;

// FxHash: a word's place in the table of stems, worked out for every word indexed.
use rustc_hash::FxHasher;

use frostem::Algorithm;
use tantivy::tokenizer::{RawTokenizer, Token, TokenFilter, TokenStream, Tokenizer};

/// Sets of places in a table of remembered stems, as a number of bits: 2^14 sets of two places of
/// 64 bytes, 2 MB per thread and Latin stemmer, allocated when first needed. A word's hash picks
/// its set; a word used again moves to the set's first place, and a new word takes the second,
/// so that a language's common words, which are most of any text, stay while rarer ones come
/// and go. Simulated over the words of 10,000 articles of the 20k scale archive (5.45 million,
/// 51,717 distinct), one place a word as before, 2^15 of them, stemmed 375,000 words again; two
/// places a set, in as much memory, 193,000 (each stem costs some 2,300 instructions).
const STEM_SET_BITS: u32 = 14;

thread_local! {
    /// The Latin stemmer of the document this thread is indexing, set by [`DocumentStemming`].
    static DOCUMENT_LATIN: Cell<Algorithm> = const { Cell::new(Algorithm::English) };
}

/// Which stemmer Latin-script words get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latin {
    /// Always this one: queries, snippets, and fields that are not prose.
    Fixed(Algorithm),
    /// The language of the document being indexed (see the module's notes).
    OfDocument,
}

/// Stems by script, with a memory of the words already stemmed.
#[derive(Clone)]
pub struct CachedStemmer(pub Latin);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            latin: self.0,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    latin: Latin,
}

thread_local! {
    /// Stems made on this thread, per Latin stemmer (most archives need one). One table for
    /// every field and analyzer of the thread: the headline, the lede and the body repeat each
    /// other's words, and one larger table remembers more than a small one per field did
    /// (indexing 2,000 articles of the scale archive stemmed a word again for one in five looked
    /// up; now one in eleven).
    static STEMS: RefCell<Vec<(Algorithm, StemTable)>> = const { RefCell::new(Vec::new()) };
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let latin = match self.latin {
            Latin::Fixed(algorithm) => algorithm,
            Latin::OfDocument => DOCUMENT_LATIN.get(),
        };
        let table = STEMS.with_borrow_mut(|tables| {
            tables
                .iter()
                .position(|(a, _)| *a == latin)
                .unwrap_or_else(|| {
                    tables.push((latin, StemTable::default()));
                    tables.len() - 1
                })
        });
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            latin,
            stemmers: Vec::new(),
            table,
            token: Token::default(),
            ahead: None,
            started: false,
        }
    }
}

pub struct CachedStemmerStream<S> {
    tail: S,
    latin: Algorithm,
    /// The stemmers this stream has needed so far (most texts need one).
    stemmers: Vec<(Algorithm, frostem::Stemmer)>,
    /// The place in [`STEMS`] of this stream's Latin stemmer's table (the list only grows).
    table: usize,
    /// The word handed out, stemmed.
    token: Token,
    /// The tail reads one word ahead: the set of that word in the table, whose places are asked
    /// of memory while the word before is stemmed and indexed. (The table is larger than the
    /// core's cache, and the index writer's own tables push it out: a look-up that waited for
    /// memory was 5% of indexing the 20k scale archive.) `None` at the end of the text.
    ahead: Option<usize>,
    started: bool,
}

impl<S: TokenStream> CachedStemmerStream<S> {
    /// Read the tail's next word, and ask for its places in the table.
    fn read_ahead(&mut self) {
        self.ahead = None;
        if !self.tail.advance() {
            return;
        }
        let word = &self.tail.token().text;
        self.ahead = Some(STEMS.with_borrow(|tables| {
            let stems = &tables[self.table].1;
            let set = stems.set_of(word);
            stems.prefetch(set);
            set
        }));
    }
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.started {
            self.started = true;
            self.read_ahead();
        }
        let Some(place) = self.ahead else {
            return false;
        };
        copy_token(&mut self.token, self.tail.token());
        self.read_ahead();
        let token = &mut self.token;
        let place = STEMS.with_borrow_mut(|tables| {
            let stems = &mut tables[self.table].1;
            match stems.get(place, &token.text) {
                Some(Stem::Prefix(len)) => token.text.truncate(len),
                Some(Stem::Written(stem)) => {
                    token.text.clear();
                    token.text.push_str(stem);
                }
                None => return Some(place),
            }
            None
        });
        let Some(place) = place else {
            return true;
        };
        let Some(algorithm) = crate::lang::stemmer_for(&token.text, self.latin) else {
            // A script without a stemmer (pairs of CJK characters, Hebrew, Thai...): as it is.
            return true;
        };
        let at = match self.stemmers.iter().position(|(a, _)| *a == algorithm) {
            Some(at) => at,
            None => {
                self.stemmers
                    .push((algorithm, frostem::Stemmer::new(algorithm)));
                self.stemmers.len() - 1
            }
        };
        let stem = self.stemmers[at].1.stem(&token.text).into_owned();
        STEMS.with_borrow_mut(|tables| tables[self.table].1.put(place, &token.text, &stem));
        // Into the token's own buffer, reused for the next word.
        if token.text.starts_with(stem.as_str()) {
            token.text.truncate(stem.len());
        } else {
            token.text.clear();
            token.text.push_str(&stem);
        }
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// `from` into `to`, the text into `to`'s own buffer. (`Token`'s derived `clone_from` makes a
/// new string and frees the old, once a word: 3.7% of perf's samples indexing the 20k scale
/// archive; 1.4% of the instructions on 2,000 articles.) Every field is named, so that a field
/// tantivy adds is a compile error here rather than a value left behind.
fn copy_token(to: &mut Token, from: &Token) {
    let Token {
        offset_from,
        offset_to,
        position,
        text,
        position_length,
    } = from;
    to.offset_from = *offset_from;
    to.offset_to = *offset_to;
    to.position = *position;
    to.position_length = *position_length;
    to.text.clone_from(text);
}

/// Stems already made, in a table of fixed places: a word's hash picks its set of two places,
/// each of which holds one word and its stem written out in 64 bytes (a cache line). A look-up
/// reads a line or two; with a map of strings it read the map's entry, the word and the stem,
/// three places in memory, each often out of cache, and indexing the 20k scale archive took
/// 5–8% longer (2026-11-30, see BENCHMARKS.md).
#[derive(Clone, Default)]
pub struct StemTable {
    /// Empty until the first word; then 2 × 2^[`STEM_SET_BITS`] places, a set's side by side.
    places: Vec<StemPlace>,
}

/// A word and its stem, one after the other; `word_len` 0 for a place not yet used. A stem that
/// is the word's beginning ("running", "run"; most English stems) is not written out: its length
/// is marked [`PREFIX`], and the word is cut to it.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct StemPlace {
    word_len: u8,
    stem_len: u8,
    bytes: [u8; 62],
}

/// Marks a [`StemPlace`]'s `stem_len` as the length of the word's beginning that is the stem.
const PREFIX: u8 = 0x80;

/// A remembered stem: the word's first bytes, or written out.
#[derive(Debug, PartialEq, Eq)]
enum Stem<'a> {
    Prefix(usize),
    Written(&'a str),
}

impl StemPlace {
    fn holds(&self, word: &str) -> bool {
        let w = usize::from(self.word_len);
        w == word.len() && w != 0 && &self.bytes[..w] == word.as_bytes()
    }

    fn stem(&self) -> Option<Stem<'_>> {
        let w = usize::from(self.word_len);
        if self.stem_len & PREFIX != 0 {
            return Some(Stem::Prefix(usize::from(self.stem_len & !PREFIX)));
        }
        let s = usize::from(self.stem_len);
        // Written from a `&str` by `put`, and cut where it was cut.
        std::str::from_utf8(&self.bytes[w..w + s])
            .ok()
            .map(Stem::Written)
    }
}

impl StemTable {
    /// The set of places of `word` in the table.
    fn set_of(&self, word: &str) -> usize {
        let mut h = FxHasher::default();
        h.write(word.as_bytes());
        (h.finish() >> (64 - STEM_SET_BITS)) as usize
    }

    /// Ask memory for the places of `set` (nothing before the table's first word).
    fn prefetch(&self, set: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(pair) = self.places.get(2 * set..2 * set + 2) {
            safe_arch::prefetch_t0(&pair[0]);
            safe_arch::prefetch_t0(&pair[1]);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = set;
    }

    /// The stem remembered for `word` in `set`, if it is there; found in the set's second
    /// place, it moves to the first.
    fn get(&mut self, set: usize, word: &str) -> Option<Stem<'_>> {
        let at = 2 * set;
        let pair = self.places.get_mut(at..at + 2)?;
        if pair[0].holds(word) {
            return pair[0].stem();
        }
        if !pair[1].holds(word) {
            return None;
        }
        pair.swap(0, 1);
        pair[0].stem()
    }

    /// Remember `stem` for `word` in `set`, in its second place (a word and stem too long for a
    /// place are not).
    fn put(&mut self, set: usize, word: &str, stem: &str) {
        let prefix = word.starts_with(stem);
        let (w, s) = (word.len(), stem.len());
        if w == 0 || w + if prefix { 0 } else { s } > 62 {
            return;
        }
        if self.places.is_empty() {
            self.places = vec![
                StemPlace {
                    word_len: 0,
                    stem_len: 0,
                    bytes: [0; 62],
                };
                2 << STEM_SET_BITS
            ];
        }
        let at = &mut self.places[2 * set + 1];
        at.word_len = w as u8;
        at.bytes[..w].copy_from_slice(word.as_bytes());
        if prefix {
            at.stem_len = s as u8 | PREFIX;
        } else {
            at.stem_len = s as u8;
            at.bytes[w..w + s].copy_from_slice(stem.as_bytes());
        }
    }
}

/// The analyzer of [`crate::index::schema::STEMMING`]: the whole value (a code of
/// [`crate::lang::LATIN_STEMMERS`]) as one term, recorded as the Latin stemmer of the prose of
/// the document being indexed. Used only by the index: a query parser given it would change the
/// stemming of what its thread indexes next (queries use [`CachedStemmer`] with a fixed stemmer).
#[derive(Clone, Default)]
pub struct DocumentStemming(RawTokenizer);

impl Tokenizer for DocumentStemming {
    type TokenStream<'a> = <RawTokenizer as Tokenizer>::TokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DOCUMENT_LATIN.set(crate::lang::latin_stemmer(Some(text)));
        self.0.token_stream(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        whole_tokens(analyzer, text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    /// Each token with its offsets and position.
    fn whole_tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn same_stems_as_tantivys_stemmer_the_first_time_and_after() {
        let text = "Running runners ran; the generously generous generation runs running";
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer(Latin::Fixed(Algorithm::English)))
            .build();
        let want = whole_tokens(plain, text);
        // Cold, then warm: the same analyzer a second time answers from memory, identically,
        // offsets and positions too.
        assert_eq!(whole_tokens(cached.clone(), text), want);
        assert_eq!(whole_tokens(cached, text), want);
    }

    #[test]
    fn words_that_share_a_place_or_do_not_fit_one_are_stemmed_as_ever() {
        // Far more distinct words than the table has places, some longer than a place holds:
        // stems from memory, from a place another word took over, or made again, all alike.
        let words: Vec<String> = (0..40_000)
            .map(|n| match n % 3 {
                0 => format!("running{n}ations"),
                1 => format!("generously{n}"),
                _ => format!("{}{n}ing", "internationalisation".repeat(3)),
            })
            .collect();
        let text = words.join(" ");
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer(Latin::Fixed(Algorithm::English)))
            .build();
        let want = tokens(plain, &text);
        for _ in 0..2 {
            assert_eq!(tokens(cached.clone(), &text), want);
        }
        let mut table = StemTable::default();
        let set = table.set_of("run");
        assert_eq!(table.get(set, "run"), None);
        table.put(set, "runs", "run");
        assert_eq!(table.get(set, "run"), None, "another word in the set");
        assert_eq!(table.get(set, "runs"), Some(Stem::Prefix(3)));
        table.put(set, &"x".repeat(40), &"y".repeat(30));
        assert_eq!(
            table.get(set, "runs"),
            Some(Stem::Prefix(3)),
            "too long to remember"
        );
        // A stem the word does not begin with is written out; a long word whose stem is its
        // beginning fits.
        table.put(set, "happy", "happi");
        assert_eq!(table.get(set, "happy"), Some(Stem::Written("happi")));
        let long = "x".repeat(40);
        table.put(set, &long, &long[..30]);
        assert_eq!(table.get(set, &long), Some(Stem::Prefix(30)));
        // A word used again keeps its place while new words come and go in the other.
        table.put(set, "running", "run");
        assert_eq!(table.get(set, "running"), Some(Stem::Prefix(3)));
        for word in ["ran", "runner", "runners"] {
            table.put(set, word, word);
        }
        assert_eq!(table.get(set, "running"), Some(Stem::Prefix(3)));
        assert_eq!(table.get(set, "runners"), Some(Stem::Prefix(7)));
        assert_eq!(table.get(set, "runs"), None, "pushed out");
    }

    #[test]
    fn prose_follows_the_language_each_document_records() {
        let prose = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer(Latin::OfDocument))
            .build();
        let mut record = DocumentStemming::default();
        let mut stems = |code: &str| {
            record.token_stream(code).advance();
            tokens(prose.clone(), "Wahlen Меркурия")
        };
        // Documents one after another on one thread, as tantivy indexes them.
        let german = stems("de");
        assert_eq!(german[0], "wahl");
        let english = stems("en");
        assert_eq!(english[0], "wahlen");
        // Other scripts are stemmed alike whatever the language.
        assert_eq!(german[1], english[1]);
        // A language without a stemmer of its own: English.
        assert_eq!(stems("xx")[0], "wahlen");
        assert_eq!(stems("de")[0], "wahl");
    }

    /// The stemmer reads a word ahead of the one it hands out: each word keeps its own offsets
    /// and position, and the last one is not lost.
    #[test]
    fn words_read_ahead_keep_their_places() {
        let text = "Runners ran\u{1e}running, 東京 runs";
        let places = |analyzer: TextAnalyzer| -> Vec<(usize, usize, usize)> {
            whole_tokens(analyzer, text)
                .iter()
                .map(|t| (t.offset_from, t.offset_to, t.position))
                .collect()
        };
        let plain = TextAnalyzer::builder(crate::index::analyzer::FoldedWords::default()).build();
        let stemmed = TextAnalyzer::builder(crate::index::analyzer::FoldedWords::default())
            .filter(CachedStemmer(Latin::Fixed(Algorithm::English)))
            .build();
        let want = places(plain);
        assert_eq!(want.len(), 5);
        assert_eq!(places(stemmed), want);
    }

    #[test]
    fn each_script_has_its_stemmer() {
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer(Latin::Fixed(Algorithm::English)))
            .build();
        let got = tokens(cached, "Меркурий Меркурия running 東京");
        assert_eq!(got[0], got[1]);
        assert_eq!(got[2], "run");
        assert_eq!(got[3], "東京");
    }
}
