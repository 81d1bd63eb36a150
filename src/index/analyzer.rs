//! The analyzers: how text becomes index terms. One place, so that the index, queries, snippets
//! and aliases cut, fold and stem words alike (a highlight then covers exactly what matched).
//!
//! tantivy does not persist analyzers: [`register`] adds them to every index opened.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The analyzer of the text fields: words, lower-cased, accents folded, English stems.
pub const TEXT_ANALYZER: &str = "morgue_text";
/// The analyzer of exact-match keys: the whole value, lower-cased.
pub const KEY_ANALYZER: &str = "morgue_key";

/// The text analyzer: also used by snippets, so that highlights match what the index matched.
pub fn text_analyzer() -> TextAnalyzer {
    stemmed_words(Stemmer::new(Language::English))
}

/// The text analyzer as the index uses it: the same tokens, from a stemmer that remembers what
/// it has stemmed (worth it over millions of words, not over one query's or one snippet's).
fn index_text_analyzer() -> TextAnalyzer {
    stemmed_words(super::stem::CachedStemmer)
}

/// Words, lower-cased, accents folded, then stemmed by `stemmer`.
fn stemmed_words(stemmer: impl TokenFilter) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StripMarks)
        .filter(AsciiFoldingFilter)
        .filter(stemmer)
        .build()
}

/// The text analyzer without its stemmer: words lower-cased and folded, as typed prefixes are
/// matched and as snippets split text before stemming only the words that may match.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StripMarks)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Register our analyzers on an index (they are not persisted by tantivy).
pub fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(TEXT_ANALYZER, index_text_analyzer());
    index.tokenizers().register(
        KEY_ANALYZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// Lower-case and fold accents as the index does, without stemming.
pub fn fold(word: &str) -> String {
    let mut analyzer = fold_analyzer();
    let mut stream = analyzer.token_stream(word);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

/// A name as the index's terms.
pub fn analyse(name: &str) -> Vec<String> {
    // One analyzer per thread: building one costs more than analysing a name (an alias file can
    // hold thousands).
    thread_local! {
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(text_analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(name);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    })
}

/// Removes combining marks (U+0300 to U+036F) from words. Lower-casing "İstanbul" gives "i" and a
/// combining dot, which folding leaves, so that "istanbul" would not find it; text written with
/// decomposed accents ("e" and a combining acute) folds as the composed form does.
#[derive(Clone, Copy, Debug, Default)]
pub struct StripMarks;

impl TokenFilter for StripMarks {
    type Tokenizer<T: Tokenizer> = StripMarksFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StripMarksFilter<T> {
        StripMarksFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct StripMarksFilter<T>(T);

impl<T: Tokenizer> Tokenizer for StripMarksFilter<T> {
    type TokenStream<'a> = StripMarksStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StripMarksStream(self.0.token_stream(text))
    }
}

pub struct StripMarksStream<S>(S);

impl<S: TokenStream> TokenStream for StripMarksStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        // ASCII words, most of them, have no marks to look for.
        if !token.text.is_ascii() {
            token.text.retain(|c| !('\u{300}'..='\u{36f}').contains(&c));
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_capitals_and_decomposed_accents_fold_as_plain_letters() {
        assert_eq!(analyse("İstanbul"), analyse("istanbul"));
        assert_eq!(analyse("ISTANBUL"), analyse("İSTANBUL"));
        assert_eq!(fold("cafe\u{301}"), fold("café"));
        assert_eq!(fold("café"), "cafe");
    }
}
