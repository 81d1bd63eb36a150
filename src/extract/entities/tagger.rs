//! A named-entity tagger: an averaged perceptron over word features, decoding left to right
//! (each word's tag sees the two before it), trained on CoNLL-2003 (`src/bin/train-entities.rs`).
//!
//! Features are hashed to one of [`SLOTS`] places in a table of weights (the "hashing trick"),
//! in training as in tagging: the model is a flat array, with no strings and no keys, and
//! scoring a word is a few independent reads of it. Two features that share a place share a
//! weight; training sees that and makes the best of it.

use std::hash::{Hash, Hasher};
use std::io::{self, Read, Write};

// FxHash: looked up for every feature of every word indexed.
use rustc_hash::{FxHashSet as HashSet, FxHasher};

use crate::extract::lexicon::with_ascii_lowered;

/// The tags, BIO over the four CoNLL types. MISC (nationalities, events) is learnt so that it
/// is not confused with the three morgue keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Tag {
    O = 0,
    BPer,
    IPer,
    BOrg,
    IOrg,
    BLoc,
    ILoc,
    BMisc,
    IMisc,
}

/// How many tags there are.
pub const TAGS: usize = 9;

/// Places in the table of weights, as a number of bits. 2^16 places of nine 8-bit weights is
/// 590 KB, which a core's cache (1 MB here) holds while a thread tags (the table's reads were
/// half of tagging with a 4 MB hash map of 64-bit keys; on the bench 2^16 tags a fifth faster
/// than the map and 6% faster than 2^18, for strict F1 within 0.012 of the map's on every type,
/// see BENCHMARKS.md).
const SLOT_BITS: u32 = 16;
pub const SLOTS: usize = 1 << SLOT_BITS;

/// An entity's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Org,
    Place,
    Misc,
}

impl Tag {
    pub const ALL: [Tag; TAGS] = [
        Tag::O,
        Tag::BPer,
        Tag::IPer,
        Tag::BOrg,
        Tag::IOrg,
        Tag::BLoc,
        Tag::ILoc,
        Tag::BMisc,
        Tag::IMisc,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The type, and whether the tag begins an entity.
    pub fn kind(self) -> Option<(Kind, bool)> {
        Some(match self {
            Tag::O => return None,
            Tag::BPer => (Kind::Person, true),
            Tag::IPer => (Kind::Person, false),
            Tag::BOrg => (Kind::Org, true),
            Tag::IOrg => (Kind::Org, false),
            Tag::BLoc => (Kind::Place, true),
            Tag::ILoc => (Kind::Place, false),
            Tag::BMisc => (Kind::Misc, true),
            Tag::IMisc => (Kind::Misc, false),
        })
    }

    /// The tag for a CoNLL label (`I-PER`, `B-ORG`, `O`), in BIO given the label before it.
    pub fn from_conll(label: &str, previous: &str) -> Tag {
        let Some((prefix, kind)) = label.split_once('-') else {
            return Tag::O;
        };
        // IOB1: `I-` opens an entity unless the word before has the same type.
        let same = previous.split_once('-').is_some_and(|(_, k)| k == kind);
        let begins = prefix == "B" || !same;
        match (kind, begins) {
            ("PER", true) => Tag::BPer,
            ("PER", false) => Tag::IPer,
            ("ORG", true) => Tag::BOrg,
            ("ORG", false) => Tag::IOrg,
            ("LOC", true) => Tag::BLoc,
            ("LOC", false) => Tag::ILoc,
            ("MISC", true) => Tag::BMisc,
            ("MISC", false) => Tag::IMisc,
            _ => Tag::O,
        }
    }
}

/// What the tagger knows about a sequence's words beyond the words themselves.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The sequence is in capitals (a headline): case says nothing.
    pub all_caps: bool,
    /// Words seen capitalised mid-sentence elsewhere in the document (the hashes of their
    /// lower-cased forms, see [`word_hash`]): a name even where a headline writes it in capitals.
    pub known_names: &'a HashSet<u64>,
}

