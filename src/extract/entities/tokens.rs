//! Words as the tagger sees them: cut the way the CoNLL-2003 data it learnt from is cut
//! (punctuation apart, "'s" apart, "U.S." and "3.5" whole), as slices of the text.

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
    let before = out.len();
    let mut push = |chunk: &'a str| {
        if is_plain_word(chunk) {
            out.push(chunk);
        } else {
            split_word(chunk, out);
        }
        out.len() - before >= limit
    };
    // The chunks `split_whitespace` gives, for less: cut at the common ASCII spaces by bytes,
    // and only a chunk with a byte that is not a visible ASCII character (another space, the
    // vertical tab, a letter outside ASCII) cut again by `split_whitespace`, which decodes
    // every character (a sixth of the finder's instructions, when it cut every text). A text
    // all in ASCII without a vertical tab, most of them, has no such chunk: asked once of the
    // whole text rather than of each chunk, 8.5 M instructions fewer over 1,000 articles.
    if text.is_ascii() && !text.contains('\u{b}') {
        for chunk in text.split_ascii_whitespace() {
            if push(chunk) {
                break;
            }
        }
    } else {
        'chunks: for chunk in text.split_ascii_whitespace() {
            if chunk.bytes().all(|b| b.is_ascii_graphic()) {
                if push(chunk) {
                    break;
                }
            } else {
                for part in chunk.split_whitespace() {
                    if push(part) {
                        break 'chunks;
                    }
                }
            }
        }
    }
    out.truncate(before + limit.min(out.len() - before));
}

/// A chunk that is one word as it stands, which most are: it opens and ends with an ASCII
/// letter or digit and does not end in a possessive ("said", "Putin", "3.5"). Worked out from
/// its two ends only; the rest go through [`split_word`], which would leave these whole.
fn is_plain_word(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    // "'s" and "’s" (whose last byte is 0x99) are cut off as their own word.
    let possessive = bytes.len() > 2
        && matches!(last, b's' | b'S')
        && matches!(bytes[bytes.len() - 2], b'\'' | 0x99);
    first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() && !possessive
}

/// One whitespace-delimited chunk into words: leading and trailing punctuation apart, a
/// possessive "'s" apart, a sentence's full stop apart (but not an abbreviation's).
fn split_word<'a>(chunk: &'a str, out: &mut Vec<&'a str>) {
    let mut word = chunk;
    // Leading punctuation, one mark a word.
    while let Some(c) = word.chars().next() {
        if !(is_split_punct(c) || c == '\'') {
            break;
        }
        out.push(&word[..c.len_utf8()]);
        word = &word[c.len_utf8()..];
    }
    // Trailing punctuation: where it starts, so that it follows the word.
    let mut end = word.len();
    while let Some(c) = word[..end].chars().next_back() {
        let keep_stop = c == '.' && is_abbreviation(&word[..end]);
        if is_split_punct(c) || (c == '.' && !keep_stop) || c == '\'' {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    let (core, tail) = word.split_at(end);
    if !core.is_empty() {
        // "Clinton's" and "Clinton’s": the possessive is its own word.
        let possessive = ["'s", "’s", "'S", "’S"]
            .iter()
            .find(|p| core.len() > p.len() && core.ends_with(**p));
        match possessive {
            Some(p) => {
                let (name, s) = core.split_at(core.len() - p.len());
                out.push(name);
                out.push(s);
            }
            None => out.push(core),
        }
    }
    let mut rest = tail;
    while let Some(c) = rest.chars().next() {
        out.push(&rest[..c.len_utf8()]);
        rest = &rest[c.len_utf8()..];
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
        let mut out = Vec::new();
        words_into(text, &mut out, usize::MAX);
        out
    }

    /// The quick paths (ASCII spaces by bytes, plain words whole) give what cutting every chunk
    /// of `split_whitespace` the full way gives.
    #[test]
    fn text_is_cut_where_split_whitespace_cuts_it() {
        for text in [
            "",
            "   ",
            "one",
            " one  two\tthree\r\nfour\u{b}five\u{c}six ",
            "a\u{85}b\u{a0}c\u{1680}d\u{2000}e\u{200a}f\u{2028}g\u{2029}h\u{202f}i\u{205f}j\u{3000}k",
            "\u{a9}\u{c2b}\u{1681} \u{2010}x\u{2060}\u{3001}\u{1e}\u{1c}",
            "Xi Jinping’s visit\u{a0}— «Путин» 习近平 ",
            "Mr. Smith (U.S.) said: \"No.\" Clinton's\u{b}aide,",
            // Chunks the quick path for plain words takes, and some it must leave.
            "said Putin 3.5 U.S Clinton's Xi’s it's Mr. a-b",
        ] {
            let mut ours = Vec::new();
            words_into(text, &mut ours, usize::MAX);
            // Every chunk of `split_whitespace` cut the slow way.
            let mut slow = Vec::new();
            for chunk in text.split_whitespace() {
                split_word(chunk, &mut slow);
            }
            assert_eq!(ours, slow, "{text:?}");
        }
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
        let mut few = Vec::new();
        words_into("one, two three four", &mut few, 3);
        assert_eq!(few, ["one", ",", "two"]);
        // The same limit where a chunk is cut again at a space outside ASCII.
        let mut few = Vec::new();
        words_into("one, two\u{a0}three four", &mut few, 3);
        assert_eq!(few, ["one", ",", "two"]);
    }
}
