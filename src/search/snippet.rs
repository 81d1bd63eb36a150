//! Snippets: the passages of a hit that show why it matched, with the matched words marked.
//!
//! tantivy's `SnippetGenerator` gives one window of fixed size that may start mid-sentence; we
//! want whole sentences, so we tokenize with the index's own analyzer (a highlight then covers
//! exactly what the index matched: "Putin's", "friendships", accents folded) and choose the
//! sentence that holds the most distinct query terms.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::index::analyzer;
use crate::search::query::Wanted;

/// A passage of one field with the byte ranges of the matched words in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The field it comes from: "title", "standfirst" or "body".
    pub field: &'static str,
    pub text: String,
    /// Byte ranges into `text`, in order, not overlapping, on UTF-8 boundaries.
    pub highlights: Vec<Range<usize>>,
}

/// How much of a body is searched for passages.
const MAX_SCANNED_BYTES: usize = 256 * 1024;

/// The largest char boundary of `text` at or below `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Longest body snippet, in characters, before it is cut at word boundaries.
const MAX_SNIPPET_CHARS: usize = 320;

/// Finds matched words in text, given what a query looks for.
pub struct Highlighter {
    /// The index's analyzer: what a word is stemmed to.
    analyzer: TextAnalyzer,
    /// The first two letters of every wanted word, as [`opening_key`]s. English stemming only
    /// cuts and changes endings, so a word whose first two letters are not among these cannot
    /// match, and is not stemmed. `None` when every word must be stemmed (fuzzy words may differ
    /// anywhere).
    openings: Option<Vec<u32>>,
    wanted: Wanted,
}

/// Whether an ASCII word's first two letters, lower-cased, are among `openings`.
fn may_open(word: &str, openings: &[u32]) -> bool {
    let key = opening_key(word.as_bytes());
    openings.contains(&key)
}

/// The first two bytes of an ASCII word, lower-cased, and how many there are (a word of one
/// letter opens with one), as one number: every word of every hit's body is looked up, and
/// comparing two-byte strings called `memcmp` each time (5% of a search's main thread).
fn opening_key(word: &[u8]) -> u32 {
    let n = word.len().min(2);
    let mut key = (n as u32) << 16;
    for (i, b) in word.iter().take(2).enumerate() {
        key |= u32::from(b.to_ascii_lowercase()) << (8 * i);
    }
    key
}