/// A sentence's words with the hashes every feature needs of them (the lower-cased word and its
/// shape), worked out when first needed: four words in five are never scored, and most of
/// those are never a neighbour of one that is.
struct Sentence<'w, 'b> {
    words: &'w [&'w str],
    buffers: &'b mut Buffers,
}

/// What tagging a sentence writes besides its tags, kept from one sentence to the next so that
/// an article's sentences share their allocations (see [`Model::tag_into`]).
#[derive(Debug, Default)]
pub struct Buffers {
    /// Per word: the hashes of its lower-cased form and of its shape; (0, 0) until needed.
    hashes: Vec<(u64, u64)>,
    /// The word being scored, lower-cased.
    lower: String,
    scratch: String,
    /// The features of the word being scored.
    feats: Vec<u32>,
}

/// The hashes standing for the words before the first and after the last.
const START: u64 = 0x0053_5441_5254;
const END: u64 = 0x0045_4e44;

impl<'w, 'b> Sentence<'w, 'b> {
    fn new(words: &'w [&'w str], buffers: &'b mut Buffers) -> Sentence<'w, 'b> {
        buffers.hashes.clear();
        buffers.hashes.resize(words.len(), (0, 0));
        Sentence { words, buffers }
    }

    /// The hashes of word `k`.
    fn hashes(&mut self, k: usize) -> (u64, u64) {
        let b = &mut *self.buffers;
        if b.hashes[k] == (0, 0) {
            let word = self.words[k];
            b.hashes[k] = ascii_word_and_shape_hashes(word).unwrap_or_else(|| {
                let lower = word_hash(word, &mut b.scratch);
                b.scratch.clear();
                push_shape(word, &mut b.scratch);
                (lower, hash_str(&b.scratch))
            });
        }
        b.hashes[k]
    }

    /// The hashes of the word `j` places from `i` and of its shape, or boundary marks.
    fn hashes_at(&mut self, i: usize, j: isize) -> (u64, u64) {
        match i.checked_add_signed(j) {
            Some(k) if k < self.words.len() => self.hashes(k),
            _ if j < 0 => (START, START),
            _ => (END, END),
        }
    }

    /// Word `i` lower-cased, into `self.lower`.
    fn lower_word(&mut self, i: usize) {
        lower_into(self.words[i], &mut self.buffers.lower);
    }
}

/// The hashes of a short ASCII word lower-cased and of its shape (as [`word_hash`] and
/// [`push_shape`] make them), both built on the stack in one pass over its bytes; `None` for
/// any other word. Most words are short and ASCII, and every scored word and its neighbours
/// need these.
fn ascii_word_and_shape_hashes(word: &str) -> Option<(u64, u64)> {
    let bytes = word.as_bytes();
    let mut lower = [0u8; 32];
    let mut shape = [0u8; SHAPE_BYTES];
    let mut shape_len = 0;
    if bytes.len() > lower.len() {
        return None;
    }
    for (at, &b) in bytes.iter().enumerate() {
        if !b.is_ascii() {
            return None;
        }
        lower[at] = b.to_ascii_lowercase();
        let s = ASCII_SHAPE_MARKS[usize::from(b)];
        if shape_len < shape.len() && (shape_len == 0 || shape[shape_len - 1] != s) {
            shape[shape_len] = s;
            shape_len += 1;
        }
    }
    Some((
        hash_bytes(&lower[..bytes.len()]),
        hash_bytes(&shape[..shape_len]),
    ))
}

/// [`shape_mark`] of each ASCII byte, looked up rather than worked out (every scored word and
/// its neighbours are marked a byte at a time).
const ASCII_SHAPE_MARKS: [u8; 128] = {
    let mut marks = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        marks[b] = if byte.is_ascii_uppercase() {
            b'X'
        } else if byte.is_ascii_lowercase() {
            b'x'
        } else if byte.is_ascii_digit() {
            b'd'
        } else {
            byte
        };
        b += 1;
    }
    marks
};

/// The longest shape, in bytes.
const SHAPE_BYTES: usize = 9;

