//! The analyzers: how text becomes index terms. One place, so that the index, queries, snippets
//! and aliases cut, fold and stem words alike (a highlight then covers exactly what matched).
//!
//! tantivy does not persist analyzers: [`register`] adds them to every index opened.

use super::stem::{CachedStemmer, DocumentStemming, Latin};
use crate::lang::is_unspaced;
use frostem::Algorithm;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer, TokenizerManager,
};

/// The analyzer of the text fields that are not prose (byline, source, url, keywords):
/// words, lower-cased, accents folded, stemmed by script (English for the Latin alphabet).
pub const TEXT_ANALYZER: &str = "morgue_text";
/// The analyzer of an article's prose (headline, standfirst, lead, body): as the text analyzer,
/// with the Latin alphabet stemmed in the article's language (see `stem`).
pub const PROSE_ANALYZER: &str = "morgue_prose";
/// The analyzer of the document's stemming language (`schema::STEMMING`): the whole value, which
/// the index's prose analyzer then follows.
pub const STEMMING_ANALYZER: &str = "morgue_stemming";
/// The analyzer of words as written (the headline's `title_exact`, and names: "Williams" is not
/// "William"): cut and folded as the text analyzer does, not stemmed.
pub const FOLD_ANALYZER: &str = "morgue_fold";
/// The analyzer of exact-match keys: the whole value, lower-cased.
pub const KEY_ANALYZER: &str = "morgue_key";

/// The text analyzer, of the index, queries and snippets alike, so that highlights match what
/// the index matched: stems by script (`stem`, English for the Latin alphabet), remembered per
/// analyzer. Also the analyzer of English prose.
pub fn text_analyzer() -> TextAnalyzer {
    prose_analyzer(Algorithm::English)
}

/// The analyzer of prose in a language whose Latin-script words `latin` stems (see
/// [`crate::lang::latin_stemmer`]): queries and snippets of articles in that language.
pub fn prose_analyzer(latin: Algorithm) -> TextAnalyzer {
    stemmed_words(CachedStemmer(Latin::Fixed(latin)))
}

/// Words, lower-cased, accents folded, then stemmed by `stemmer`.
fn stemmed_words(stemmer: impl TokenFilter) -> TextAnalyzer {
    TextAnalyzer::builder(FoldedWords::default())
        .filter(stemmer)
        .build()
}

/// The text analyzer without its stemmer: words lower-cased and folded, as typed prefixes are
/// matched and as snippets split text before stemming only the words that may match.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FoldedWords::default()).build()
}

/// Words longer than this many bytes are not indexed (tantivy's `RemoveLongFilter` limit).
const LONGEST_WORD: usize = 40;

/// How a word is folded when it is not plain ASCII: tantivy's filters, in the order the
/// analyzers have always applied them after cutting words (see [`FoldedWords`]).
fn folding_filters() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(StripMarks)
        .filter(AsciiFoldingFilter)
        .build()
}

fn key_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Register our analyzers on an index (they are not persisted by tantivy): the index's own, whose
/// prose analyzer follows each document's language. Queries use [`query_analyzers`].
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(TEXT_ANALYZER, text_analyzer());
    manager.register(
        PROSE_ANALYZER,
        stemmed_words(CachedStemmer(Latin::OfDocument)),
    );
    manager.register(STEMMING_ANALYZER, DocumentStemming::default());
    manager.register(FOLD_ANALYZER, fold_analyzer());
    manager.register(KEY_ANALYZER, key_analyzer());
}

/// The analyzers a query is parsed with, prose read as a language whose Latin-script words
/// `latin` stems; nothing in them depends on what the thread indexed before.
pub fn query_analyzers(latin: Algorithm) -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(TEXT_ANALYZER, text_analyzer());
    manager.register(PROSE_ANALYZER, prose_analyzer(latin));
    manager.register(STEMMING_ANALYZER, key_analyzer());
    manager.register(FOLD_ANALYZER, fold_analyzer());
    manager.register(KEY_ANALYZER, key_analyzer());
    manager
}

/// Lower-case and fold accents as the index does, without stemming: [`analyse_folded`]'s
/// terms run together (with its analyzer kept per thread, not built for every word a snippet
/// compares).
pub fn fold(word: &str) -> String {
    analyse_folded(word).concat()
}

/// A text as the index's terms in English prose and the stemmed fields that are not prose
/// (byline, source, url, keywords).
pub fn analyse(name: &str) -> Vec<String> {
    analyse_prose(name, Algorithm::English)
}

