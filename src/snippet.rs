//! Snippets: the passages of a hit that show why it matched, with the matched words marked.
//!
//! tantivy's `SnippetGenerator` gives one window of fixed size that may start mid-sentence; we
//! want whole sentences, so we tokenize with the index's own analyzer (a highlight then covers
//! exactly what the index matched: "Putin's", "friendships", accents folded) and choose the
//! sentence that holds the most distinct query terms.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

/// A passage of one field with the byte ranges of the matched words in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The field it comes from: "title", "standfirst" or "body".
    pub field: &'static str,
    pub text: String,
    /// Byte ranges into `text`, in order, not overlapping, on UTF-8 boundaries.
    pub highlights: Vec<Range<usize>>,
}

/// Longest body snippet, in characters, before it is cut at word boundaries.
const MAX_SNIPPET_CHARS: usize = 320;

/// Finds matched words in text, given the analysed terms of a query.
pub struct Highlighter {
    analyzer: TextAnalyzer,
    terms: HashSet<String>,
}

impl Highlighter {
    /// A highlighter for the analysed query `terms` (as the index stores them: stemmed,
    /// lower-cased, folded), tokenizing with `analyzer`.
    pub fn new(analyzer: TextAnalyzer, terms: HashSet<String>) -> Highlighter {
        Highlighter { analyzer, terms }
    }

    /// Byte ranges of the words of `text` that match a query term.
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut ranges = Vec::new();
        while let Some(token) = stream.next() {
            if self.terms.contains(&token.text) {
                ranges.push(token.offset_from..token.offset_to);
            }
        }
        ranges
    }

    /// The whole of a short field (title, standfirst) with its matches, if it has any.
    pub fn whole(&self, field: &'static str, text: &str) -> Option<Snippet> {
        let highlights = self.matches(text);
        (!highlights.is_empty()).then(|| Snippet {
            field,
            text: text.to_string(),
            highlights,
        })
    }

    /// The best passage of a body: the sentence with the most distinct matched terms (then the
    /// most matches, then the earliest), with its neighbour when short, cut at word boundaries
    /// when long. Without any match, the lead sentence, so that a hit is never without context.
    pub fn passage(&self, paragraphs: &[String]) -> Option<Snippet> {
        let mut best: Option<(usize, usize, usize, usize)> = None; // (distinct, count, para, sentence)
        let mut sentences_of = Vec::with_capacity(paragraphs.len());
        for (p, paragraph) in paragraphs.iter().enumerate() {
            let sentences = sentence_ranges(paragraph);
            for (s, range) in sentences.iter().enumerate() {
                let sentence = &paragraph[range.clone()];
                let matches = self.matches(sentence);
                if matches.is_empty() {
                    continue;
                }
                let distinct: HashSet<&str> =
                    matches.iter().map(|r| &sentence[r.clone()]).collect();
                let key = (distinct.len(), matches.len());
                if best.is_none_or(|(d, c, _, _)| key > (d, c)) {
                    best = Some((key.0, key.1, p, s));
                }
            }
            sentences_of.push(sentences);
        }
        let (para, sentence) = match best {
            Some((_, _, p, s)) => (p, s),
            None => (paragraphs.iter().position(|p| !p.trim().is_empty())?, 0),
        };
        let paragraph = &paragraphs[para];
        let sentences = &sentences_of[para];
        let mut range = sentences
            .get(sentence)
            .cloned()
            .unwrap_or(0..paragraph.len());
        // A short sentence takes its neighbour along for context.
        if paragraph[range.clone()].chars().count() < 120 {
            if let Some(next) = sentences.get(sentence + 1) {
                range.end = next.end;
            } else if sentence > 0 {
                range.start = sentences[sentence - 1].start;
            }
        }
        let text = &paragraph[range.clone()];
        let matches = self.matches(text);
        let (window, prefix, suffix) = cut_window(text, &matches, MAX_SNIPPET_CHARS);
        let mut out = String::new();
        if prefix || range.start > 0 {
            out.push_str("… ");
        }
        let shift = out.len();
        out.push_str(&text[window.clone()]);
        if suffix || range.end < paragraph.len() {
            out.push_str(" …");
        }
        let highlights = matches
            .into_iter()
            .filter(|r| r.start >= window.start && r.end <= window.end)
            .map(|r| r.start - window.start + shift..r.end - window.start + shift)
            .collect();
        Some(Snippet {
            field: "body",
            text: out,
            highlights,
        })
    }
}