/// The word's shape, pushed onto `out`: each character's [`shape_mark`], runs collapsed ("Xx",
/// "X.X.", "dd-dd"), at most [`SHAPE_BYTES`].
fn push_shape(word: &str, out: &mut String) {
    let start = out.len();
    let mut last = None;
    for c in word.chars() {
        let s = shape_mark(c);
        if last != Some(s) {
            out.push(s);
            last = Some(s);
        }
        if out.len() - start >= SHAPE_BYTES {
            break;
        }
    }
}

/// A character in a word's shape: capitals as X, small letters as x, digits as d, the rest as is.
fn shape_mark(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

/// The hash of a word as features see it: lower-cased (`scratch` holds it, so that no word
/// costs an allocation).
pub fn word_hash(word: &str, scratch: &mut String) -> u64 {
    // Most words are short and ASCII: lower-cased on the stack, with no copy through `scratch`.
    with_ascii_lowered(word, |lower| hash_bytes(lower.as_bytes())).unwrap_or_else(|| {
        lower_into(word, scratch);
        hash_str(scratch)
    })
}

/// `word` lower-cased into `out` (emptied first). Most words are ASCII: copied whole and
/// lower-cased in place, rather than a character at a time.
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// A string's hash: words and shapes are hashed once per sentence, features then combine
/// numbers.
fn hash_str(text: &str) -> u64 {
    hash_bytes(text.as_bytes())
}

/// The hash of the string these bytes spell, as its own `Hash` gives it (the bytes, then
/// 0xff; the shipped model was trained on those), for text lower-cased on the stack, which then
/// needs no check that it is UTF-8.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// A feature: its template and up to three numbers (word hashes, tags), mixed into its place
/// in the table of weights (the hash's top bits: FxHash mixes into them best).
fn mix(template: u64, a: u64, b: u64, c: u64) -> u32 {
    let mut h = FxHasher::default();
    h.write_u64(template);
    h.write_u64(a);
    h.write_u64(b);
    h.write_u64(c);
    (h.finish() >> (64 - SLOT_BITS)) as u32
}

/// The features of word `i`, given the tags decided before it, into the buffers' `feats`; each
/// is given to `prefetch` as soon as it is known (see [`prefetch_row`]).
fn features<'s>(
    s: &'s mut Sentence,
    i: usize,
    prev: Tag,
    prev2: Tag,
    context: &Context,
    prefetch: impl Fn(u32),
) -> &'s [u32] {
    let (word, shape) = s.hashes(i);
    let (before, before_shape) = s.hashes_at(i, -1);
    let (after, after_shape) = s.hashes_at(i, 1);
    let (before2, _) = s.hashes_at(i, -2);
    let (after2, _) = s.hashes_at(i, 2);
    s.lower_word(i);
    let Buffers { lower, feats, .. } = &mut *s.buffers;
    let lower = lower.as_str();
    let out = feats;
    out.clear();
    let caps = u64::from(context.all_caps);
    let (p1, p2) = (prev as u64, prev2 as u64);
    // The features quick to mix first, so that their rows are asked for while the prefixes and
    // suffixes are hashed; the list keeps its order (training sums it in that order).
    let known = context.known_names.contains(&word);
    let first = [
        mix(0, 0, 0, 0),
        mix(1, word, 0, 0),
        mix(2, shape, 0, 0),
        mix(3, shape, caps, 0),
    ];
    let middle = [
        mix(6, before, 0, 0),
        mix(7, after, 0, 0),
        mix(8, before2, 0, 0),
        mix(9, after2, 0, 0),
        mix(10, before, word, 0),
        mix(11, word, after, 0),
        mix(12, before_shape, shape, after_shape),
        mix(13, p1, 0, 0),
        mix(14, p1, p2, 0),
        mix(15, p1, word, 0),
        mix(16, p1, shape, 0),
        mix(17, u64::from(i == 0), shape, 0),
    ];
    let last = [
        mix(18, caps, 0, 0),
        mix(19, after, after_shape, 0),
        mix(20, p1, before, before_shape),
    ];
    let last = if known { &last[..] } else { &last[1..] };
    for &f in first.iter().chain(&middle).chain(last) {
        prefetch(f);
    }
    out.extend_from_slice(&first);
    // Prefixes and suffixes of one to four letters (a shorter word is its own longest).
    let mut prefixes = 0;
    for (n, (b, _)) in lower.char_indices().skip(1).take(4).enumerate() {
        let f = mix(4, hash_str(&lower[..b]), n as u64, 0);
        prefetch(f);
        out.push(f);
        prefixes += 1;
    }
    if prefixes < 4 {
        let f = mix(4, word, 9, 0);
        prefetch(f);
        out.push(f);
    }
    for (n, (b, _)) in lower.char_indices().rev().take(4).enumerate() {
        let f = mix(5, hash_str(&lower[b..]), n as u64, 0);
        prefetch(f);
        out.push(f);
    }
    out.extend_from_slice(&middle);
    out.extend_from_slice(last);
    out
}