/// The first two characters of a word.
fn opening(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

impl Highlighter {
    /// A highlighter for `wanted`, tokenizing with `analyzer` (the index's own).
    pub fn new(analyzer: TextAnalyzer, wanted: Wanted) -> Highlighter {
        // A short list scanned in order beats hashing every word of a body.
        let openings = wanted.fuzzy.is_empty().then(|| {
            // A wanted word that opens with a letter beyond ASCII opens no ASCII word.
            let mut list: Vec<u32> = wanted
                .terms
                .iter()
                .chain(wanted.phrases.iter().flatten())
                .map(|w| opening(w))
                .filter(|o| o.is_ascii())
                .map(|o| opening_key(o.as_bytes()))
                .collect();
            list.sort_unstable();
            list.dedup();
            list
        });
        Highlighter {
            analyzer,
            openings,
            wanted,
        }
    }

    /// Tokens of `text` as the index analyses them: byte range and term, `None` for a word that
    /// cannot match (see `openings`), which is then neither analysed nor copied (nor listed at
    /// all when no phrase or prefix is wanted). Words are cut as the index's tokenizer cuts them
    /// (runs of letters and digits); only the words whose opening may match go through the
    /// analyzer.
    fn tokens(&self, text: &str) -> Vec<(Range<usize>, Option<String>)> {
        let Some(openings) = &self.openings else {
            return self.analysed_tokens(text, 0);
        };
        let mut out = Vec::new();
        let keep_all = !self.wanted.phrases.is_empty() || !self.wanted.prefixes.is_empty();
        let bytes = text.as_bytes();
        // Whether the character at `i` is a letter or digit, and its length: a byte below 128 is
        // a whole character, only the others need decoding.
        let letter_at = |i: usize| -> (bool, usize) {
            let b = bytes[i];
            if b < 128 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().expect("i is on a char boundary");
                (c.is_alphanumeric(), c.len_utf8())
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 128 && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (letter, width) = letter_at(i);
            if !letter {
                i += width;
                continue;
            }
            // A word: its letters and digits, in one run.
            let start = i;
            let mut ascii = width == 1;
            i += width;
            while i < bytes.len() {
                if bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let (letter, width) = letter_at(i);
                if !letter {
                    break;
                }
                ascii &= width == 1;
                i += width;
            }
            let word = &text[start..i];
            if ascii && !may_open(word, openings) {
                // Kept only where a phrase needs its neighbours or a prefix may match it.
                if keep_all {
                    out.push((start..i, None));
                }
            } else {
                out.extend(self.analysed_tokens(word, start));
            }
        }
        out
    }

    /// `text` through the full analyzer, offsets shifted by `shift`.
    fn analysed_tokens(&self, text: &str, shift: usize) -> Vec<(Range<usize>, Option<String>)> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                shift + token.offset_from..shift + token.offset_to,
                Some(token.text.clone()),
            ));
        }
        out
    }

    /// Byte ranges of the words of `text` that match a query term.
    pub fn matches(&self, text: &str) -> Vec<Range<usize>> {
        self.matched_terms(text)
            .into_iter()
            .map(|(r, _)| r)
            .collect()
    }

    /// The words (and phrases) of `text` that match: byte range and what they matched, in order.
    fn matched_terms(&self, text: &str) -> Vec<(Range<usize>, String)> {
        let w = &self.wanted;
        if w.terms.is_empty() && w.phrases.is_empty() && w.fuzzy.is_empty() && w.prefixes.is_empty()
        {
            return Vec::new();
        }
        let tokens = self.tokens(text);
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        // Phrases first: their words are marked only as part of them.
        let mut in_phrase = vec![false; tokens.len()];
        for phrase in &w.phrases {
            let n = phrase.len();
            if n == 0 || n > tokens.len() {
                continue;
            }
            let mut i = 0;
            while i + n <= tokens.len() {
                if tokens[i..i + n]
                    .iter()
                    .zip(phrase)
                    .all(|((_, t), p)| t.as_deref() == Some(p.as_str()))
                {
                    if !in_phrase[i..i + n].iter().any(|&b| b) {
                        found.push((tokens[i].0.start..tokens[i + n - 1].0.end, phrase.join(" ")));
                        in_phrase[i..i + n].iter_mut().for_each(|b| *b = true);
                    }
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        for (i, (range, term)) in tokens.iter().enumerate() {
            if in_phrase[i] {
                continue;
            }
            let Some(term) = term else {
                // Not a candidate for any stemmed word; only a prefix may still match it.
                if let Some(p) = w
                    .prefixes
                    .iter()
                    .find(|p| analyzer::fold(&text[range.clone()]).starts_with(p.as_str()))
                {
                    found.push((range.clone(), format!("{p}*")));
                }
                continue;
            };
            let key = if w.terms.contains(term) {
                Some(term.clone())
            } else if let Some((f, _)) = w
                .fuzzy
                .iter()
                .find(|(f, d)| strsim::osa_distance(f, term) <= *d as usize)
            {
                Some(format!("{f}~"))
            } else if w.prefixes.is_empty() {
                None
            } else {
                let folded = analyzer::fold(&text[range.clone()]);
                w.prefixes
                    .iter()
                    .find(|p| folded.starts_with(p.as_str()))
                    .map(|p| format!("{p}*"))
            };
            if let Some(key) = key {
                found.push((range.clone(), key));
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        // Pairs of CJK characters overlap ("习近", "近平"): one mark covers them.
        let mut merged: Vec<(Range<usize>, String)> = Vec::with_capacity(found.len());
        for (range, key) in found {
            match merged.last_mut() {
                Some((last, _)) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push((range, key)),
            }
        }
        merged
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

    /// Up to `fragments` passages of a body that together show the most query terms: each a
    /// sentence (with its neighbour when short), cut at word boundaries when long, in the order
    /// of the text, adjacent ones merged, joined with " … ". Without any match, the lead
    /// sentence, so that a hit is never without context.
    pub fn passage(&self, paragraphs: &[String], fragments: usize) -> Option<Snippet> {
        // A monster document (a log, a dump saved as one paragraph) must not cost a second per
        // hit: passages are looked for in its first stretch only.
        let mut budget = MAX_SCANNED_BYTES;
        let paragraphs: Vec<&str> = paragraphs
            .iter()
            .map_while(|p| {
                let take = floor_char_boundary(p, budget.min(p.len()));
                budget -= take;
                (take > 0 || p.is_empty()).then(|| &p[..take])
            })
            .collect();
        // Sentences are only cut where something matched (and in the lead, the fallback).
        let mut sentences: Vec<Vec<Range<usize>>> = vec![Vec::new(); paragraphs.len()];
        // Every sentence that matches, with the terms it holds.
        let mut candidates: Vec<(usize, usize, HashSet<String>, usize)> = Vec::new();
        for (p, paragraph) in paragraphs.iter().enumerate() {
            let found = self.matched_terms(paragraph);
            if found.is_empty() {
                continue;
            }
            sentences[p] = sentence_ranges(paragraph);
            for (s, range) in sentences[p].iter().enumerate() {
                let inside: Vec<&(Range<usize>, String)> = found
                    .iter()
                    .filter(|(r, _)| r.start >= range.start && r.start < range.end)
                    .collect();
                if !inside.is_empty() {
                    let terms = inside.iter().map(|(_, t)| t.clone()).collect();
                    candidates.push((p, s, terms, inside.len()));
                }
            }
        }
        // Greedy cover: each pick adds the most terms not yet shown, then the most matches,
        // then comes first.
        let mut picked: Vec<(usize, usize)> = Vec::new();
        let mut shown: HashSet<String> = HashSet::new();
        while picked.len() < fragments.max(1) {
            let best = candidates
                .iter()
                .filter(|(p, s, _, _)| !picked.contains(&(*p, *s)))
                .map(|(p, s, terms, count)| (terms.difference(&shown).count(), *count, *p, *s))
                .max_by(|a, b| {
                    (a.0, a.1)
                        .cmp(&(b.0, b.1))
                        .then((b.2, b.3).cmp(&(a.2, a.3)))
                });
            let Some((new_terms, _, p, s)) = best else {
                break;
            };
            if new_terms == 0 && !picked.is_empty() {
                break;
            }
            let (_, _, terms, _) = candidates
                .iter()
                .find(|c| c.0 == p && c.1 == s)
                .expect("picked from candidates");
            shown.extend(terms.iter().cloned());
            picked.push((p, s));
        }
        if picked.is_empty() {
            let lead = paragraphs.iter().position(|p| !p.trim().is_empty())?;
            sentences[lead] = sentence_ranges(paragraphs[lead]);
            picked.push((lead, 0));
        }
        // Each pick as a byte range of its paragraph, widened to a neighbour when short.
        let mut ranges: Vec<(usize, Range<usize>)> = picked
            .into_iter()
            .map(|(p, s)| {
                let paragraph = &paragraphs[p];
                let list = &sentences[p];
                let mut range = list.get(s).cloned().unwrap_or(0..paragraph.len());
                if paragraph[range.clone()].chars().count() < 120 {
                    if let Some(next) = list.get(s + 1) {
                        range.end = next.end;
                    } else if s > 0 {
                        range.start = list[s - 1].start;
                    }
                }
                (p, range)
            })
            .collect();
        ranges.sort_by_key(|(p, r)| (*p, r.start));
        let mut merged: Vec<(usize, Range<usize>)> = Vec::new();
        for (p, range) in ranges {
            match merged.last_mut() {
                Some((lp, last)) if *lp == p && range.start <= last.end + 1 => {
                    last.end = last.end.max(range.end)
                }
                _ => merged.push((p, range)),
            }
        }
        let max_chars = if merged.len() > 1 {
            MAX_SNIPPET_CHARS * 2 / 3
        } else {
            MAX_SNIPPET_CHARS
        };
        let mut out = String::new();
        let mut highlights = Vec::new();
        let count = merged.len();
        for (k, (p, range)) in merged.into_iter().enumerate() {
            let paragraph = &paragraphs[p];
            let text = &paragraph[range.clone()];
            let matches = self.matches(text);
            let (window, cut_before, cut_after) = cut_window(text, &matches, max_chars);
            if k > 0 {
                out.push_str(" … ");
            } else if cut_before || range.start > 0 {
                out.push_str("… ");
            }
            let shift = out.len();
            out.push_str(&text[window.clone()]);
            highlights.extend(
                matches
                    .into_iter()
                    .filter(|r| r.start >= window.start && r.end <= window.end)
                    .map(|r| r.start - window.start + shift..r.end - window.start + shift),
            );
            if k + 1 == count && (cut_after || range.end < paragraph.len()) {
                out.push_str(" …");
            }
        }
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
        || is_initialism(last)
}

/// "U.S.", "U.K.", "N.Y.": single letters each followed by a full stop.
fn is_initialism(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '"', '“']);
    word.len() >= 4
        && word.chars().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_alphabetic()
            } else {
                c == '.'
            }
        })
        && word.ends_with('.')
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
        // Move forward to the start of a word, within the window: text without spaces (Chinese,
        // Japanese) is cut where it is, each character a word.
        if let Some(i) = text[start..end].find(char::is_whitespace) {
            start += i;
            start += text[start..end].len() - text[start..end].trim_start().len();
        }
    }
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i > start)
            .unwrap_or(end);
    }
    (start..end, start > 0, end < text.len())
}

