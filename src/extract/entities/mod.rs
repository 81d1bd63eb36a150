//! People, organisations and places named in an article: a statistical tagger ([`tagger`])
//! trained on the CoNLL-2003 English newswire (Reuters, 1996–97; research use) by
//! `src/bin/train-entities.rs`, shipped as `models/entities.bin`, and read once per process.
//!
//! An article's entities are found in its title, standfirst and body (never its byline: that is
//! who wrote it), each listed once, in its fullest form in the article: "Vladimir Putin", not
//! also "Putin" and "Mr Putin".

pub mod tagger;
pub mod tokens;

// FxHash: every capitalised word of every article indexed goes in.
use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use serde::Serialize;

use crate::article::Article;
use crate::extract::lexicon::with_ascii_lowered;
use tagger::{Context, Kind, Model, Tag};

/// The model shipped with morgue (see `src/bin/train-entities.rs` to make it again).
const MODEL: &[u8] = include_bytes!("../../../models/entities.bin");

/// Paragraphs of an article read for names, and words per paragraph: enough for any article,
/// bounded for a 5,000-word list of names.
const MAX_PARAGRAPHS: usize = 200;
const MAX_WORDS_PER_PARAGRAPH: usize = 2000;
/// Distinct names of one type kept per article, first mentioned first: a long sports results
/// table names a few hundred; a page of 100,000 made-up names would otherwise cost minutes to
/// merge into fullest forms (every name against every other) and bloat the index.
const MAX_NAMES: usize = 1000;
/// Longest name kept: a run of capitalised words longer than this is a headline in capitals or a
/// run of letters without spaces (a hostile title), not a name, and would make facet values and
/// their links of any length.
const MAX_NAME_BYTES: usize = 120;

/// The named entities of one article, each once, in order of first mention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Entities {
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
}

/// The shipped model, read on first use.
pub fn model() -> &'static Model {
    static MODEL_READ: OnceLock<Model> = OnceLock::new();
    MODEL_READ.get_or_init(|| {
        Model::read(&mut &MODEL[..]).expect("the shipped entity model is well formed")
    })
}

/// The entities named in `article` (title, standfirst, body).
pub fn find(article: &Article) -> Entities {
    let found = find_with(model(), article);
    match article
        .lang
        .as_deref()
        .and_then(crate::lang::primary_subtag)
    {
        Some(lang) if lang != "en" => in_another_language(found, &lang),
        _ => found,
    }
}

/// What the English tagger finds in an article in another language (`lang`) that can be
/// trusted: people written as two or more capitalised words (a first name and a surname,
/// "Сергей Плуготаренко", "Angela Merkel"), none of them one of the language's commonest words
/// (German capitalises its nouns: "Die Wahlen" opening a sentence is no one). Its other guesses
/// there are mostly a sentence's first word or a capitalised adjective ("Российский", "Москве"
/// as people), so organisations and places are left out.
fn in_another_language(found: Entities, lang: &str) -> Entities {
    let people = found
        .people
        .into_iter()
        .filter(|name| {
            let words: Vec<&str> = name.split_whitespace().collect();
            words.len() >= 2
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && !crate::lang::is_common_word(lang, w)
                })
        })
        .collect();
    Entities {
        people,
        ..Entities::default()
    }
}

