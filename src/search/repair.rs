//! Repairing what people type, before the query grammar reads it: an unmatched quote or
//! parenthesis, a `field:` with nothing after it, an unknown `word:`, field aliases (`author:`),
//! `word*` prefixes, and queries too long or too deep. Each change is said, in words.

use crate::index::{analyzer, schema};
use crate::search::query::DEFAULT_FIELDS;

/// Field names a query may use, and the names people also type for them.
const QUERY_FIELDS: &[(&str, &str)] = &[
    ("title", schema::TITLE),
    ("headline", schema::TITLE),
    ("standfirst", schema::STANDFIRST),
    ("dek", schema::STANDFIRST),
    ("byline", schema::BYLINE),
    ("author", schema::BYLINE),
    ("body", schema::BODY),
    ("text", schema::BODY),
    ("source", schema::SOURCE),
    ("person", schema::PERSON),
    ("people", schema::PERSON),
    ("org", schema::ORG),
    ("orgs", schema::ORG),
    ("organisation", schema::ORG),
    ("organization", schema::ORG),
    ("place", schema::PLACE),
    ("places", schema::PLACE),
    ("url", schema::URL),
    ("keyword", schema::KEYWORD),
    ("keywords", schema::KEYWORD),
    ("tag", schema::KEYWORD),
    ("lang", schema::LANG),
    ("format", schema::FORMAT),
    ("id", schema::ID),
];

static FIELD_PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(^|[\s(+-])([\p{L}_][\p{L}\p{N}_]*):(\S?)")
        .expect("field prefix regex is valid")
});

/// Make a typed query safe for the parser, saying what was changed: an unmatched quote is
/// dropped, `field:` with nothing after it is dropped, an unknown `word:` is searched as words,
/// field aliases (`author:`, `headline:`) become our field names, unmatched parentheses go.
pub fn sanitize(query: &str) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let words = query.split_whitespace().count();
    let mut text = if words > MAX_QUERY_WORDS {
        notes.push(format!(
            "the query has {words} words; only the first {MAX_QUERY_WORDS} were used"
        ));
        query
            .split_whitespace()
            .take(MAX_QUERY_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        query.to_string()
    };
    if text.matches('"').count() % 2 == 1 {
        let at = text
            .rfind('"')
            .expect("an odd count means at least one quote");
        text.remove(at);
        notes.push("an unmatched quote (\") was dropped".to_string());
    }
    let text = quote_urls(&text);
    // Rewrite field prefixes outside phrases only: inside quotes a colon is just punctuation.
    let mut out = String::with_capacity(text.len());
    let parts: Vec<&str> = text.split('"').collect();
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        // `title:"best friend"`: the field's term is the phrase that follows the quote.
        let phrase_follows = i + 1 < count;
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        if !part.contains(':') {
            out.push_str(&rewrite_wildcards(part, &mut notes));
            continue;
        }
        let rewritten = FIELD_PREFIX.replace_all(part, |caps: &regex::Captures| {
            let (lead, name, next) = (&caps[1], &caps[2], &caps[3]);
            let at_end = caps.get(0).is_some_and(|m| m.end() == part.len());
            let known = QUERY_FIELDS.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(name));
            match known {
                Some((_, field)) if next.is_empty() && at_end && phrase_follows => {
                    format!("{lead}{field}:")
                }
                Some(_) if next.is_empty() => {
                    notes.push(format!("`{name}:` has no term after it and was dropped"));
                    lead.to_string()
                }
                Some((_, field)) => format!("{lead}{field}:{next}"),
                None => {
                    notes.push(format!("`{name}:` is not a field (try title:, byline:, source:, person:, place:, body:); searched as words"));
                    format!("{lead}{name} {next}")
                }
            }
        });
        out.push_str(&rewrite_wildcards(&rewritten, &mut notes));
    }
    let text = balance_parentheses(&out, &mut notes);
    (text, notes)
}

static URL_VALUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(^|[\s(+-])(?i:url):([^\s"()]+)"#).expect("url value regex is valid")
});

/// `url:https://example.com/a/b` as a phrase, `url:"https://example.com/a/b"`: an address holds
/// colons and slashes that would otherwise read as a field and a regular expression.
fn quote_urls(text: &str) -> String {
    if !text.to_ascii_lowercase().contains("url:") {
        return text.to_string();
    }
    // Only outside phrases: split on quotes as `sanitize` does.
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            out.push_str(&URL_VALUE.replace_all(part, "${1}url:\"${2}\""));
        }
    }
    out
}

/// Longer queries are cut: no one types more, and each word costs a clause.
const MAX_QUERY_WORDS: usize = 1000;

/// Deeper nesting than this is flattened: nobody means it, and the parser recurses per level.
const MAX_NESTING: usize = 16;

/// Shortest prefix searched with `word*`: shorter ones would match most of the vocabulary.
const MIN_PREFIX_CHARS: usize = 3;

static PREFIX_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(^|[\s(+:-])([\p{L}\p{N}]+)\*").expect("prefix regex is valid")
});

