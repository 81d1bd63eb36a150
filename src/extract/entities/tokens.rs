//! Words as the tagger sees them: cut the way the CoNLL-2003 data it learnt from is cut
//! (punctuation apart, "'s" apart, "U.S." and "3.5" whole), each with its place in the text.

use std::ops::Range;

/// A word of the text and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
}

/// Punctuation that stands apart from the word it touches.
fn is_split_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '‘'
            | '’'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '«'
            | '»'
            | '…'
    )
}

/// The words of `text` pushed onto `out`, at most `limit` of them.
pub fn words_into<'a>(text: &'a str, out: &mut Vec<&'a str>, limit: usize) {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let before = out.len();
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                tokens.clear();
                split_word(text, s, i, &mut tokens);
                out.extend(tokens.iter().map(|t| t.text));
                if out.len() - before >= limit {
                    out.truncate(before + limit);
                    return;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.clear();
        split_word(text, s, text.len(), &mut tokens);
        out.extend(tokens.iter().map(|t| t.text));
    }
    out.truncate(before + limit.min(out.len() - before));
}

/// The words of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split_word(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_word(text, s, text.len(), &mut out);
    }
    out
}

/// One whitespace-delimited chunk into tokens: leading and trailing punctuation apart, a
/// possessive "'s" apart, a sentence's full stop apart (but not an abbreviation's).
fn split_word<'a>(text: &'a str, mut from: usize, mut to: usize, out: &mut Vec<Token<'a>>) {
    // Leading punctuation.
    while from < to {
        let c = text[from..to].chars().next().expect("non-empty");
        if is_split_punct(c) || c == '\'' {
            out.push(Token {
                text: &text[from..from + c.len_utf8()],
                range: from..from + c.len_utf8(),
            });
            from += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, kept aside to push after the word.
    let mut tail: Vec<Range<usize>> = Vec::new();
    while from < to {
        let c = text[from..to].chars().next_back().expect("non-empty");
        let word = &text[from..to];
        let keep_stop = c == '.' && is_abbreviation(word);
        if is_split_punct(c) || (c == '.' && !keep_stop) || c == '\'' {
            tail.push(to - c.len_utf8()..to);
            to -= c.len_utf8();
        } else {
            break;
        }
    }
    if from < to {
        let word = &text[from..to];
        // "Clinton's" and "Clinton’s": the possessive is its own token.
        let possessive = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| word.len() > p.len() && word.ends_with(**p));
        match possessive {
            Some(p) => {
                let cut = to - p.len();
                out.push(Token {
                    text: &text[from..cut],
                    range: from..cut,
                });
                out.push(Token {
                    text: &text[cut..to],
                    range: cut..to,
                });
            }
            None => out.push(Token {
                text: word,
                range: from..to,
            }),
        }
    }
    for r in tail.into_iter().rev() {
        out.push(Token {
            text: &text[r.clone()],
            range: r,
        });
    }
}

/// "U.S.", "Jan.", "Mr.", "p.m.": a full stop that belongs to the word.
fn is_abbreviation(word: &str) -> bool {
    let body = &word[..word.len() - 1];
    if body.is_empty() {
        return false;
    }
    // Dots inside: an initialism.
    if body.contains('.') {
        return true;
    }
    let letters = body.chars().count();
    let capital = body.chars().next().is_some_and(char::is_uppercase);
    // "Mr", "Jan", "Corp", "St": short and capitalised; a lone initial "J".
    capital
        && letters <= 4
        && body.chars().all(char::is_alphabetic)
        && (letters == 1
            || matches!(
                body,
                "Mr" | "Mrs"
                    | "Ms"
                    | "Dr"
                    | "St"
                    | "Jr"
                    | "Sr"
                    | "Co"
                    | "Corp"
                    | "Inc"
                    | "Ltd"
                    | "Jan"
                    | "Feb"
                    | "Mar"
                    | "Apr"
                    | "Jun"
                    | "Jul"
                    | "Aug"
                    | "Sep"
                    | "Sept"
                    | "Oct"
                    | "Nov"
                    | "Dec"
                    | "Gen"
                    | "Col"
                    | "Sen"
                    | "Rep"
                    | "Gov"
                    | "Prof"
                    | "Lt"
                    | "Capt"
                    | "Mt"
                    | "No"
            ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_are_cut_as_the_training_data_is() {
        assert_eq!(
            words("Clinton's aide, Mr. Smith (U.S.) said: \"No.\""),
            [
                "Clinton", "'s", "aide", ",", "Mr.", "Smith", "(", "U.S.", ")", "said", ":", "\"",
                "No.", "\""
            ]
        );
        assert_eq!(
            words("It rose 3.5 percent."),
            ["It", "rose", "3.5", "percent", "."]
        );
        assert_eq!(
            words("Xi Jinping’s visit"),
            ["Xi", "Jinping", "’s", "visit"]
        );
        let text = "Putin, Xi";
        for t in tokenize(text) {
            assert_eq!(&text[t.range.clone()], t.text);
        }
    }
}