/// [`find`] with another model (for training and tests).
pub fn find_with(model: &Model, article: &Article) -> Entities {
    let texts: Vec<&str> = article
        .title
        .iter()
        .chain(&article.standfirst)
        .chain(article.body.iter().take(MAX_PARAGRAPHS))
        .map(String::as_str)
        .collect();
    // Every word of the article in one list, and each sentence as a range of it.
    // Sized from the text (a word and its space are six bytes or so), so that the lists are not
    // copied as they grow; no larger than a long article needs (a hostile page's megabytes grow
    // them as before).
    let bytes: usize = texts.iter().map(|t| t.len()).sum::<usize>().min(1 << 20);
    let mut words: Vec<&str> = Vec::with_capacity(bytes / 5);
    let mut sentences: Vec<std::ops::Range<usize>> = Vec::with_capacity(bytes / 100);
    // The headline's sentences (the first text, when there is a headline).
    let mut in_headline = 0;
    for (t, text) in texts.into_iter().enumerate() {
        let paragraph_start = words.len();
        tokens::words_into(text, &mut words, MAX_WORDS_PER_PARAGRAPH);
        let mut start = paragraph_start;
        for (i, word) in words.iter().enumerate().skip(paragraph_start) {
            if matches!(word.as_bytes(), b"." | b"?" | b"!") {
                sentences.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < words.len() {
            sentences.push(start..words.len());
        }
        if t == 0 && article.title.is_some() {
            in_headline = sentences.len();
        }
    }
    let slices: Vec<&[&str]> = sentences.iter().map(|r| &words[r.clone()]).collect();
    // A headline in title case hides names as one in capitals does: it is read in capitals.
    let title_case: Vec<bool> = (0..slices.len())
        .map(|k| k < in_headline && is_title_case(slices[k]))
        .collect();
    let cased: Vec<&[&str]> = slices
        .iter()
        .zip(&title_case)
        .filter(|(_, t)| !**t)
        .map(|(s, _)| *s)
        .collect();
    let known_names = known_names(&cased);
    // Each run of words once per type (most names recur), joined into a name when first met.
    let mut met: HashSet<(Kind, &[&str])> =
        HashSet::with_capacity_and_hasher(64, Default::default());
    let mut found: Vec<(Kind, String)> = Vec::with_capacity(64);
    let (mut buffers, mut tags) = (tagger::Buffers::default(), Vec::new());
    for (sentence, &title_case) in slices.iter().zip(&title_case) {
        if title_case {
            let capitals: Vec<String> = sentence.iter().map(|w| w.to_uppercase()).collect();
            let read: Vec<&str> = capitals.iter().map(String::as_str).collect();
            let context = Context {
                all_caps: true,
                known_names: &known_names,
            };
            model.tag_into(&read, &context, &mut buffers, &mut tags);
        } else {
            let context = Context {
                all_caps: is_all_caps(sentence),
                known_names: &known_names,
            };
            model.tag_into(sentence, &context, &mut buffers, &mut tags);
        }
        for (kind, run) in spans(sentence, &tags) {
            if met.insert((kind, run)) {
                found.push((kind, join(run)));
            }
        }
    }
    drop_words_read_as_people(&mut found, &words);
    fullest_forms(found)
}

/// A person of one word that the article also writes in small letters is a word, not a name:
/// "BILL" in a headline over a story about a bill, "Energy" or "Chapter" (11) in a table's
/// heading, read as people where the headline's capitals hide what they are.
fn drop_words_read_as_people(found: &mut Vec<(Kind, String)>, words: &[&str]) {
    let one_word = |kind: Kind, name: &str| kind == Kind::Person && !name.contains(' ');
    // A set, not a list: a hostile page can hold a hundred thousand one-word "people".
    let lowered: HashSet<String> = found
        .iter()
        .filter(|(kind, name)| one_word(*kind, name))
        .map(|(_, name)| name.to_lowercase())
        .collect();
    if lowered.is_empty() {
        return;
    }
    // A word equal to a lower-cased name is written in small letters. Most words differ from
    // every such name in their length, first byte or last byte, which a bit of 256 tells more
    // cheaply than the set (an article has a few such names, so few bits are set).
    let sketch = |w: &str| {
        let b = w.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        (b.len() * 31 + usize::from(first.unwrap_or(0)) * 7 + usize::from(last.unwrap_or(0))) % 256
    };
    let mut bits = [0u64; 4];
    for name in &lowered {
        let k = sketch(name);
        bits[k / 64] |= 1 << (k % 64);
    }
    let written_small: HashSet<&str> = words
        .iter()
        .filter(|w| {
            let k = sketch(w);
            bits[k / 64] & 1 << (k % 64) != 0 && lowered.contains(**w)
        })
        .copied()
        .collect();
    if !written_small.is_empty() {
        found.retain(|(kind, name)| {
            !(one_word(*kind, name) && written_small.contains(name.to_lowercase().as_str()))
        });
    }
}

/// A headline in title case ("Toyota Sees Lower U.S. Sales In 1988", "Official Says Reagan
/// Opposes Securities Tax"): at least three words of four letters or more, every one of them
/// capitalised, and not all in capitals. Read as prose, each of its words looked like a name
/// ("Sees", "Sales In" as organisations).
pub fn is_title_case(words: &[&str]) -> bool {
    let mut long = 0;
    for w in words {
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            continue;
        };
        if !first.is_alphabetic() || chars.take(3).count() < 3 {
            continue;
        }
        if !first.is_uppercase() {
            return false;
        }
        long += 1;
    }
    long >= 3 && !is_all_caps(words)
}

/// A sentence written in capitals (a headline): case tells nothing there.
pub fn is_all_caps(words: &[&str]) -> bool {
    let mut letters = 0;
    for w in words {
        if w.chars().any(char::is_lowercase) {
            return false;
        }
        letters += usize::from(w.chars().any(char::is_alphabetic));
    }
    letters >= 2
}

/// Words written with a capital inside sentences that are not in capitals: names, most of
/// them, which tells the tagger what a headline's capitals hide. Kept as hashes of the
/// lower-cased words ([`tagger::word_hash`]).
pub fn known_names(sentences: &[&[&str]]) -> HashSet<u64> {
    let mut out = HashSet::with_capacity_and_hasher(64, Default::default());
    let mut scratch = String::new();
    for words in sentences.iter().filter(|w| !is_all_caps(w)) {
        for w in words.iter().skip(1) {
            // Most words open with a small ASCII letter or a digit: settled by their first byte.
            if w.as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                continue;
            }
            let mut chars = w.chars();
            if chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase) {
                out.insert(tagger::word_hash(w, &mut scratch));
            }
        }
    }
    out
}