/// Whether word `i` is outside any entity beyond doubt, so that it need not be scored: the
/// sentence is not in capitals, the word has no capital, and either the word before is outside
/// too or the word is not one that joins the words of a name. Names in English news open with a
/// capital; only their inner words ("Bank of England", "Boeing 747", "Ruud van Nistelrooy",
/// "Moody's") are small or numbers. Four words in five are settled this way; the joining test
/// settles a quarter of the rest (a name's next word, "Putin said"), of which the tagger had
/// put one in thirty inside a name, nearly all of them the words listed.
fn plainly_outside(s: &Sentence, i: usize, prev: Tag, context: &Context) -> bool {
    (small_in_prose(s, i, context) && (prev == Tag::O || !may_join_a_name(s.words[i])))
        || opens_a_plain_sentence(s, i, context)
}

/// Word `i` opens a sentence in prose, is one of the commonest openers ("The", "It", "But"),
/// and the word after it is small: nothing a name begins with. These were a thirteenth of the
/// words scored in 600 files of the 2,000-article scale archive (the tagger put one of their
/// 4,356 in a name: "The" as an organisation before a small word).
fn opens_a_plain_sentence(s: &Sentence, i: usize, context: &Context) -> bool {
    const OPENERS: &[&str] = &[
        "The", "It", "He", "She", "They", "We", "I", "But", "And", "However", "In", "A", "An",
        "This", "That", "These", "Those", "There", "As", "If", "At", "For", "After", "To", "On",
        "By", "With", "About", "While", "When", "What", "Some", "Such", "All", "Both", "Most",
        "No", "Its", "His", "Her", "Our",
    ];
    i == 0
        && !context.all_caps
        && s.words.get(1).is_some_and(|next| !has_capital(next))
        && OPENERS.contains(&s.words[0])
}

/// Word `i` has no capital, in a sentence that is not written in capitals.
fn small_in_prose(s: &Sentence, i: usize, context: &Context) -> bool {
    !context.all_caps && !has_capital(s.words[i])
}

/// Whether `word` holds a capital letter: read a byte at a time while it is ASCII (most words
/// are), a character at a time from its first other byte.
#[inline]
fn has_capital(word: &str) -> bool {
    for (at, b) in word.bytes().enumerate() {
        if b.is_ascii_uppercase() {
            return true;
        }
        if !b.is_ascii() {
            // Every byte before was ASCII: `at` starts a character.
            return word[at..].chars().any(char::is_uppercase);
        }
    }
    false
}

/// Small words found inside names ("of", "and", "&", "van", "de", "'s", "Corp"), and numbers.
fn may_join_a_name(word: &str) -> bool {
    const JOINERS: &[&str] = &[
        "of", "and", "&", "for", "the", "in", "on", "at", "'s", "’s", "'", "’", "de", "del",
        "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "los", "las", "el", "al",
        "y", "e", "et", "van", "von", "der", "den", "am", "bin", "st", "corp", "inc", "co", "ltd",
        "plc",
    ];
    word.bytes().any(|b| b.is_ascii_digit()) || JOINERS.contains(&word)
}

/// Weights per tag of each place of the table, averaged over training and kept as 8-bit
/// integers (scaled to the largest weight): a quarter of the memory of floats, so that the model
/// stays in cache while every word indexed is scored, and the same numbers on disk as in memory.
/// (Inside `morgue index` the tagger shares its core with the writer's threads, which push the
/// table out of the cache; with 16-bit weights, tagging took twice as long there as alone. The
/// 8-bit model finds the same names on CoNLL's development half, to within 0.002 of F1.)
#[derive(Debug, Clone)]
pub struct Model {
    /// [`SLOTS`] places; a place no feature trained is all zeros.
    weights: Vec<[i8; TAGS]>,
    /// What one unit of a stored weight is worth (for writing the model back).
    unit: f32,
}

