//! Stems for the index and for queries, by the script each word is written in (see
//! [`crate::lang::stemmer_for`]): Russian for Cyrillic, Greek, Arabic, Tamil, English for the
//! Latin alphabet. Remembered: news text repeats its words, and looking a word up costs a
//! fraction of stemming it again (stemming was a tenth of indexing time).
//!
//! English stems are tantivy's `Stemmer` filter's: the same `frostem` crate and version (the
//! unit test compares them).

// FxHash: looked up for every word indexed.
use rustc_hash::FxHashMap as HashMap;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words remembered per analyzer (one per field and writer thread): the common words of a
/// language, a few MB at most.
const MAX_WORDS: usize = 50_000;

/// Stems by script, with a memory of the words already stemmed.
#[derive(Clone, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: HashMap::default(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stems: HashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmers: Vec::new(),
            stems: &mut self.stems,
        }
    }
}

pub struct CachedStemmerStream<'a, S> {
    tail: S,
    /// The stemmers this stream has needed so far (most texts need one).
    stemmers: Vec<(frostem::Algorithm, frostem::Stemmer)>,
    stems: &'a mut HashMap<String, String>,
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
        let Some(algorithm) = crate::lang::stemmer_for(&token.text) else {
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
        if self.stems.len() < MAX_WORDS {
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
            .filter(CachedStemmer)
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
    fn each_script_has_its_stemmer() {
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let got = tokens(cached, "Меркурий Меркурия running 東京");
        assert_eq!(got[0], got[1]);
        assert_eq!(got[2], "run");
        assert_eq!(got[3], "東京");
    }
}
