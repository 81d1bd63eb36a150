//! Lines that recur across the pages of one folder: a site's furniture (menus, prompts,
//! credits), learnt from the archive itself rather than from a list. Text pages lose such lines
//! before segmentation; web pages lose such paragraphs after extraction.

use std::hash::{DefaultHasher, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::article::Article;

/// Lines that recur across many files of one archive folder: site furniture, learnt from the
/// archive itself rather than from a list.
#[derive(Debug, Default, Clone)]
pub struct Boilerplate {
    /// The recurring lines' keys, as their [`key_hash`]es.
    keys: HashSet<u64>,
}

impl Boilerplate {
    /// Files a line must recur in before it counts as furniture.
    const MIN_FILES: usize = 3;
    /// ... and the share of the folder's files it must recur in.
    const MIN_SHARE: f64 = 0.01;

    /// Learn the recurring lines of a set of pages from the same folder or site.
    pub fn learn<'a>(pages: impl IntoIterator<Item = &'a str>) -> Boilerplate {
        // Every line of every page is counted: by the hash of its key, with one buffer for the
        // keys, where a string per line, kept in a set and a map, cost 3.7% of indexing's
        // instructions (callgrind, 2,000 articles of the scale archive: 293 → 157 M).
        let mut files_with: HashMap<u64, usize> = HashMap::default();
        let mut pages_seen = 0usize;
        let mut key = Vec::new();
        let mut keys: HashSet<u64> = HashSet::default();
        for page in pages {
            pages_seen += 1;
            keys.clear();
            for line in page.lines() {
                line_key_into(line, &mut key);
                let has_word = if key.is_ascii() {
                    key.iter().any(u8::is_ascii_alphanumeric)
                } else {
                    std::str::from_utf8(&key).is_ok_and(|k| k.chars().any(char::is_alphanumeric))
                };
                if has_word {
                    keys.insert(key_hash(&key));
                }
            }
            for &hash in &keys {
                *files_with.entry(hash).or_default() += 1;
            }
        }
        let threshold = Self::MIN_FILES.max((pages_seen as f64 * Self::MIN_SHARE).ceil() as usize);
        let keys = files_with
            .into_iter()
            .filter(|&(_, n)| n >= threshold)
            .map(|(k, _)| k)
            .collect();
        Boilerplate { keys }
    }

    /// True when nothing recurs.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// True when the line whose `line_key` is `key` recurs across the folder's files.
    pub fn contains_key(&self, key: &str) -> bool {
        !self.keys.is_empty() && self.keys.contains(&key_hash(key.as_bytes()))
    }

    /// True when `line` (compared case- and spacing-blind) recurs across the folder's files.
    pub fn is_furniture(&self, line: &str) -> bool {
        self.contains_key(&line_key(line))
    }
}

/// A line's key as a number: SipHash's 64 bits (two lines of an archive share one with odds of
/// one in 2^64 over each pair, and a hostile archive gains nothing by it: it can repeat a line
/// anyway).
fn key_hash(key: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(key);
    h.finish()
}

/// The key under which a line is compared with other lines: case and spacing folded.
pub fn line_key(text: &str) -> String {
    let mut key = Vec::new();
    line_key_into(text, &mut key);
    String::from_utf8(key).expect("a key is made of the line's characters")
}

/// [`line_key`] into `key` (emptied first), as UTF-8.
fn line_key_into(text: &str, key: &mut Vec<u8>) {
    key.clear();
    // This runs on every line of every page. An ASCII line, as most are, is folded byte by
    // byte: cutting it at whitespace decoded every character (2.6% of the instructions of
    // indexing the scale archive).
    if text.is_ascii() {
        if is_spaced_once(text.as_bytes()) {
            // Most lines: the key is the line lower-cased, copied whole.
            key.extend_from_slice(text.as_bytes());
            key.make_ascii_lowercase();
            return;
        }
        // `char::is_whitespace` on ASCII: the vertical tab too, which `u8::is_ascii_whitespace`
        // leaves out.
        let words = text
            .as_bytes()
            .split(|b| b.is_ascii_whitespace() || *b == 0x0B)
            .filter(|w| !w.is_empty());
        for word in words {
            if !key.is_empty() {
                key.push(b' ');
            }
            key.extend_from_slice(word);
        }
        key.make_ascii_lowercase();
        return;
    }
    let mut spaced = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !spaced.is_empty() {
            spaced.push(' ');
        }
        spaced.push_str(word);
    }
    key.extend_from_slice(spaced.to_lowercase().as_bytes());
}

/// Whether ASCII `line` has its words one space apart already: no other whitespace, no space
/// at either end or after another.
fn is_spaced_once(line: &[u8]) -> bool {
    let mut after_space = true;
    for &b in line {
        let space = b == b' ';
        if (space && after_space) || (b != b' ' && (b.is_ascii_whitespace() || b == 0x0B)) {
            return false;
        }
        after_space = space;
    }
    !after_space || line.is_empty()
}

/// Paragraphs longer than this are never taken for furniture: a long paragraph recurring is
/// the same story saved twice (wire copy), not a site's chrome.
const MAX_FURNITURE_WORDS: usize = 40;

/// Remove a page's paragraphs that recur across its folder, unless that would take most of
/// the body (then the pages are copies of one story, not pages sharing chrome).
pub fn drop_furniture(article: &mut Article, furniture: &Boilerplate) {
    let kept: Vec<String> = article
        .body
        .iter()
        .filter(|p| {
            p.split_whitespace().count() > MAX_FURNITURE_WORDS || !furniture.is_furniture(p)
        })
        .cloned()
        .collect();
    if kept.len() * 2 >= article.body.len() {
        article.body = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_key_is_the_words_lower_cased_one_space_apart(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Read", "MORE", "1987", " ", "  ", "\t", "\n", "\r", "\x0B", "\x0C", "\u{1e}",
                "\u{85}", "\u{a0}", "\u{3000}", "\u{2028}", "É", "İ", "ß", "Москва", "-", "|",
            ]), 0..16)
        ) {
            let text = parts.concat();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(line_key(&text), words.join(" ").to_lowercase());
        }

        #[test]
        fn an_ascii_key_is_the_words_lower_cased_one_space_apart(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Read", "MORE", "1987", "-", " ", " ", " ", "  ", "\t", "\n", "\x0B", "\x1e",
            ]), 0..12)
        ) {
            // Mostly words one space apart, the lines copied whole.
            let text = parts.concat();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(line_key(&text), words.join(" ").to_lowercase());
        }
    }
}