/// Ask the cache for the row of feature `f` in `table` (the model's weights, flattened) before
/// [`Model::best`] reads it. A scored word's thirty rows lie anywhere in the table, which the
/// index writer's threads push out of the cache: seven tenths of the tagger's time inside
/// `morgue index` was the read of a row waiting on memory (perf, the 20k scale archive; a
/// quarter after this), and a word's features are some hundreds of instructions to work out,
/// time enough for most rows to come. [`Model::best`] reads sixteen bytes from the row's
/// start: their second cache line too, when the row runs into one.
#[inline]
fn prefetch_row(table: &[i8], f: u32) {
    #[cfg(target_arch = "x86_64")]
    {
        const LINE: usize = 64;
        let at = f as usize * TAGS;
        if let Some(first) = table.get(at) {
            safe_arch::prefetch_t0(first);
            if (std::ptr::from_ref(first) as usize) % LINE > LINE - 16 {
                if let Some(last) = table.get(at + 15) {
                    safe_arch::prefetch_t0(last);
                }
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (table, f);
}

/// The best tag for these features under floating-point `weights` (while training).
fn best_f32(weights: &[[f32; TAGS]], feats: &[u32]) -> Tag {
    let mut scores = [0f32; TAGS];
    for &f in feats {
        for (s, w) in scores.iter_mut().zip(&weights[f as usize]) {
            *s += w;
        }
    }
    top_tag(&scores)
}

/// The tag with the highest score (the first of equals).
fn top_tag<T: PartialOrd>(scores: &[T; TAGS]) -> Tag {
    let mut best = 0;
    for i in 1..TAGS {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    Tag::ALL[best]
}

impl Model {
    /// Quantize averaged weights.
    fn from_weights(averaged: &[[f32; TAGS]]) -> Model {
        let max = averaged
            .iter()
            .flatten()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let unit = max / f32::from(i8::MAX);
        let weights = averaged
            .iter()
            .map(|w| w.map(|x| (x / unit).round().clamp(-127.0, 127.0) as i8))
            .collect();
        Model { weights, unit }
    }

    /// The best tag for these features.
    fn best(&self, feats: &[u32]) -> Tag {
        // Sums kept in sixteen lanes rather than nine, so that a row is added in one vector
        // operation: the seven lanes past a row read the next row's weights and are never looked
        // at. (Sixteen bits hold any sum: a word has some thirty features, each at most 127.)
        let table = self.weights.as_flattened();
        let mut lanes = [0i16; 16];
        for &f in feats {
            let at = f as usize * TAGS;
            match table.get(at..).and_then(<[i8]>::first_chunk::<16>) {
                Some(row) => {
                    for (l, w) in lanes.iter_mut().zip(row) {
                        *l += i16::from(*w);
                    }
                }
                // The table's last row, with nothing after it.
                None => {
                    for (l, w) in lanes.iter_mut().zip(&self.weights[f as usize]) {
                        *l += i16::from(*w);
                    }
                }
            }
        }
        let mut scores = [0i16; TAGS];
        scores.copy_from_slice(&lanes[..TAGS]);
        top_tag(&scores)
    }

    /// Tag a sequence of words, left to right.
    pub fn tag(&self, words: &[&str], context: &Context) -> Vec<Tag> {
        let mut tags = Vec::with_capacity(words.len());
        self.tag_into(words, context, &mut Buffers::default(), &mut tags);
        tags
    }

    /// [`Model::tag`] into `tags` (emptied first), with `buffers` kept from one sentence to the
    /// next.
    pub fn tag_into(
        &self,
        words: &[&str],
        context: &Context,
        buffers: &mut Buffers,
        tags: &mut Vec<Tag>,
    ) {
        tags.clear();
        let table = self.weights.as_flattened();
        let mut sentence = Sentence::new(words, buffers);
        for i in 0..words.len() {
            let prev = if i > 0 { tags[i - 1] } else { Tag::O };
            let prev2 = if i > 1 { tags[i - 2] } else { Tag::O };
            if plainly_outside(&sentence, i, prev, context) {
                tags.push(Tag::O);
                continue;
            }
            let prefetch = |f: u32| prefetch_row(table, f);
            tags.push(self.best(features(&mut sentence, i, prev, prev2, context, prefetch)));
        }
    }

    /// Places of the table that hold weights.
    pub fn len(&self) -> usize {
        self.weights.iter().filter(|w| **w != [0; TAGS]).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Write the model: a mark, the unit, a count, then per place that holds weights its number
    /// and the nine weights (a byte each), little-endian, in order (the same model gives the
    /// same bytes).
    ///
    /// # Errors
    /// Writing failed.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&self.unit.to_le_bytes())?;
        out.write_all(&(self.len() as u64).to_le_bytes())?;
        for (slot, weights) in self.weights.iter().enumerate() {
            if *weights == [0; TAGS] {
                continue;
            }
            out.write_all(&(slot as u32).to_le_bytes())?;
            out.write_all(&weights.map(|w| w as u8))?;
        }
        Ok(())
    }

    /// Read a model written by [`Model::write`].
    ///
    /// # Errors
    /// Not a model, or cut short.
    pub fn read(input: &mut impl Read) -> io::Result<Model> {
        let mut magic = [0u8; 5];
        input.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "not an entity model (retrain it with train-entities)",
            ));
        }
        let mut four = [0u8; 4];
        input.read_exact(&mut four)?;
        let unit = f32::from_le_bytes(four);
        let mut eight = [0u8; 8];
        input.read_exact(&mut eight)?;
        let count = u64::from_le_bytes(eight);
        let mut weights = vec![[0i8; TAGS]; SLOTS];
        for _ in 0..count {
            input.read_exact(&mut four)?;
            let slot = u32::from_le_bytes(four) as usize;
            let Some(place) = weights.get_mut(slot) else {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "entity model for another table size (retrain it with train-entities)",
                ));
            };
            let mut row = [0u8; TAGS];
            input.read_exact(&mut row)?;
            *place = row.map(|b| b as i8);
        }
        Ok(Model { weights, unit })
    }
}