/// The entities a sentence's tags mark: runs of words of one type, opened by a B tag.
fn spans<'w>(words: &'w [&'w str], tags: &[Tag]) -> Vec<(Kind, &'w [&'w str])> {
    let mut out = Vec::new();
    // The entity being read: its type and where it began.
    let mut current: Option<(Kind, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = match (tag.kind(), current) {
            (Some((kind, false)), Some((open, _))) => kind == open,
            _ => false,
        };
        if continues {
            continue;
        }
        if let Some((kind, start)) = current.take() {
            out.push((kind, &words[start..i]));
        }
        current = tag.kind().map(|(kind, _)| (kind, i));
    }
    if let Some((kind, start)) = current {
        out.push((kind, &words[start..tags.len()]));
    }
    out
}

/// Words of a name joined as written ("Tim O'Gorman", "U.S.").
fn join(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        let glued = matches!(*w, "'s" | "’s" | "." | ",") || w.starts_with('\'');
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.trim_end_matches(['\'', '’', ',']).to_string()
}

/// Each entity once, in its fullest form: a name that is a run of words of a longer name of the
/// same type ("Putin" in "Vladimir Putin") is that name. Capitals ("CLINTON" in a headline) are
/// written as the article writes the name elsewhere. A person's name that is only ever part of a
/// longer organisation or place ("DOUGLAS" in a headline, "McDonnell Douglas said", in a story
/// about "McDonnell Douglas Corp") is that organisation or place, and a place or an organisation
/// that is part of a person's name is that person: the tagger reads a sentence at a time, the
/// article as a whole tells which is meant.
fn fullest_forms(found: Vec<(Kind, String)>) -> Entities {
    // Each distinct name of each type once, with its words folded (as hashes, all of a type's
    // names' in one list rather than a list a name: the merging was a sixth of the finder's
    // instructions), worked out once.
    let mut by_kind: Vec<Folded> = (0..3).map(|_| Folded::default()).collect();
    let mut seen: HashSet<&str> = HashSet::default();
    for (slot, kind) in [Kind::Person, Kind::Org, Kind::Place]
        .into_iter()
        .enumerate()
    {
        seen.clear();
        let folded = &mut by_kind[slot];
        for (_, name) in found.iter().filter(|(k, _)| *k == kind) {
            if folded.names.len() == MAX_NAMES {
                break;
            }
            let name = match kind {
                Kind::Person => bare_person_name(name),
                _ => name.as_str(),
            };
            let name = name.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')'));
            if name.len() > MAX_NAME_BYTES || is_no_name(name) {
                continue;
            }
            if !seen.insert(name) {
                continue;
            }
            let start = folded.words.len();
            folded.words.extend(
                name.split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .filter(|w| !w.is_empty())
                    .map(folded_hash),
            );
            if folded.words.len() > start {
                folded.names.push((start..folded.words.len(), name));
            }
        }
    }
    // People who are the words of an organisation or a place, unless they are also the words of
    // a longer person's name that is not.
    let people = &by_kind[0];
    let elsewhere: Vec<bool> = (0..people.names.len())
        .map(|p| {
            let key = people.key(p);
            by_kind[1..].iter().any(|others| {
                (0..others.names.len()).any(|o| {
                    let other = others.key(o);
                    same(other, key) || holds(other, key)
                })
            })
        })
        .collect();
    let keep: Vec<bool> = (0..people.names.len())
        .map(|p| {
            !elsewhere[p]
                || (0..people.names.len())
                    .any(|o| !elsewhere[o] && holds(people.key(o), people.key(p)))
        })
        .collect();
    let mut keep = keep.into_iter();
    by_kind[0].names.retain(|_| keep.next().unwrap_or(true));
    // And the other way: an organisation or a place that is part of a person's name ("Putin"
    // read as a place in one sentence of a story about Vladimir Putin) is that person.
    let (people, others) = by_kind.split_at_mut(1);
    let people = &people[0];
    for names in others {
        let words = &names.words;
        names.names.retain(|(key, _)| {
            let key = &words[key.clone()];
            !(0..people.names.len()).any(|p| holds(people.key(p), key))
        });
    }
    let mut out = Entities::default();
    for (slot, names) in by_kind.iter().enumerate() {
        let mut kept: Vec<(&[u64], &str)> = Vec::new();
        for (n, &(_, name)) in names.names.iter().enumerate() {
            let key = names.key(n);
            // The longest name that holds this one as a run of words stands for it.
            let (key, shown) = (0..names.names.len())
                .filter(|&w| holds(names.key(w), key))
                .max_by_key(|&w| names.key(w).len())
                .map_or((key, name), |w| (names.key(w), names.names[w].1));
            match kept.iter_mut().find(|(k, _)| same(k, key)) {
                // The form written in mixed case is preferred to capitals.
                Some(existing) if in_capitals(existing.1) && !in_capitals(shown) => {
                    existing.1 = shown;
                }
                Some(_) => {}
                None => kept.push((key, shown)),
            }
        }
        let list: Vec<String> = kept.into_iter().map(|(_, n)| n.to_string()).collect();
        match slot {
            0 => out.people = list,
            1 => out.orgs = list,
            _ => out.places = list,
        }
    }
    out
}