/// A text as the index's terms in the fields of words as written (`FOLD_ANALYZER`: names,
/// `title_exact`): cut, lower-cased and folded, not stemmed.
pub fn analyse_folded(text: &str) -> Vec<String> {
    thread_local! {
        static FOLDED: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(fold_analyzer());
    }
    FOLDED.with_borrow_mut(|analyzer| terms_of(analyzer, text))
}

/// A text as the index's terms in a field analysed by `tokenizer`, one of ours other than the
/// prose analyzer (whose terms depend on the article's language: see [`analyse_prose`]).
pub fn analyse_as(tokenizer: &str, text: &str) -> Vec<String> {
    match tokenizer {
        FOLD_ANALYZER => analyse_folded(text),
        KEY_ANALYZER | STEMMING_ANALYZER => vec![text.to_lowercase()],
        _ => analyse(text),
    }
}

fn terms_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// `text` as the index's terms in the prose of a language whose Latin-script words `latin` stems.
pub fn analyse_prose(text: &str, latin: Algorithm) -> Vec<String> {
    // Analyzers kept per thread: building one costs more than analysing a name (an alias file
    // can hold thousands).
    thread_local! {
        static ANALYZERS: std::cell::RefCell<Vec<(Algorithm, TextAnalyzer)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    ANALYZERS.with_borrow_mut(|analyzers| {
        let at = match analyzers.iter().position(|(a, _)| *a == latin) {
            Some(at) => at,
            None => {
                analyzers.push((latin, prose_analyzer(latin)));
                analyzers.len() - 1
            }
        };
        terms_of(&mut analyzers[at].1, text)
    })
}

/// Words, as tantivy's `SimpleTokenizer` cuts them (runs of letters and digits), except in
/// scripts written without spaces between words (Chinese, Japanese, Korean, Thai; see
/// [`crate::lang::is_unspaced`]): there, every two neighbouring characters are a token ("习近平" is "习近", "近平"), as Lucene's CJK analyzer
/// does, so that a name or phrase is found inside running text, as a phrase of its pairs. A lone
/// character between others is a token of its own.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordsAndBigrams;

/// Between the values of a field given to the index as one text: the next word's position
/// skips one, as tantivy's does between the values of a field, so that a phrase does not run
/// from one value into the next ("putin xi" over "Vladimir Putin", "Xi Jinping"). An article's
/// thirty names as one text spare the analyzers thirty chains of token streams and buffers (0.4%
/// of the instructions of indexing the scale archive).
pub const VALUE_GAP: char = '\u{1e}';

impl Tokenizer for WordsAndBigrams {
    type TokenStream<'a> = WordsAndBigramsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndBigramsStream<'a> {
        WordsAndBigramsStream::new(text)
    }
}

/// Words as [`WordsAndBigrams`] cuts them, less those of [`LONGEST_WORD`] bytes or more,
/// lower-cased, without combining marks ([`StripMarks`]) and with accents folded (tantivy's
/// `AsciiFoldingFilter`): in one stream, where those were four filters, each looking at every
/// word again (a seventh of what analysing the prose cost, callgrind). A plain ASCII word, most
/// of any archive's, only needs lower-casing; any other goes through the filters themselves.
#[derive(Clone)]
pub struct FoldedWords {
    filters: TextAnalyzer,
}

impl Default for FoldedWords {
    fn default() -> FoldedWords {
        FoldedWords {
            filters: folding_filters(),
        }
    }
}

impl Tokenizer for FoldedWords {
    type TokenStream<'a> = FoldedWordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldedWordsStream<'a> {
        FoldedWordsStream {
            words: WordsAndBigramsStream::new(text),
            filters: &mut self.filters,
            word: String::new(),
        }
    }
}

pub struct FoldedWordsStream<'a> {
    words: WordsAndBigramsStream<'a>,
    filters: &'a mut TextAnalyzer,
    /// A word that is not plain ASCII, as cut, while the filters fold it.
    word: String,
}

impl TokenStream for FoldedWordsStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if !self.words.advance() {
                return false;
            }
            let token = &mut self.words.token;
            if token.text.len() >= LONGEST_WORD {
                continue;
            }
            if self.words.ascii || token.text.is_ascii() {
                token.text.make_ascii_lowercase();
                return true;
            }
            self.word.clear();
            self.word.push_str(&token.text);
            let mut folded = self.filters.token_stream(&self.word);
            token.text.clear();
            if folded.advance() {
                token.text.push_str(&folded.token().text);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.words.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.words.token
    }
}