/// The mark a model file opens with (its format's version: 4, weights of one byte).
const MAGIC: &[u8; 5] = b"MNER4";

/// One training sentence: words, their gold tags, and the context of its document.
pub struct Example<'a> {
    pub words: Vec<&'a str>,
    pub tags: Vec<Tag>,
    pub context: Context<'a>,
}

/// Train an averaged perceptron for `epochs` passes over `examples` (shuffled each pass with a
/// fixed seed, so that training is repeatable). Features whose averaged weights are all small
/// are dropped (`min_weight`), to keep the model small.
pub fn train(examples: &[Example], epochs: usize, min_weight: f32) -> Model {
    let mut weights = vec![[0f32; TAGS]; SLOTS];
    let mut totals = vec![[0f32; TAGS]; SLOTS];
    let mut stamps = vec![[0u64; TAGS]; SLOTS];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut buffers = Buffers::default();
    for _ in 0..epochs {
        // Fisher-Yates with a small xorshift: the same order on every run.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let example = &examples[e];
            let mut sentence = Sentence::new(&example.words, &mut buffers);
            let mut predicted: Vec<Tag> = Vec::with_capacity(example.words.len());
            for i in 0..example.words.len() {
                let prev = if i > 0 { predicted[i - 1] } else { Tag::O };
                let prev2 = if i > 1 { predicted[i - 2] } else { Tag::O };
                if prev == Tag::O && small_in_prose(&sentence, i, &example.context) {
                    // Tagging settles these without the model: training does too. A name's
                    // next small word, which tagging settles too unless it can join a name
                    // (`plainly_outside`), is still learnt from: trained without it, the model
                    // lost 0.008 of people's F1 and 0.020 of organisations' (the trainer's own
                    // measure on eng.testa with 16-bit weights, 2026-11-30).
                    predicted.push(Tag::O);
                    continue;
                }
                let feats = features(&mut sentence, i, prev, prev2, &example.context, |_| {});
                let guess = best_f32(&weights, feats);
                let truth = example.tags[i];
                step += 1;
                if guess != truth {
                    for &f in feats {
                        let f = f as usize;
                        let (w, t, s) = (&mut weights[f], &mut totals[f], &mut stamps[f]);
                        for (tag, delta) in [(truth.index(), 1.0f32), (guess.index(), -1.0)] {
                            t[tag] += (step - s[tag]) as f32 * w[tag];
                            s[tag] = step;
                            w[tag] += delta;
                        }
                    }
                }
                // Decode with what was guessed, as tagging will.
                predicted.push(guess);
            }
        }
    }
    let averaged: Vec<[f32; TAGS]> = weights
        .iter()
        .zip(&totals)
        .zip(&stamps)
        .map(|((w, t), s)| {
            let mut avg = [0f32; TAGS];
            for k in 0..TAGS {
                let total = t[k] + (step - s[k]) as f32 * w[k];
                avg[k] = total / step as f32;
            }
            if avg.iter().all(|a| a.abs() < min_weight) {
                avg = [0.0; TAGS];
            }
            avg
        })
        .collect();
    Model::from_weights(&averaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_hashes_as_its_lower_cased_string() {
        let mut scratch = String::new();
        for word in [
            "",
            "Putin",
            "U.S.",
            "MCDONNELL",
            "Zürich",
            "ΑΘΗΝΑ",
            &"Long".repeat(10),
        ] {
            assert_eq!(
                word_hash(word, &mut scratch),
                hash_str(&word.to_lowercase()),
                "{word}"
            );
        }
    }

    #[test]
    fn a_word_and_its_shape_hash_alike_on_the_stack_and_through_strings() {
        for word in [
            "Putin",
            "U.S.",
            "MCDONNELL",
            "747-400",
            "O'Gorman",
            "aaaBBBcccDDDeeeFFF1.2",
            &"Long".repeat(8),
        ] {
            let mut shape = String::new();
            push_shape(word, &mut shape);
            assert_eq!(
                ascii_word_and_shape_hashes(word),
                Some((hash_str(&word.to_lowercase()), hash_str(&shape))),
                "{word}"
            );
        }
        // Every ASCII byte marked as its character is.
        for b in 0u8..128 {
            let word = format!("a{}Z{}", char::from(b), char::from(b));
            let mut shape = String::new();
            push_shape(&word, &mut shape);
            assert_eq!(
                ascii_word_and_shape_hashes(&word).map(|(_, s)| s),
                Some(hash_str(&shape)),
                "byte {b}"
            );
        }
        // Longer than the stack's room, or not ASCII: left to the strings.
        assert_eq!(ascii_word_and_shape_hashes(&"Long".repeat(9)), None);
        assert_eq!(ascii_word_and_shape_hashes("Zürich"), None);
        // The hash is the string's own (the shipped model was trained on it).
        let mut h = FxHasher::default();
        "Putin".hash(&mut h);
        assert_eq!(hash_str("Putin"), h.finish());
    }

    #[test]
    fn a_capital_is_found_in_any_script() {
        for (word, capital) in [
            ("said", false),
            ("Putin", true),
            ("mcDonald", true),
            ("zürich", false),
            ("über", false),
            ("Über", true),
            ("naïveTÉ", true),
            ("москва", false),
            ("Москва", true),
            ("習近平", false),
            ("", false),
        ] {
            assert_eq!(has_capital(word), capital, "{word}");
            assert_eq!(word.chars().any(char::is_uppercase), capital, "{word}");
        }
    }

    #[test]
    fn conll_labels_become_bio() {
        assert_eq!(Tag::from_conll("I-PER", "O"), Tag::BPer);
        assert_eq!(Tag::from_conll("I-PER", "I-PER"), Tag::IPer);
        assert_eq!(Tag::from_conll("B-PER", "I-PER"), Tag::BPer);
        assert_eq!(Tag::from_conll("I-LOC", "I-PER"), Tag::BLoc);
        assert_eq!(Tag::from_conll("O", "I-PER"), Tag::O);
    }

    #[test]
    fn a_small_word_after_a_name_is_scored_only_when_it_can_join_one() {
        let names: HashSet<u64> = HashSet::default();
        let prose = Context {
            all_caps: false,
            known_names: &names,
        };
        let words = ["Bank", "of", "England", "said", "747", "van", "in"];
        let mut buffers = Buffers::default();
        let s = Sentence::new(&words, &mut buffers);
        // After a word inside a name: "of", a number, "van" and "in" may carry it on.
        for i in [1, 4, 5, 6] {
            assert!(!plainly_outside(&s, i, Tag::BOrg, &prose), "{}", words[i]);
        }
        assert!(plainly_outside(&s, 3, Tag::IOrg, &prose));
        // Outside a name, no small word is scored; a capital always is.
        assert!(plainly_outside(&s, 1, Tag::O, &prose));
        assert!(!plainly_outside(&s, 2, Tag::O, &prose));
        // In a headline in capitals case says nothing: every word is scored.
        let caps = Context {
            all_caps: true,
            ..prose
        };
        assert!(!plainly_outside(&s, 3, Tag::IOrg, &caps));
        // A sentence's common opener before a small word is settled; before a capital
        // ("The Hague"), or not first, it is scored.
        for (words, settled) in [
            (&["The", "bank", "said"][..], true),
            (&["But", "he", "said"][..], true),
            (&["The", "Hague", "said"][..], false),
            (&["Putin", "said"][..], false),
            (&["The"][..], false),
        ] {
            let mut buffers = Buffers::default();
            let s = Sentence::new(words, &mut buffers);
            assert_eq!(plainly_outside(&s, 0, Tag::O, &prose), settled, "{words:?}");
            assert!(!plainly_outside(&s, 0, Tag::O, &caps), "{words:?}");
        }
    }

    #[test]
    fn a_row_is_prefetched_anywhere_in_the_table_and_no_further() {
        let table = vec![0i8; SLOTS * TAGS];
        // The last rows (whose sixteen bytes run past the table's end), and places past it.
        for f in [
            0,
            1,
            SLOTS as u32 - 2,
            SLOTS as u32 - 1,
            SLOTS as u32,
            u32::MAX,
        ] {
            prefetch_row(&table, f);
        }
        prefetch_row(&[], 0);
    }

    #[test]
    fn a_tiny_model_learns_and_survives_writing() {
        let names: HashSet<u64> = HashSet::default();
        let context = Context {
            all_caps: false,
            known_names: &names,
        };
        let sentences = [
            (
                "Putin met Xi in Beijing",
                [Tag::BPer, Tag::O, Tag::BPer, Tag::O, Tag::BLoc],
            ),
            (
                "Merkel met Macron in Paris",
                [Tag::BPer, Tag::O, Tag::BPer, Tag::O, Tag::BLoc],
            ),
        ];
        let examples: Vec<Example> = sentences
            .iter()
            .map(|(s, tags)| Example {
                words: s.split(' ').collect(),
                tags: tags.to_vec(),
                context,
            })
            .collect();
        let model = train(&examples, 10, 0.0);
        let words: Vec<&str> = "Putin met Xi in Beijing".split(' ').collect();
        assert_eq!(model.tag(&words, &context), sentences[0].1);
        let mut bytes = Vec::new();
        model.write(&mut bytes).unwrap();
        let back = Model::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back.tag(&words, &context), sentences[0].1);
        assert!(Model::read(&mut &b"garbage"[..]).is_err());
        // A place past this table (a model trained for a larger one) is refused, not read.
        let mut other = MAGIC.to_vec();
        other.extend(1f32.to_le_bytes());
        other.extend(1u64.to_le_bytes());
        other.extend((SLOTS as u32).to_le_bytes());
        other.extend([0u8; TAGS]);
        assert!(Model::read(&mut other.as_slice()).is_err());
        other.truncate(other.len() - 4 - TAGS);
        other.extend(((SLOTS - 1) as u32).to_le_bytes());
        other.extend([0u8; TAGS]);
        assert!(Model::read(&mut other.as_slice()).is_ok());
    }
}