/// The distinct names of one type in an article, each with its words' folded hashes (its key:
/// a range of `words`).
#[derive(Default)]
struct Folded<'a> {
    words: Vec<u64>,
    names: Vec<(std::ops::Range<usize>, &'a str)>,
}

impl Folded<'_> {
    fn key(&self, n: usize) -> &[u64] {
        &self.words[self.names[n].0.clone()]
    }
}

/// Two keys of the same words (compared a word at a time: `==` on slices calls `memcmp`, dear
/// for keys of one or two words).
fn same(a: &[u64], b: &[u64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A longer key that holds `short` as a run of words.
fn holds(long: &[u64], short: &[u64]) -> bool {
    long.len() > short.len()
        && match short {
            [one] => long.contains(one),
            _ => long.windows(short.len()).any(|run| same(run, short)),
        }
}

/// Titles that are not part of a person's name (CoNLL leaves them out too): "Mr Khodorkovsky" is
/// "Khodorkovsky", "Chancellor Helmut Kohl" is "Helmut Kohl".
static TITLES: WordList = WordList::new(&[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mme",
    "dr",
    "prof",
    "professor",
    "president",
    "chancellor",
    "chairman",
    "chairwoman",
    "premier",
    "prime",
    "minister",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "secretary",
    "judge",
    "justice",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sir",
    "dame",
    "lord",
    "vice",
    "deputy",
    "acting",
    "former",
    "chief",
    "treasurer",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "coach",
    "manager",
    "keeper",
    "goalkeeper",
    "striker",
    "rapper",
    "singer",
    "actor",
    "actress",
]);

/// Words that never make a name on their own: pronouns, joining words, numbers and company
/// suffixes the tagger can take for one in a quotation, a results table or a ticker ("I'm",
/// "Because I'm", "Nine" months, "Corp>").
static NOT_NAMES: WordList = WordList::new(&[
    "i", "i'm", "i’m", "im", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his",
    "she", "her", "it", "its", "they", "them", "their", "because", "but", "and", "or", "the", "a",
    "an", "if", "so", "yes", "no", "ok", "oh", "corp", "inc", "co", "ltd", "plc", "one", "two",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    // Reuters' financial shorthand, in tables and telegraphic headlines ("NINE MTHS", "DLR").
    "mths", "mth", "qtr", "dlr", "dlrs", "pct", "shr", "shrs", "cts", "mln", "bln", "revs", "avg",
]);

/// A name with no letters, or only of words that never make one.
fn is_no_name(name: &str) -> bool {
    !name.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().any(char::is_alphabetic) && !NOT_NAMES.has(w) && !OPENERS.has(w)
    })
}