/// The snippets of an article's title, standfirst and body for what a query wants in each,
/// highlighted as the article's language stems its prose: one set of highlighters per language
/// met, made when first needed.
pub struct ProseSnippets {
    /// What is wanted in the title, the standfirst and the body.
    wanted: [Wanted; 3],
    highlighters: Vec<(frostem::Algorithm, [Highlighter; 3])>,
}

impl ProseSnippets {
    pub fn new(wanted: [Wanted; 3]) -> ProseSnippets {
        ProseSnippets {
            wanted,
            highlighters: Vec::new(),
        }
    }

    /// The title's and standfirst's snippets when they match, then the body's passage (at most
    /// `fragments` pieces), for an article in `lang`.
    pub fn of(
        &mut self,
        lang: Option<&str>,
        title: Option<&str>,
        standfirst: Option<&str>,
        body: &[String],
        fragments: usize,
    ) -> Vec<Snippet> {
        let latin = crate::lang::latin_stemmer(lang);
        let at = match self.highlighters.iter().position(|(l, _)| *l == latin) {
            Some(at) => at,
            None => {
                let prose = || crate::index::analyzer::prose_analyzer(latin);
                let [t, s, b] = self.wanted.clone();
                self.highlighters.push((
                    latin,
                    [
                        Highlighter::new(prose(), t),
                        Highlighter::new(prose(), s),
                        Highlighter::new(prose(), b),
                    ],
                ));
                self.highlighters.len() - 1
            }
        };
        let [title_h, standfirst_h, body_h] = &self.highlighters[at].1;
        let mut snippets = Vec::new();
        snippets.extend(title.and_then(|t| title_h.whole("title", t)));
        snippets.extend(standfirst.and_then(|s| standfirst_h.whole("standfirst", s)));
        snippets.extend(body_h.passage(body, fragments));
        snippets
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analyzer::text_analyzer;

    fn highlighter(words: &[&str]) -> Highlighter {
        Highlighter::new(
            text_analyzer(),
            Wanted::terms(words.iter().map(|w| w.to_string())),
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
        let s = h.passage(&paras, 1).unwrap();
        assert!(s.text.starts_with("Later Xi greeted Putin"), "{}", s.text);
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, vec!["Xi", "Putin"]);
    }

    #[test]
    fn passage_without_match_is_the_lead() {
        let h = highlighter(&["absent"]);
        let s = h
            .passage(&["First sentence here. Second one.".to_string()], 1)
            .unwrap();
        assert!(s.text.starts_with("First sentence here."));
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn long_sentences_are_cut_on_word_boundaries_and_utf8() {
        let h = highlighter(&["target"]);
        let long = format!("{} target {}", "émigré ".repeat(100), "日本語 ".repeat(100));
        let s = h.passage(&[long], 1).unwrap();
        assert!(s.text.chars().count() <= MAX_SNIPPET_CHARS + 4);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"));
        let r = &s.highlights[0];
        assert_eq!(&s.text[r.clone()], "target");
    }

    #[test]
    fn several_fragments_cover_terms_in_text_order() {
        let h = highlighter(&["xi", "putin", "vodka"]);
        let paras = vec![
            "Xi greeted Putin at the Great Hall of the People in Beijing on Friday afternoon, in front of the cameras.".to_string(),
            "The weather was cold and grey over the city all week long and nobody minded it at all, as usual in June.".to_string(),
            "Later they shared some vodka together and carved some sausage, he recalled in an interview with television.".to_string(),
        ];
        let s = h.passage(&paras, 3).unwrap();
        assert!(s.text.starts_with("Xi greeted Putin"), "{}", s.text);
        assert!(
            s.text.contains(" … Later they shared some vodka"),
            "{}",
            s.text
        );
        assert!(!s.text.contains("weather"));
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, vec!["Xi", "Putin", "vodka"]);
        let one = h.passage(&paras, 1).unwrap();
        assert!(!one.text.contains("vodka"));
    }

    #[test]
    fn sentences_split_but_not_at_abbreviations() {
        let t = "Mr. Smith went to Washington. He met the U.S. Trade envoy there! Then left.";
        let got: Vec<&str> = sentence_ranges(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            vec![
                "Mr. Smith went to Washington.",
                "He met the U.S. Trade envoy there!",
                "Then left."
            ]
        );
    }

    fn marked(h: &Highlighter, text: &str) -> Vec<String> {
        h.matches(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn phrases_are_marked_whole_and_only_together() {
        let h = Highlighter::new(
            text_analyzer(),
            Wanted {
                phrases: vec![vec!["best".into(), "friend".into()]],
                ..Wanted::default()
            },
        );
        let text = "His best friend, he said; the best of friends, a friend at best.";
        assert_eq!(marked(&h, text), ["best friend"]);
    }

    #[test]
    fn fuzzy_and_prefix_words_are_marked() {
        let h = Highlighter::new(
            text_analyzer(),
            Wanted {
                fuzzy: vec![("putni".into(), 1)],
                prefixes: vec!["repnik".into()],
                ..Wanted::default()
            },
        );
        let text = "Putin met Repnikova and Putn; Pushkin did not.";
        assert_eq!(marked(&h, text), ["Putin", "Repnikova", "Putn"]);
    }

    #[test]
    fn words_are_cut_and_folded_as_the_index_does() {
        // The fast path (ASCII words whose opening cannot match are skipped) must agree with
        // the analyzer on every word that can.
        let h = highlighter(&["emigr", "2018", "putin", "s"]);
        let text = "Émigrés in 2018: Putin's émigré friends, PUTIN, putinesque.";
        assert_eq!(
            marked(&h, text),
            ["Émigrés", "2018", "Putin", "s", "émigré", "PUTIN"]
        );
    }

    #[test]
    fn long_text_without_spaces_is_cut_around_its_match() {
        let h = highlighter(&["攻占"]);
        let text = format!("{}攻占{}", "历史".repeat(400), "大陆".repeat(400));
        let s = h.passage(&[text], 1).unwrap();
        assert!(s.text.chars().count() < 400, "{}", s.text.chars().count());
        assert_eq!(s.highlights.len(), 1);
        assert_eq!(&s.text[s.highlights[0].clone()], "攻占");
    }

    #[test]
    fn highlights_fall_on_character_boundaries_in_any_script() {
        let h = highlighter(&["東京", "putin", "שלום", "🎉"]);
        let text = "🎉 Putin visitó 東京 — שלום! 😀 Путин";
        for r in h.matches(text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(marked(&h, text), ["Putin", "東京", "שלום"]);
        let s = h.passage(&[text.repeat(30)], 2).unwrap();
        for r in &s.highlights {
            assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
        }
    }

    proptest::proptest! {
        /// The fast path (words cut by hand, only possible matches analysed) marks exactly the
        /// words the index's analyzer would.
        #[test]
        fn fast_word_cutting_agrees_with_the_analyzer(
            text in "[a-zA-Z0-9éÉüß' .,東京Ωω-]{0,80}",
            pick in 0usize..16,
        ) {
            let mut analyzer = text_analyzer();
            let mut stream = analyzer.token_stream(&text);
            let mut all = Vec::new();
            while let Some(t) = stream.next() {
                all.push((t.offset_from..t.offset_to, t.text.clone()));
            }
            let wanted: HashSet<String> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + pick) % 3 == 0)
                .map(|(_, (_, t))| t.clone())
                .collect();
            // Overlapping pairs of CJK characters are one mark.
            let mut expected: Vec<Range<usize>> = Vec::new();
            for (r, _) in all.iter().filter(|(_, t)| wanted.contains(t)) {
                match expected.last_mut() {
                    Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                    _ => expected.push(r.clone()),
                }
            }
            let h = Highlighter::new(text_analyzer(), Wanted::terms(wanted));
            proptest::prop_assert_eq!(h.matches(&text), expected);
        }
    }
}