pub struct WordsAndBigramsStream<'a> {
    text: &'a str,
    /// The byte offset of the next character to read.
    at: usize,
    token: Token,
    /// In a run of unspaced characters: the last one's offset, and whether it has been part of a
    /// token yet.
    previous: Option<(usize, bool)>,
    /// Whether the token was read by the ASCII path (its text is ASCII).
    ascii: bool,
}

impl<'a> WordsAndBigramsStream<'a> {
    fn new(text: &'a str) -> WordsAndBigramsStream<'a> {
        WordsAndBigramsStream {
            text,
            at: 0,
            token: Token::default(),
            previous: None,
            ascii: false,
        }
    }

    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    /// The next word when it is ASCII letters and digits between ASCII bytes, read byte by byte
    /// (most words of most archives; decoding every character was 7% of indexing's
    /// instructions). `false`, having moved only past ASCII separators, when the next word is
    /// not such a word: the character-by-character reading takes it from there, alike.
    fn ascii_word(&mut self) -> bool {
        let rest = &self.text.as_bytes()[self.at..];
        let mut start = rest.len();
        for (i, &b) in rest.iter().enumerate() {
            let class = BYTE_CLASS[usize::from(b)];
            if class & (IN_WORD | NOT_ASCII) != 0 {
                start = i;
                break;
            }
            if class & GAP != 0 {
                self.token.position = self.token.position.wrapping_add(1);
            }
        }
        self.at += start;
        let word = &rest[start..];
        let len = word
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] & IN_WORD == 0)
            .unwrap_or(word.len());
        if len == 0 || word.get(len).is_some_and(|&b| b >= 0x80) {
            return false;
        }
        let from = self.at;
        self.at += len;
        self.ascii = true;
        self.emit(from, from + len)
    }
}

/// What a byte is to [`WordsAndBigramsStream::ascii_word`]: a letter or digit, a byte of a
/// character that is not ASCII, [`VALUE_GAP`], or (none of these) a separator. One look-up a
/// byte rather than `is_ascii_alphanumeric`'s comparisons and the rest (the tokenizer's
/// instructions over 2,000 articles of the scale archive: 270 → 207 M).
const IN_WORD: u8 = 1;
const NOT_ASCII: u8 = 2;
const GAP: u8 = 4;
static BYTE_CLASS: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphanumeric() {
            IN_WORD
        } else if byte >= 0x80 {
            NOT_ASCII
        } else if byte == VALUE_GAP as u8 {
            GAP
        } else {
            0
        };
        b += 1;
    }
    classes
};