/// A list of words in small letters, asked about for every name found: a set built on first
/// use, asked whatever the case of the word.
struct WordList {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str>>,
}

impl WordList {
    const fn new(words: &'static [&'static str]) -> WordList {
        WordList {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is one of the list, whatever its case.
    fn has(&self, word: &str) -> bool {
        let set = self
            .set
            .get_or_init(|| self.words.iter().copied().collect());
        with_ascii_lowered(word, |w| set.contains(w))
            .unwrap_or_else(|| set.contains(word.to_lowercase().as_str()))
    }
}

/// Words that open a sentence and that the tagger now and then reads as the first name of the
/// person after them ("Despite Reagan's veto", "But Clinton said"): prepositions, conjunctions
/// and determiners, which no English first name is. ("Said", "Will" and "An" are first names,
/// and are not listed.)
static OPENERS: WordList = WordList::new(&[
    "despite",
    "but",
    "and",
    "or",
    "nor",
    "yet",
    "so",
    "when",
    "while",
    "after",
    "before",
    "since",
    "until",
    "unless",
    "because",
    "although",
    "though",
    "if",
    "as",
    "with",
    "without",
    "under",
    "for",
    "in",
    "on",
    "at",
    "by",
    "from",
    "to",
    "of",
    "the",
    "this",
    "that",
    "then",
    "also",
    "however",
    "meanwhile",
    "like",
    "unlike",
    "against",
    "during",
    "about",
    "over",
    "among",
    "between",
    "through",
    "both",
    "whether",
    "where",
    "once",
]);

/// Words that say what someone is, written before the name ("Tory Liam Fox", "Briton Hayley
/// Yelling"): parties and nationalities. Dropped only before a first name and a surname, since
/// some are first names too ("Tory Burch").
static DESCRIPTORS: WordList = WordList::new(&[
    "tory",
    "labour",
    "democrat",
    "republican",
    "conservative",
    "socialist",
    "briton",
    "american",
    "british",
    "english",
    "scottish",
    "welsh",
    "irish",
    "french",
    "german",
    "italian",
    "spanish",
    "russian",
    "chinese",
    "japanese",
    "australian",
    "canadian",
    "kenyan",
    "ethiopian",
    "dutch",
    "swiss",
    "swedish",
    "norwegian",
    "danish",
    "brazilian",
    "argentine",
    "mexican",
    "indian",
    "pakistani",
    "israeli",
    "palestinian",
    "iranian",
    "iraqi",
    "saudi",
    "egyptian",
    "turkish",
    "greek",
    "polish",
    "ukrainian",
    "belgian",
    "austrian",
    "portuguese",
    "nigerian",
    "african",
]);

/// A person's name without the titles before it, nor a sentence's opening word read as part of
/// it (never down to nothing). A title of two words whose first is not one ("Defense Secretary
/// Caspar Weinberger", "Finance Minister …") goes too when a first name and a surname follow it,
/// and so does a party or a nationality ([`DESCRIPTORS`]).
fn bare_person_name(name: &str) -> &str {
    let mut rest = name.trim();
    while let Some((first, after)) = rest.split_once(' ') {
        let first = first.trim_end_matches('.');
        let mut later = after.split_whitespace();
        let second = later.next().map(|w| w.trim_end_matches('.'));
        // Words after the second: a first name and a surname follow the first two words when
        // there are two, the first word alone when there is one.
        let beyond = later.count();
        if TITLES.has(first) || OPENERS.has(first) || (beyond >= 1 && DESCRIPTORS.has(first)) {
            rest = after.trim_start();
        } else if beyond >= 2 && second.is_some_and(|w| TITLES.has(w)) {
            rest = after.trim_start().split_once(' ').map_or("", |(_, a)| a);
            rest = rest.trim_start();
        } else {
            break;
        }
    }
    rest
}

/// A word's hash, case folded: "PUTIN" and "Putin" alike.
fn folded_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    if word.is_ascii() {
        // The same numbers as below, without decoding characters.
        for b in word.bytes() {
            h.write_u32(u32::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            h.write_u32(c as u32);
        }
    }
    h.finish()
}

/// Written in capitals: letters, none of them small.
fn in_capitals(name: &str) -> bool {
    name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_are_the_full_name_and_listed_once() {
        let found = vec![
            (Kind::Person, "Putin".to_string()),
            (Kind::Person, "Vladimir Putin".to_string()),
            (Kind::Person, "Xi Jinping".to_string()),
            (Kind::Person, "Xi".to_string()),
            (Kind::Place, "RUSSIA".to_string()),
            (Kind::Place, "Russia".to_string()),
        ];
        let e = fullest_forms(found);
        assert_eq!(e.people, ["Vladimir Putin", "Xi Jinping"]);
        assert_eq!(e.places, ["Russia"]);
    }

    #[test]
    fn a_sentences_opening_word_is_not_a_first_name() {
        let found = vec![
            (Kind::Person, "Despite Reagan".to_string()),
            (Kind::Person, "But Clinton".to_string()),
            (Kind::Person, "Chancellor Helmut Kohl".to_string()),
            (Kind::Person, "Will Smith".to_string()),
            (Kind::Person, "Despite".to_string()),
            (
                Kind::Person,
                "Defense Secretary Caspar Weinberger".to_string(),
            ),
            (Kind::Person, "Vice Chairman Manuel Johnson".to_string()),
            (Kind::Person, "Beatle Sir Paul McCartney".to_string()),
            // A title with one word after it: a name that ends in a title's word, kept.
            (Kind::Person, "Kate Prince".to_string()),
            (Kind::Person, "John Major".to_string()),
            (Kind::Person, "Tory Liam Fox".to_string()),
            (Kind::Person, "Tory Burch".to_string()),
        ];
        let e = fullest_forms(found);
        assert_eq!(
            e.people,
            [
                "Reagan",
                "Clinton",
                "Helmut Kohl",
                "Will Smith",
                "Caspar Weinberger",
                "Manuel Johnson",
                "Paul McCartney",
                "Kate Prince",
                "John Major",
                "Liam Fox",
                "Tory Burch"
            ]
        );
    }

    #[test]
    fn a_one_word_person_the_article_writes_in_small_letters_is_a_word() {
        let mut found = vec![
            (Kind::Person, "Bill".to_string()),
            (Kind::Person, "Bill Gates".to_string()),
            (Kind::Person, "Energy".to_string()),
            (Kind::Org, "Bill".to_string()),
        ];
        drop_words_read_as_people(&mut found, &["the", "bill", "passed", "Energy", "Bills"]);
        let kept: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(kept, ["Bill Gates", "Energy", "Bill"]);
        // Financial shorthand is no one.
        let e = fullest_forms(vec![(Kind::Person, "Nine Mths".to_string())]);
        assert!(e.people.is_empty(), "{e:?}");
    }

    #[test]
    fn pronouns_and_company_suffixes_are_no_names() {
        let found = vec![
            (Kind::Person, "I'm".to_string()),
            (Kind::Person, "Because I'm".to_string()),
            (Kind::Org, "Corp>".to_string()),
            (Kind::Org, "<Bank of Boston>".to_string()),
            (Kind::Place, "1987".to_string()),
        ];
        let e = fullest_forms(found);
        assert!(e.people.is_empty() && e.places.is_empty(), "{e:?}");
        assert_eq!(e.orgs, ["Bank of Boston"]);
    }

    #[test]
    fn in_another_language_only_full_names_of_people_are_kept() {
        let article = Article {
            title: Some("РЭЦ и АНО будут совместно развивать экспорт".to_string()),
            body: vec!["Российский экспортный центр и АНО подписали соглашение в Москве, сообщил директор Сергей Плуготаренко. Международного опыта достаточно, добавила Вероника Никишина.".to_string()],
            lang: Some("ru".to_string()),
            ..Article::default()
        };
        let e = find(&article);
        assert!(e.orgs.is_empty() && e.places.is_empty(), "{e:?}");
        assert!(e.people.iter().all(|p| p.contains(' ')), "{e:?}");
        assert!(
            e.people.contains(&"Сергей Плуготаренко".to_string()),
            "{e:?}"
        );
    }

    #[test]
    fn a_german_sentence_opening_is_no_one() {
        let article = Article {
            title: Some("Die Wahlen in Berlin werden wiederholt".to_string()),
            body: vec!["Die Wahlen in Berlin werden im Frühjahr wiederholt, sagte Bürgermeisterin Franziska Giffey am Montag. Die Parteien bereiten sich vor.".to_string()],
            lang: Some("de".to_string()),
            ..Article::default()
        };
        let e = find(&article);
        assert!(e.people.iter().all(|p| !p.starts_with("Die ")), "{e:?}");
    }

    #[test]
    fn a_headline_in_title_case_is_read_as_one_in_capitals() {
        assert!(is_title_case(&[
            "Toyota", "Sees", "Lower", "U.S.", "Sales", "In", "1988"
        ]));
        assert!(!is_title_case(&["Toyota", "sees", "lower", "sales"]));
        assert!(!is_title_case(&["TOYOTA", "SEES", "LOWER", "SALES"]));
        assert!(!is_title_case(&["Toyota", "Sees", "It"]));
        let article = Article {
            title: Some("Toyota Sees Lower U.S. Sales In 1988".to_string()),
            body: vec![
                "Toyota Motor Corp said on Monday that its sales in the United States would fall \
                 this year, its president Shoichiro Toyoda told reporters in Tokyo."
                    .to_string(),
            ],
            ..Article::default()
        };
        let e = find(&article);
        let all: Vec<&String> = e.people.iter().chain(&e.orgs).chain(&e.places).collect();
        for junk in ["Sees", "Sales In", "Sales", "Lower"] {
            assert!(!all.iter().any(|n| n.as_str() == junk), "{junk}: {e:?}");
        }
        assert!(e.people.contains(&"Shoichiro Toyoda".to_string()), "{e:?}");
        assert!(e.places.contains(&"Tokyo".to_string()), "{e:?}");
    }

    #[test]
    fn titles_are_not_part_of_names() {
        let found = vec![
            (Kind::Person, "Mr Khodorkovsky".to_string()),
            (Kind::Person, "Mikhail Khodorkovsky".to_string()),
            (Kind::Person, "Chancellor Helmut Kohl".to_string()),
            (Kind::Person, "Mr.".to_string()),
        ];
        let e = fullest_forms(found);
        assert_eq!(e.people, ["Mikhail Khodorkovsky", "Helmut Kohl", "Mr."]);
    }

    #[test]
    fn a_person_who_is_only_part_of_a_company_is_the_company() {
        let found = vec![
            (Kind::Person, "DOUGLAS".to_string()),
            (Kind::Org, "McDonnell Douglas Corp".to_string()),
            (Kind::Person, "Douglas".to_string()),
            (Kind::Person, "Baker".to_string()),
            (Kind::Person, "James Baker".to_string()),
            (Kind::Org, "Baker Hughes".to_string()),
            // A headline's tagging of the company as a person does not keep its words a person.
            (Kind::Person, "Baker Hughes".to_string()),
        ];
        let e = fullest_forms(found);
        assert_eq!(e.people, ["James Baker"]);
        assert_eq!(e.orgs, ["McDonnell Douglas Corp", "Baker Hughes"]);
        let e = fullest_forms(vec![
            (Kind::Person, "Vladimir Putin".to_string()),
            (Kind::Place, "Putin".to_string()),
            (Kind::Place, "Moscow".to_string()),
        ]);
        assert_eq!(
            (e.people, e.places),
            (
                vec!["Vladimir Putin".to_string()],
                vec!["Moscow".to_string()]
            )
        );
    }

    #[test]
    fn a_page_of_made_up_names_keeps_the_first_thousand() {
        let found: Vec<(Kind, String)> = (0..5000)
            .map(|i| (Kind::Person, format!("Name{i} Surname{i}")))
            .collect();
        let e = fullest_forms(found);
        assert_eq!(e.people.len(), MAX_NAMES);
        // A word of a thousand letters is no name.
        let long = Article {
            title: Some(format!("Hostile {} Corp", "A".repeat(1000))),
            body: vec![format!("Officials at {} Corp said so.", "A".repeat(1000))],
            ..Article::default()
        };
        let named = find(&long);
        assert!(
            named
                .people
                .iter()
                .chain(&named.orgs)
                .chain(&named.places)
                .all(|n| n.len() < 1000),
            "{named:?}"
        );
        assert_eq!(e.people[0], "Name0 Surname0");
        // Fifty thousand one-word "people", each also written in small letters: looked up in a
        // set, not compared with every word (which took minutes).
        let mut found: Vec<(Kind, String)> = (0..50_000)
            .map(|i| (Kind::Person, format!("Zq{i}")))
            .collect();
        let small: Vec<String> = (0..50_000).map(|i| format!("zq{i}")).collect();
        let words: Vec<&str> = small.iter().map(String::as_str).collect();
        drop_words_read_as_people(&mut found, &words);
        assert!(found.is_empty());
    }

    #[test]
    fn the_seed_names_its_people_and_places() {
        let text = include_str!("../../../corpus/xi-putin-best-friend.txt");
        let article = crate::extract::text::segment_text(
            text,
            &crate::extract::boilerplate::Boilerplate::default(),
        );
        let e = find(&article);
        assert!(e.people.contains(&"Vladimir Putin".to_string()), "{e:?}");
        assert!(e.people.contains(&"Xi Jinping".to_string()), "{e:?}");
        assert!(
            e.places.iter().any(|p| p == "China" || p == "Beijing"),
            "{e:?}"
        );
        // The page's list of other stories, which segmentation leaves out, names others: none of
        // them is a person of this story.
        for other in [
            "Rishi Sunak",
            "Yevgeny Prigozhin",
            "Harriet Marsden",
            "Sorcha Bradley",
        ] {
            assert!(
                !e.people.iter().any(|p| p.contains(other)),
                "{other}: {e:?}"
            );
        }
    }

    #[test]
    fn the_byline_is_who_wrote_the_story_not_who_is_in_it() {
        let article = Article {
            title: Some("Harbour board approves dredging".to_string()),
            byline: vec!["Priya Raman".to_string()],
            body: vec!["The harbour board approved the dredging of the channel on Monday, its chairman John Hale said.".to_string()],
            ..Article::default()
        };
        assert_eq!(find(&article).people, ["John Hale"]);
    }
}
