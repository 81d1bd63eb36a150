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

use std::cell::Cell;

// FxHash: looked up for every word indexed.
use rustc_hash::FxHashMap as HashMap;

use frostem::Algorithm;
use tantivy::tokenizer::{RawTokenizer, Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyzer (one per field and writer thread), whatever the languages: the
/// common words of a language, a few MB at most.
const MAX_WORDS: usize = 50_000;

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
            stems: Vec::new(),
            remembered: 0,
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    latin: Latin,
    /// Stems made, per Latin stemmer (most archives need one).
    stems: Vec<(Algorithm, HashMap<String, String>)>,
    /// Words remembered in all of `stems`.
    remembered: usize,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let latin = match self.latin {
            Latin::Fixed(algorithm) => algorithm,
            Latin::OfDocument => DOCUMENT_LATIN.get(),
        };
        let at = match self.stems.iter().position(|(a, _)| *a == latin) {
            Some(at) => at,
            None => {
                self.stems.push((latin, HashMap::default()));
                self.stems.len() - 1
            }
        };
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            latin,
            stemmers: Vec::new(),
            stems: &mut self.stems[at].1,
            remembered: &mut self.remembered,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    latin: Algorithm,
    /// The stemmers this stream has needed so far (most texts need one).
    stemmers: Vec<(Algorithm, frostem::Stemmer)>,
    stems: &'a mut HashMap<String, String>,
    remembered: &'a mut usize,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
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
        if *self.remembered < MAX_WORDS {
            *self.remembered += 1;
            self.stems
                .insert(std::mem::take(&mut token.text), stem.clone());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
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
        let want = tokens(plain, text);
        let mut analyzer = cached;
        assert_eq!(tokens(analyzer.clone(), text), want);
        // Warm: the same analyzer a second time answers from memory, identically.
        let mut stream = analyzer.token_stream(text);
        let mut again = Vec::new();
        while stream.advance() {
            again.push(stream.token().text.clone());
        }
        assert_eq!(again, want);
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
