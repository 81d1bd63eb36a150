//! "Did you mean": when nothing matches, the query with its unknown words replaced by the
//! nearest words the index holds.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Term, Value};
use tantivy::{Searcher, TantivyDocument};

use crate::index::analyzer;
use crate::index::schema::Fields;

/// "Did you mean": the query as typed, with each word the index does not hold replaced by the
/// most frequent indexed word at most two edits away (one for short words) that starts with the
/// same letter, written as an article writes it rather than as its stem.
pub(crate) fn suggest(
    searcher: &Searcher,
    f: &Fields,
    input: &str,
) -> tantivy::Result<Option<String>> {
    let mut analyzer = analyzer::text_analyzer();
    let mut stream = analyzer.token_stream(input);
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    while let Some(token) = stream.next() {
        let term = &token.text;
        // Field names, prefixes and excluded words are not misspellings of what was wanted;
        // nor are numbers, dates, ranges, addresses and paths (`date:[2018 TO 2019]`).
        let next = input[token.offset_to..].chars().next();
        let before = input[..token.offset_from].chars().next_back();
        if matches!(next, Some(':' | '*')) || before == Some('-') || !is_plain_word(input, token) {
            continue;
        }
        if doc_freq(searcher, f.body, term)? + doc_freq(searcher, f.title, term)? > 0 {
            continue;
        }
        if let Some(better) = nearest_term(searcher, f.body, term)? {
            let word = surface_form(searcher, f, &better)?.unwrap_or(better);
            replacements.push((token.offset_from..token.offset_to, word));
        }
        if replacements.len() > 32 {
            break;
        }
    }
    if replacements.is_empty() {
        return Ok(None);
    }
    let mut out = input.to_string();
    for (range, word) in replacements.into_iter().rev() {
        out.replace_range(range, &word);
    }
    Ok(Some(out))
}

/// Whether a token of `input` is a word as people write words: letters only, standing in a
/// run of text that is not a field's value, a range, an address or a path.
fn is_plain_word(input: &str, token: &tantivy::tokenizer::Token) -> bool {
    if token.text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let start = input[..token.offset_from]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let end = input[token.offset_to..]
        .find(char::is_whitespace)
        .map_or(input.len(), |i| token.offset_to + i);
    // In `title:Putn` the value is what counts; in `url:http://…` the value is an address.
    let start = input[start..token.offset_from]
        .find(':')
        .map_or(start, |i| start + i + 1);
    let chunk = input[start..end].trim_matches(['"', '(', ')']);
    // Inside a range, even across spaces.
    let open = input[..token.offset_from].matches(['[', '{']).count();
    let close = input[..token.offset_from].matches([']', '}']).count();
    open <= close
        && !chunk.contains([':', '/', '\\', '@', '[', ']', '{', '}'])
        && !chunk.trim_end_matches(['.', ',', '?', '!']).contains('.')
}

fn doc_freq(searcher: &Searcher, field: Field, term: &str) -> tantivy::Result<u64> {
    searcher.doc_freq(&Term::from_field_text(field, term))
}

/// Candidates are scanned among the words that share the first letter: a bounded slice of
/// the vocabulary, whatever the archive's size.
fn nearest_term(searcher: &Searcher, field: Field, word: &str) -> tantivy::Result<Option<String>> {
    let Some(first) = word.chars().next() else {
        return Ok(None);
    };
    let max = match word.chars().count() {
        0..=3 => return Ok(None),
        4..=5 => 1,
        _ => 2,
    };
    let mut upper = first.to_string();
    upper.push(char::MAX);
    let mut best: Option<(usize, u64, String)> = None;
    for part in searcher.segment_readers() {
        let inverted = part.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(first.to_string().as_bytes())
            .lt(upper.as_bytes())
            .into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let len_gap = candidate.chars().count().abs_diff(word.chars().count());
            if len_gap > max {
                continue;
            }
            let distance = strsim::osa_distance(word, candidate);
            if distance == 0 || distance > max {
                continue;
            }
            let freq = u64::from(stream.value().doc_freq);
            let better = best.as_ref().is_none_or(|(d, n, _)| {
                (distance, std::cmp::Reverse(freq)) < (*d, std::cmp::Reverse(*n))
            });
            if better {
                best = Some((distance, freq, candidate.to_string()));
            }
        }
    }
    Ok(best.map(|(_, _, t)| t))
}

/// The word as an article writes it (lower-cased) for an index term: "presid" → "president".
fn surface_form(searcher: &Searcher, f: &Fields, term: &str) -> tantivy::Result<Option<String>> {
    let query = TermQuery::new(
        Term::from_field_text(f.body, term),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some((_, addr)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*addr)?;
    let mut analyzer = analyzer::text_analyzer();
    for paragraph in doc.get_all(f.body).filter_map(|v| v.as_str()) {
        let mut stream = analyzer.token_stream(paragraph);
        while let Some(token) = stream.next() {
            if token.text == term {
                return Ok(Some(
                    paragraph[token.offset_from..token.offset_to].to_lowercase(),
                ));
            }
        }
    }
    Ok(None)
}