/// Byte ranges of the sentences of a paragraph: a sentence ends at . ! ? (and their CJK forms),
/// followed by white space, optionally after closing quotes.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?' | '。' | '！' | '？');
        if !ends {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if matches!(q, '"' | '”' | '’' | '\'' | ')' | '»') {
                end = j + q.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let at_break = chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) || c as u32 > 0x3000;
        // "U.S." and "Mr." do not end a sentence: require a capital or quote after the space.
        let next_starts = text[end..].trim_start().chars().next();
        let capital_next = next_starts.is_none_or(|n| n.is_uppercase() || !n.is_alphabetic());
        if at_break && capital_next && !is_abbreviation(&text[start..end]) {
            out.push(trim_range(text, start..end));
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(trim_range(text, start..text.len()));
    }
    out
}

fn is_abbreviation(sentence: &str) -> bool {
    let last = sentence.split_whitespace().last().unwrap_or("");
    matches!(
        last,
        "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "St."
            | "Prof."
            | "Gen."
            | "Sen."
            | "Rep."
            | "Gov."
            | "No."
    ) || (last.len() <= 3 && last.chars().filter(|c| c.is_alphabetic()).count() == 1)
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..r.end - trail
}

/// A window of at most `max_chars` characters of `text` around its matches, on word boundaries.
/// Returns the byte range and whether text was cut before and after it.
fn cut_window(
    text: &str,
    matches: &[Range<usize>],
    max_chars: usize,
) -> (Range<usize>, bool, bool) {
    if text.chars().count() <= max_chars {
        return (0..text.len(), false, false);
    }
    // Centre on the first match, a third of the window before it.
    let anchor = matches.first().map_or(0, |r| r.start);
    let before = max_chars / 3;
    let mut start = text[..anchor]
        .char_indices()
        .rev()
        .nth(before)
        .map_or(0, |(i, _)| i);
    let mut end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    if start > 0 {
        // Move forward to the start of a word.
        start = text[start..]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i);
        start += text[start..].len() - text[start..].trim_start().len();
    }
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i > start)
            .unwrap_or(end);
    }
    (start..end, start > 0, end < text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::text_analyzer;

    fn highlighter(words: &[&str]) -> Highlighter {
        Highlighter::new(
            text_analyzer(),
            words.iter().map(|w| w.to_string()).collect(),
        )
    }

    #[test]
    fn stemmed_and_possessive_forms_are_highlighted() {
        let h = highlighter(&["putin", "friendship"]);
        let text = "Putin’s remarks mentioned “our personal friendships”.";
        let got: Vec<&str> = h.matches(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, vec!["Putin", "friendships"]);
    }

    #[test]
    fn passage_prefers_sentence_with_all_terms() {
        let h = highlighter(&["xi", "putin"]);
        let paras = vec![
            "Putin arrived on Monday. The weather was cold and grey over the city all week long and nobody minded.".to_string(),
            "Later Xi greeted Putin at the Great Hall of the People, calling him his best friend in front of the cameras.".to_string(),
        ];
        let s = h.passage(&paras).unwrap();
        assert!(s.text.starts_with("Later Xi greeted Putin"), "{}", s.text);
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, vec!["Xi", "Putin"]);
    }

    #[test]
    fn passage_without_match_is_the_lead() {
        let h = highlighter(&["absent"]);
        let s = h
            .passage(&["First sentence here. Second one.".to_string()])
            .unwrap();
        assert!(s.text.starts_with("First sentence here."));
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn long_sentences_are_cut_on_word_boundaries_and_utf8() {
        let h = highlighter(&["target"]);
        let long = format!("{} target {}", "émigré ".repeat(100), "日本語 ".repeat(100));
        let s = h.passage(&[long]).unwrap();
        assert!(s.text.chars().count() <= MAX_SNIPPET_CHARS + 4);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"));
        let r = &s.highlights[0];
        assert_eq!(&s.text[r.clone()], "target");
    }

    #[test]
    fn sentences_split_but_not_at_abbreviations() {
        let t = "Mr. Smith went to Washington. He met the U.S. envoy there! Then left.";
        let got: Vec<&str> = sentence_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            vec![
                "Mr. Smith went to Washington.",
                "He met the U.S. envoy there!",
                "Then left."
            ]
        );
    }
}