impl TokenStream for WordsAndBigramsStream<'_> {
    fn advance(&mut self) -> bool {
        if self.previous.is_none() && self.ascii_word() {
            return true;
        }
        self.ascii = false;
        loop {
            let Some(c) = self.peek() else {
                // A run of one unspaced character ends the text.
                return match self.previous.take() {
                    Some((start, false)) => {
                        let end = self.text.len();
                        self.emit(start, end)
                    }
                    _ => false,
                };
            };
            let at = self.at;
            if is_unspaced(c) {
                self.at += c.len_utf8();
                match self.previous.replace((at, true)) {
                    Some((start, _)) => return self.emit(start, self.at),
                    None => self.previous = Some((at, false)),
                }
                continue;
            }
            // The run of unspaced characters ends: a lone one is a token.
            if let Some((start, false)) = self.previous.take() {
                return self.emit(start, at);
            }
            self.at += c.len_utf8();
            if !c.is_alphanumeric() {
                if c == VALUE_GAP {
                    self.token.position = self.token.position.wrapping_add(1);
                }
                continue;
            }
            while let Some(d) = self.peek() {
                if !d.is_alphanumeric() || is_unspaced(d) {
                    break;
                }
                self.at += d.len_utf8();
            }
            return self.emit(at, self.at);
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
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

    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = WordsAndBigrams;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.position));
        }
        out
    }

    #[test]
    fn words_apart_and_cjk_in_pairs() {
        let got = words("Xi 习近平主席, Putin's 1st visit. 東京 a");
        let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Xi", "习近", "近平", "平主", "主席", "Putin", "s", "1st", "visit", "東京", "a"
            ]
        );
        assert_eq!(got[2].1, "Xi 习".len());
        let positions: Vec<usize> = got.iter().map(|(_, _, p)| *p).collect();
        assert_eq!(positions, (0..texts.len()).collect::<Vec<_>>());
        // A lone character, in a run of its own, at the start, between words, and at the end.
        assert_eq!(words("中")[0].0, "中");
        assert_eq!(
            words("中 a 国")
                .iter()
                .map(|t| t.0.as_str())
                .collect::<Vec<_>>(),
            vec!["中", "a", "国"]
        );
        assert_eq!(
            words("ab中cd")
                .iter()
                .map(|t| t.0.as_str())
                .collect::<Vec<_>>(),
            vec!["ab", "中", "cd"]
        );
        assert!(words("").is_empty());
        // Korean and Thai: paired as well.
        assert_eq!(words("서울시")[0].0, "서울");
        assert_eq!(words("กรุงเทพ")[0].0, "กร");
    }

    /// The tokenizer as it read every character (before its ASCII path): the reference.
    fn words_char_by_char(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut position = usize::MAX;
        let mut previous: Option<(usize, bool)> = None;
        let mut emit = |from: usize, to: usize, position: &mut usize| {
            *position = position.wrapping_add(1);
            out.push((text[from..to].to_string(), from, to, *position));
        };
        loop {
            let Some(&(at, c)) = chars.peek() else {
                if let Some((start, false)) = previous.take() {
                    emit(start, text.len(), &mut position);
                }
                break;
            };
            if is_unspaced(c) {
                chars.next();
                match previous.replace((at, true)) {
                    Some((start, _)) => emit(start, at + c.len_utf8(), &mut position),
                    None => previous = Some((at, false)),
                }
                continue;
            }
            if let Some((start, false)) = previous.take() {
                emit(start, at, &mut position);
                continue;
            }
            chars.next();
            if !c.is_alphanumeric() {
                if c == VALUE_GAP {
                    position = position.wrapping_add(1);
                }
                continue;
            }
            let mut end = at + c.len_utf8();
            while let Some(&(next, d)) = chars.peek() {
                if !d.is_alphanumeric() || is_unspaced(d) {
                    break;
                }
                end = next + d.len_utf8();
                chars.next();
            }
            emit(at, end, &mut position);
        }
        out
    }

    /// Each token's text, offsets and position.
    fn collected(mut stream: impl TokenStream) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn words_with_ends(text: &str) -> Vec<(String, usize, usize, usize)> {
        collected(WordsAndBigrams.token_stream(text))
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_are_cut_as_character_by_character(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Putin", "1987", "x9", " ", "  ", ".", ",", "'s", "-", "\n", "\t", "\u{1e}",
                "é", "café", "e\u{301}", "İ", "’", "\u{a0}", "Москва", "习近平", "東京", "ー",
                "서울", "กรุง", "😀", "\u{85}", "\u{3000}", "ß", "Ǆ", "٣", "½",
            ]), 0..24)
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(words_with_ends(&text), words_char_by_char(&text));
        }
    }

    /// The analyzers' words as they were made before [`FoldedWords`]: the tokenizer, then four
    /// filters. The reference.
    fn folded_by_filters(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut chain = TextAnalyzer::builder(WordsAndBigrams)
            .filter(tantivy::tokenizer::RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(StripMarks)
            .filter(AsciiFoldingFilter)
            .build();
        collected(chain.token_stream(text))
    }

    fn folded(text: &str) -> Vec<(String, usize, usize, usize)> {
        collected(FoldedWords::default().token_stream(text))
    }

    proptest::proptest! {
        #[test]
        fn folded_words_are_the_filters_words(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Putin", "MOSCOW", "1987", " ", ".", "'s", "\n", "\u{1e}", "é", "Café",
                "E\u{301}", "İstanbul", "ß", "Ǆ", "Москва", "ΣΟΦΊΑ", "习近平", "東京", "ﬁ", "Ⅻ",
                // Words just under and at the length limit, in ASCII and not.
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY",
                "éééééééééééééééééééé",
            ]), 0..24)
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(folded(&text), folded_by_filters(&text));
        }
    }

    #[test]
    fn values_given_as_one_text_stand_apart_as_values_do() {
        let got = words("Xi Jinping\u{1e}Vladimir Putin\u{1e}\u{1e}Maria");
        let positions: Vec<(&str, usize)> = got.iter().map(|(t, _, p)| (t.as_str(), *p)).collect();
        // tantivy leaves one position free between two values of a field.
        assert_eq!(
            positions,
            [
                ("Xi", 0),
                ("Jinping", 1),
                ("Vladimir", 3),
                ("Putin", 4),
                ("Maria", 7)
            ]
        );
    }

    #[test]
    fn dotted_capitals_and_decomposed_accents_fold_as_plain_letters() {
        assert_eq!(analyse("İstanbul"), analyse("istanbul"));
        assert_eq!(analyse("ISTANBUL"), analyse("İSTANBUL"));
        assert_eq!(fold("cafe\u{301}"), fold("café"));
        assert_eq!(fold("café"), "cafe");
    }
}