/// `friend*` becomes a prefix search (a regular expression over the index's words, lower-cased
/// and accent-folded as the index is, but not stemmed: a stem cut short would miss). Slashes,
/// which would let a typed regular expression loose on the whole vocabulary, are dropped.
fn rewrite_wildcards(part: &str, notes: &mut Vec<String>) -> String {
    let mut part = part.to_string();
    if part.contains('/') {
        notes.push("regular expressions are not supported; `/` was dropped".to_string());
        part = part.replace('/', " ");
    }
    if !part.contains('*') {
        // Compiling the pattern costs a millisecond or two per process: only when needed.
        return part;
    }
    PREFIX_WORD
        .replace_all(&part, |caps: &regex::Captures| {
            let (lead, word) = (&caps[1], &caps[2]);
            let folded = analyzer::fold(word);
            if folded.chars().count() < MIN_PREFIX_CHARS {
                notes.push(format!(
                    "`{word}*` is too short a prefix; searched as `{word}`"
                ));
                format!("{lead}{word}")
            } else if lead == ":" {
                format!("{lead}/{folded}.*/")
            } else {
                // A regular expression needs a field: the default fields, any of them.
                let any: Vec<String> = DEFAULT_FIELDS
                    .iter()
                    .map(|(f, _)| format!("{f}:/{folded}.*/"))
                    .collect();
                format!("{lead}({})", any.join(" OR "))
            }
        })
        .into_owned()
}

fn balance_parentheses(text: &str, notes: &mut Vec<String>) -> String {
    // One entry per open parenthesis: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut in_phrase = false;
    let mut flattened = false;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => in_phrase = !in_phrase,
            '(' if !in_phrase => {
                let keep = open.iter().filter(|&&k| k).count() < MAX_NESTING;
                open.push(keep);
                if !keep {
                    flattened = true;
                    out.push(' ');
                    continue;
                }
            }
            ')' if !in_phrase => match open.pop() {
                Some(true) => {}
                Some(false) => {
                    out.push(' ');
                    continue;
                }
                None => {
                    notes.push("an unmatched `)` was dropped".to_string());
                    continue;
                }
            },
            _ => {}
        }
        out.push(c);
    }
    if flattened {
        notes.push(format!(
            "parentheses nested deeper than {MAX_NESTING} were flattened"
        ));
    }
    let unclosed = open.iter().filter(|&&k| k).count();
    if unclosed > 0 {
        notes.push(format!("{unclosed} unclosed `(` closed at the end"));
        out.push_str(&")".repeat(unclosed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::plan::render;

    #[test]
    fn sanitize_repairs_what_people_type() {
        assert_eq!(sanitize("\"Xi Putin").0, "Xi Putin");
        assert_eq!(sanitize("title:").0, "");
        assert_eq!(sanitize("title: Putin").0, " Putin");
        assert_eq!(sanitize("author:Repnikova").0, "byline:Repnikova");
        assert_eq!(sanitize("note:friendship medal").0, "note friendship medal");
        assert_eq!(sanitize("\"note: this\" x").0, "\"note: this\" x");
        assert_eq!(sanitize("(Putin OR Xi").0, "(Putin OR Xi)");
        assert_eq!(sanitize("Putin)").0, "Putin");
        assert_eq!(sanitize("Xi Putin"), ("Xi Putin".to_string(), vec![]));
        assert_eq!(sanitize("-medal Putin").0, "-medal Putin");
        assert_eq!(
            sanitize("Repnik* medal").0,
            "(title:/repnik.*/ OR title_exact:/repnik.*/ OR standfirst:/repnik.*/ OR lead:/repnik.*/ OR byline:/repnik.*/ OR body:/repnik.*/) medal"
        );
        assert_eq!(sanitize("title:Émig*").0, "title:/emig.*/");
        let parsed = |q: &str| render(&tantivy_query_grammar::parse_query_lenient(q).0);
        assert_eq!(parsed("Xi -medal"), "(Xi -medal)");
        assert_eq!(
            parsed("title:\"best friend\"~2 date:[2018 TO 2019}"),
            "(title:\"best friend\"~2 date:[2018 TO 2019})"
        );
        assert_eq!(parsed("+a (b OR c)^2"), "(+a (b OR c)^2)");
        assert_eq!(sanitize("Xi*").0, "Xi");
        assert_eq!(sanitize("/.*/ Putin").0, " .*  Putin");
        assert_eq!(sanitize("\"a* b\"").0, "\"a* b\"");
        assert_eq!(sanitize("title:\"medal\"").0, "title:\"medal\"");
        assert_eq!(
            sanitize("source:\"Eastport Gazette\" -title:\"x y\"").0,
            "source:\"Eastport Gazette\" -title:\"x y\""
        );
        assert_eq!(
            sanitize("url:https://example.com/a/b?x=1 harbour").0,
            "url:\"https://example.com/a/b?x=1\" harbour"
        );
        assert_eq!(sanitize("title: \"medal\"").1.len(), 1);
        let deep = format!("{}Putin{}", "(".repeat(5000), ")".repeat(5000));
        let (text, notes) = sanitize(&deep);
        assert_eq!(text.matches('(').count(), MAX_NESTING);
        assert_eq!(text.matches(')').count(), MAX_NESTING);
        assert!(notes.iter().any(|n| n.contains("flattened")));
    }
}
