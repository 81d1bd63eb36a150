//! Copies of one story: the same agency text republished with a new headline, cut from the
//! bottom, a paragraph added, spelling and credit lines changed, inside another site's page.
//!
//! Each article gets a MinHash signature of its body's opening: the word five-grams of its first
//! [`LEAD_WORDS`] words (never the title, the byline or the page around it), with how many there
//! are. A cut from the bottom leaves the opening whole; an added paragraph or a changed word moves
//! a few five-grams. The share of places where two signatures agree estimates the five-grams'
//! Jaccard similarity; with the two counts it gives their containment (how much of the shorter is
//! in the longer), which stays high when one copy is cut short. Two articles are copies when the
//! containment is at least [`SAME_SHARE`].
//!
//! Candidates are found without comparing every pair (locality-sensitive hashing): a second,
//! smaller MinHash, of the word pairs of the first [`KEY_WORDS`] words, is cut into [`BANDS`]
//! bands, and articles sharing any band are compared. The first words of two copies agree far
//! more than their first two hundred do (a copy cut to two paragraphs holds a third of the
//! other's opening), so a few bands find them, and each band is one term in the index.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::article::Article;

/// Words of the body's opening that make the signature.
pub const LEAD_WORDS: usize = 200;
/// Words in a shingle.
const SHINGLE: usize = 5;
/// Fewer shingles than this and an article is too short to tell a copy from a shared template
/// (earnings briefs: "Shr 1.23 vs 1.10 / Net … / Revs …").
const MIN_SHINGLES: usize = 30;
/// Hashes in a signature.
pub const HASHES: usize = 100;
/// Words of the opening whose word pairs make the band keys.
pub const KEY_WORDS: usize = 80;
/// Bands, each of [`ROWS`] hashes of the word pairs: two articles share a band with a chance of
/// 1 − (1 − s³)²⁰ when the word pairs of their first 80 words have Jaccard similarity s (0.3:
/// 42%; 0.5: 92%; 0.6: 99%). On `copies.py`'s archive the copies' pairs have s ≥ 0.5 nine times
/// in ten, and unrelated articles' s ≥ 0.07 once in a thousand.
pub const BANDS: usize = 20;
const ROWS: usize = 3;
/// Containment (the share of the shorter opening's five-grams in the longer's) that makes two
/// articles copies.
pub const SAME_SHARE: f64 = 0.5;
/// Below this estimated Jaccard similarity two articles are never copies, whatever their counts.
const MIN_JACCARD: f64 = 0.15;

/// An article's MinHash signature: its count of five-grams, how many of its numbers stand in its
/// first sentences, the hashes of the first [`NUMBER_SLOTS`] numbers and months of its opening
/// (0 for none), [`HASHES`] hashes, then its [`BANDS`] band keys (two values each).
pub type Signature = Vec<u32>;

/// Numbers and months of the opening kept, each once.
const NUMBER_SLOTS: usize = 16;
/// Where the numbers, the hashes and the band keys start in a [`Signature`].
const NUMBERS: usize = 2;
const HEAD: usize = NUMBERS + NUMBER_SLOTS;
const KEYS: usize = HEAD + HASHES;
/// Words of the opening whose numbers and months are looked for in the other's opening: a report
/// repeated every week in one template differs from the last in its first sentences ("in the
/// week ended March 6 … 25,192 tons"), where a copy cut or added to keeps them (perhaps further
/// on, when its body begins a paragraph earlier).
const NUMBER_WORDS: usize = 50;
/// Numbers two openings must both hold before their numbers are compared.
const MIN_NUMBERS: usize = 2;
/// Share of the fewer numbers of two openings that the other must hold too: a weekly report in a
/// fixed template ("sugar imports in the week ended …", "the stake cut to 200,500 shares from
/// 260,500") repeats its words with other numbers, and is no copy; a copy keeps the numbers, all
/// but one pushed out of the opening by an added line.
const SAME_NUMBERS: f64 = 0.75;

/// The signature of an article's body opening; `None` for a body too short to judge.
pub fn signature(article: &Article) -> Option<Signature> {
    // Each word of the opening as the hash of its lower-cased letters and digits.
    let mut words: Vec<u64> = Vec::with_capacity(LEAD_WORDS);
    for paragraph in &article.body {
        if paragraph.is_ascii() {
            ascii_word_hashes(paragraph, &mut words);
        } else {
            word_hashes(paragraph, &mut words);
        }
        if words.len() == LEAD_WORDS {
            break;
        }
    }
    if words.len() < SHINGLE + MIN_SHINGLES {
        return None;
    }
    // The numbers and months of the opening, whole ("5,988", "4.65", "March"), each once, and how
    // many of them stand in its first sentences.
    let mut numbers: Vec<u32> = Vec::with_capacity(NUMBER_SLOTS);
    let mut in_first = 0;
    let tokens = article
        .body
        .iter()
        .flat_map(|p| p.split_whitespace())
        .take(LEAD_WORDS)
        .enumerate();
    for (at, token) in tokens {
        // Trimmed by bytes, where an ASCII digit or letter is never part of another character.
        let number = trim_bytes(token, |b| b.is_ascii_digit());
        let word = if token.is_ascii() {
            trim_bytes(token, |b| b.is_ascii_alphabetic())
        } else {
            token.trim_matches(|c: char| !c.is_alphabetic())
        };
        let mut h = FxHasher::default();
        if !number.is_empty() {
            h.write(number.as_bytes());
        } else if let Some(month) = crate::extract::date::month_number(word) {
            // "March" and "Mar." alike; a month is never a number's digits.
            h.write(b"month");
            h.write_u8(month);
        } else {
            continue;
        }
        // Never 0, which marks an empty slot.
        let hash = (h.finish() as u32).max(1);
        if !numbers.contains(&hash) {
            numbers.push(hash);
            if at < NUMBER_WORDS {
                in_first += 1;
            }
            if numbers.len() == NUMBER_SLOTS {
                break;
            }
        }
    }
    let shingles: Vec<u64> = words.windows(SHINGLE).map(mix).collect();
    let pairs: Vec<u64> = words[..words.len().min(KEY_WORDS)]
        .windows(2)
        .map(mix)
        .collect();
    let mut sig = vec![u32::MAX; KEYS + 2 * BANDS];
    sig[0] = shingles.len() as u32;
    sig[1] = in_first;
    let padded = numbers.iter().copied().chain(std::iter::repeat(0));
    for (slot, n) in sig[NUMBERS..HEAD].iter_mut().zip(padded) {
        *slot = n;
    }
    min_hashes(&shingles, 0, &mut sig[HEAD..KEYS]);
    let mut key_hashes = [u32::MAX; BANDS * ROWS];
    min_hashes(&pairs, HASHES, &mut key_hashes);
    for (b, rows) in key_hashes.chunks(ROWS).enumerate() {
        let mut h = FxHasher::default();
        h.write_usize(b);
        for r in rows {
            h.write_u32(*r);
        }
        let key = h.finish();
        sig[KEYS + 2 * b] = key as u32;
        sig[KEYS + 2 * b + 1] = (key >> 32) as u32;
    }
    Some(sig)
}

/// The hash of each word of `text` (its letters and digits, lower-cased) onto `words`, until it
/// holds [`LEAD_WORDS`].
fn word_hashes(text: &str, words: &mut Vec<u64>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if words.len() == LEAD_WORDS {
            return;
        }
        if !word.is_empty() {
            let mut h = FxHasher::default();
            for c in word.chars().flat_map(char::to_lowercase) {
                h.write_u32(c as u32);
            }
            words.push(h.finish());
        }
    }
}

/// [`word_hashes`] of an ASCII text, byte by byte (decoding, lower-casing, trimming and looking up
/// words a character at a time was 238 M of the signature's 767 M instructions on 2,000 articles).
fn ascii_word_hashes(text: &str, words: &mut Vec<u64>) {
    for word in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        if words.len() == LEAD_WORDS {
            return;
        }
        if !word.is_empty() {
            let mut h = FxHasher::default();
            for b in word {
                h.write_u32(u32::from(b.to_ascii_lowercase()));
            }
            words.push(h.finish());
        }
    }
}

/// `text` without the bytes around it that `keep` refuses, for an ASCII `keep`.
fn trim_bytes(text: &str, keep: impl Fn(u8) -> bool) -> &str {
    let bytes = text.as_bytes();
    let Some(start) = bytes.iter().position(|&b| keep(b)) else {
        return "";
    };
    let end = bytes
        .iter()
        .rposition(|&b| keep(b))
        .map_or(start, |e| e + 1);
    &text[start..end]
}

/// One hash of a run of word hashes.
fn mix(words: &[u64]) -> u64 {
    let mut h = FxHasher::default();
    for w in words {
        h.write_u64(*w);
    }
    h.finish()
}

/// The least value of each hash function over `items` into `out`, the functions numbered from
/// `first`.
///
/// Compiled three times and chosen when first called: with AVX-512 the compiler multiplies eight
/// 64-bit lanes at once, with AVX2 four (emulated from 32-bit multiplies), and the loop for any
/// other processor stays scalar, where the vector form's emulated multiplies cost more than they
/// save (613 → 822 M instructions over 2,000 articles). The values are the same on every path
/// (a unit test compares both forms with [`min_hash`] one by one).
#[multiversion::multiversion(targets("x86_64+avx2+avx512f+avx512dq+avx512vl", "x86_64+avx2"))]
fn min_hashes(items: &[u64], first: usize, out: &mut [u32]) {
    min_hashes_as(
        items,
        first,
        out,
        multiversion::target::target_cfg_f!(target_feature = "avx2"),
    );
}

/// [`min_hashes`] as a fold the compiler vectorises (`vectors`) or as a scalar loop: inlined
/// into each of its compiled forms, and called as either by the tests on any processor.
#[inline(always)]
fn min_hashes_as(items: &[u64], first: usize, out: &mut [u32], vectors: bool) {
    for (k, slot) in out.iter_mut().enumerate() {
        let (seed, mult) = hash_params(first + k);
        if vectors {
            // A fold of `min`: the form the compiler vectorises.
            *slot = items
                .iter()
                .map(|&s| min_hash(s, seed, mult))
                .fold(*slot, u32::min);
        } else {
            for &s in items {
                let h = min_hash(s, seed, mult);
                if h < *slot {
                    *slot = h;
                }
            }
        }
    }
}

/// One hash function (`seed`, `mult`) of one item.
#[inline(always)]
fn min_hash(item: u64, seed: u64, mult: u64) -> u32 {
    ((item ^ seed).wrapping_mul(mult) >> 32) as u32
}

/// The k-th hash function's seed and multiplier (odd), fixed so that signatures never change.
fn hash_params(k: usize) -> (u64, u64) {
    let mut x = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    let seed = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let mult = (seed ^ (seed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB) | 1;
    (seed, mult)
}

/// `sig` with band `band`'s key set to `key`: a signature that shares keys with another's
/// without being its copy, for tests.
#[cfg(test)]
pub(crate) fn set_band(sig: &mut [u32], band: usize, key: u64) {
    let at = KEYS + 2 * band;
    sig[at] = key as u32;
    sig[at + 1] = (key >> 32) as u32;
}

/// The key of band `band`; 0 for a signature too short to hold one.
pub fn band(sig: &[u32], band: usize) -> u64 {
    let at = KEYS + 2 * band;
    match sig.get(at..at + 2) {
        Some(key) => u64::from(key[0]) | (u64::from(key[1]) << 32),
        None => 0,
    }
}

/// Bits of a band key kept in its bucket (see [`buckets`]).
const BUCKET_BITS: u32 = 12;

/// The index's terms for a signature's band keys: each key cut to its low [`BUCKET_BITS`] bits,
/// with its band's number above them, so 20 × 4,096 terms in all. Two articles with a band in
/// common share that band's bucket; articles that share a bucket are only candidates, and
/// [`shares_a_band`] tells which of them share a band. Whole keys made twenty terms an article,
/// nearly every one unique: two thirds of a part's distinct terms, which the index writer holds in
/// memory, sorts and writes a dictionary of, and merges again. Buckets are shared from a few
/// thousand articles on; at a million a bucket holds some 250 articles, so an article's look-up
/// reads some 5,000 signatures.
pub fn buckets(sig: &[u32]) -> Vec<u64> {
    (0..BANDS)
        .map(|b| ((b as u64) << BUCKET_BITS) | (band(sig, b) & ((1 << BUCKET_BITS) - 1)))
        .collect()
}

/// Whether two signatures have a band key in common, in the same band.
pub fn shares_a_band(a: &[u32], b: &[u32]) -> bool {
    (0..BANDS).any(|k| {
        let key = band(a, k);
        key != 0 && key == band(b, k)
    })
}

/// The estimated Jaccard similarity of two signatures: the share of places where they agree.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let (Some(a), Some(b)) = (a.get(HEAD..KEYS), b.get(HEAD..KEYS)) else {
        return 0.0;
    };
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / HASHES as f64
}

/// Whether two signatures are of copies of one story: enough of the shorter opening is in the
/// longer (containment, from the Jaccard estimate and the two counts).
pub fn is_copy(a: &[u32], b: &[u32]) -> bool {
    if a.len() < KEYS || b.len() < KEYS {
        return false;
    }
    let j = similarity(a, b);
    if j < MIN_JACCARD {
        return false;
    }
    let (na, nb) = (f64::from(a[0]), f64::from(b[0]));
    // |A ∩ B| = J (|A| + |B|) / (1 + J)
    let shared = j * (na + nb) / (1.0 + j);
    shared / na.min(nb).max(1.0) >= SAME_SHARE && same_numbers(a, b)
}

/// Whether two openings hold the same numbers, or too few to tell.
fn same_numbers(a: &[u32], b: &[u32]) -> bool {
    let all = |s: &[u32]| -> Vec<u32> {
        s[NUMBERS..HEAD]
            .iter()
            .copied()
            .filter(|n| *n != 0)
            .collect()
    };
    let (x, y) = (all(a), all(b));
    let (x_first, y_first) = (
        &x[..(a[1] as usize).min(x.len())],
        &y[..(b[1] as usize).min(y.len())],
    );
    if x_first.len() < MIN_NUMBERS || y_first.len() < MIN_NUMBERS {
        return true;
    }
    // The first sentences' numbers of one are in the other's opening, either way round.
    let held = |first: &[u32], other: &[u32]| {
        first.iter().filter(|n| other.contains(n)).count() as f64 / first.len() as f64
    };
    held(x_first, &y) >= SAME_NUMBERS || held(y_first, &x) >= SAME_NUMBERS
}

/// A signature as the index keeps it: 64-bit numbers, two of its values each (the first in the
/// low half). A column of numbers is read in place; a column of byte strings is read through a
/// compressed dictionary, a block decompressed for every signature looked up.
pub fn to_numbers(sig: &[u32]) -> Vec<u64> {
    sig.chunks(2)
        .map(|pair| u64::from(pair[0]) | (u64::from(pair.get(1).copied().unwrap_or(0)) << 32))
        .collect()
}

/// A signature from [`to_numbers`]'s numbers.
pub fn from_numbers(numbers: impl Iterator<Item = u64>) -> Signature {
    // Sized for a whole signature at once: collected from pairs of values, the list grew a
    // doubling at a time, and `morgue copies`, which reads every article's, took 5.4 s at a
    // million articles rather than 3.7 s.
    let mut sig = Signature::with_capacity(KEYS + 2 * BANDS);
    for n in numbers {
        sig.extend([n as u32, (n >> 32) as u32]);
    }
    // An odd length was padded with one value.
    sig.truncate(KEYS + 2 * BANDS);
    sig
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &[&str]) -> Article {
        Article {
            body: body.iter().map(|p| p.to_string()).collect(),
            ..Article::default()
        }
    }

    const ASCII_PARTS: &[&str] = &[
        "a", "March", "MAR.", "5,988", "4.65", "(12)", " ", "\n", "-", "'", "$", "Mr.", "x9",
        "\u{1e}", "\x0B",
    ];

    proptest::proptest! {
        #[test]
        fn ascii_text_is_hashed_and_trimmed_as_characters_are(
            parts in proptest::collection::vec(proptest::sample::select(ASCII_PARTS), 0..60),
            others in proptest::collection::vec(proptest::sample::select(vec![
                "é", "Москва", "١٢", "½", "İ", "ß", "\u{a0}",
            ]), 0..3),
            filled in 0..LEAD_WORDS,
        ) {
            let text = parts.concat();
            // From an empty list and from one nearly full.
            for start in [0, filled] {
                let (mut bytes, mut chars) = (vec![7; start], vec![7; start]);
                ascii_word_hashes(&text, &mut bytes);
                word_hashes(&text, &mut chars);
                proptest::prop_assert_eq!(&bytes, &chars);
                proptest::prop_assert!(bytes.len() <= LEAD_WORDS);
            }
            let mixed = format!("{text}{}{text}", others.concat());
            for token in mixed.split_whitespace() {
                proptest::prop_assert_eq!(
                    trim_bytes(token, |b| b.is_ascii_digit()),
                    token.trim_matches(|c: char| !c.is_ascii_digit())
                );
                if token.is_ascii() {
                    proptest::prop_assert_eq!(
                        trim_bytes(token, |b| b.is_ascii_alphabetic()),
                        token.trim_matches(|c: char| !c.is_alphabetic())
                    );
                }
            }
        }
    }

    const STORY: &[&str] = &[
        "The central bank raised its main interest rate by half a point on Thursday, the largest increase in more than two decades, as it tried to slow prices that have risen faster than at any time since the early nineteen eighties.",
        "The decision was taken unanimously by the members of the rate-setting committee, who said further rises were likely in the coming months if the labour market remained as tight as it has been since the spring.",
        "Markets had expected the move after a run of strong figures on wages and consumer spending, and the currency barely moved when the announcement was made shortly after noon in the capital.",
        "Economists said the bank would watch the housing market closely, since mortgage payments are now taking a larger share of household income than at any point in the last fifteen years.",
    ];

    #[test]
    fn copies_cut_and_edited_stay_alike_and_other_stories_do_not() {
        let original = signature(&article(STORY)).unwrap();
        // Cut from the bottom, a word changed, a credit line added at the end.
        let mut edited: Vec<String> = STORY[..3].iter().map(|p| p.to_string()).collect();
        edited[1] = edited[1].replace("labour", "labor");
        edited.push("Reporting by a correspondent; editing by a desk.".to_string());
        let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
        let copy = signature(&article(&edited)).unwrap();
        assert!(
            is_copy(&original, &copy),
            "{}",
            similarity(&original, &copy)
        );
        let other = signature(&article(&[
            "The city council approved a new budget on Monday after weeks of debate over the cost of repairing roads and bridges damaged in the winter storms that closed the harbour for three days.",
            "Councillors voted by a narrow margin to raise local taxes by two percent, with the extra money set aside for the repairs and for a new fleet of buses to serve the outer districts of the town.",
        ]))
        .unwrap();
        assert!(similarity(&original, &other) < 0.1 && !is_copy(&original, &other));
        // A band key in common, so a bucket in common (the index's terms that bring copies
        // together); none with the other story.
        assert!(shares_a_band(&original, &copy) && !shares_a_band(&original, &other));
        let meet = |a: &[u32], b: &[u32]| buckets(a).iter().zip(buckets(b)).any(|(x, y)| *x == y);
        assert!(meet(&original, &copy));
        assert_eq!(from_numbers(to_numbers(&original).into_iter()), original);
    }

    #[test]
    fn a_bucket_in_common_is_not_a_band_in_common() {
        let with_keys = |keys: [u64; BANDS]| -> Signature {
            let mut sig = vec![1; KEYS];
            for key in keys {
                sig.extend([key as u32, (key >> 32) as u32]);
            }
            sig
        };
        // Band 3's keys differ above the bucket's bits only; every other band differs in them.
        let mut a = [0u64; BANDS];
        let mut b = [0u64; BANDS];
        for k in 0..BANDS {
            a[k] = 0x1_0000 + k as u64;
            b[k] = 0x2_0000 + 100 + k as u64;
        }
        b[3] = 0x5_0000 + 3;
        let (a, b) = (with_keys(a), with_keys(b));
        let common: Vec<usize> = (0..BANDS)
            .filter(|&k| buckets(&a)[k] == buckets(&b)[k])
            .collect();
        assert_eq!(common, [3]);
        assert!(!shares_a_band(&a, &b));
        assert!(shares_a_band(&a, &a));
        // The same key in every band: a bucket of each band's own.
        let mut all = buckets(&with_keys([7; BANDS]));
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), BANDS);
    }

    #[test]
    fn a_report_in_a_template_with_other_numbers_is_no_copy() {
        let week = |n: [u32; 4]| {
            article(&[&format!(
                "Sugar imports subject to the quota in the week ending {} totalled {} short tons, against {} tons the week before, the Agriculture Department said. Cumulative imports for the quota year now stand at {} short tons, below the level of a year ago, and the department said the figures were preliminary and would be revised when customs reports for the period were complete and checked against the records of the importers concerned.",
                n[0], n[1], n[2], n[3]
            )])
        };
        let one = signature(&week([14, 3250, 2912, 161_004])).unwrap();
        let same = signature(&week([14, 3250, 2912, 161_004])).unwrap();
        let other = signature(&week([21, 1808, 3250, 164_254])).unwrap();
        assert!(is_copy(&one, &same));
        assert!(similarity(&one, &other) > 0.5 && !is_copy(&one, &other));
        // Another week in the same words and the same yearly figures: its date and its week's
        // figures, in the first sentence, tell it apart.
        let dated = |week: &str, tons: &str, before: &str| {
            article(&[&format!(
                "Sugar imports subject to the U.S. sugar import quota during the week ended {week} totaled {tons} short tons versus {before} tons the previous week, the Agriculture Department said.",
            ), "The sugar import quota for the 1987 quota year (January-December) has been set at 1,001,430 short tons compared with 1,850,000 tons in the 1986 quota year, which was extended by three months to allow for the use of the quota by countries that had not filled it, the department said, adding that the figures were preliminary and subject to revision."])
        };
        let january = signature(&dated("January 9", "5,988", "46,254")).unwrap();
        let march = signature(&dated("March 6", "25,192", "29,043")).unwrap();
        assert!(!is_copy(&january, &march));
        // A stake cut again, a fortnight later: one number shared, in another place.
        let stake = |now: &str, pct: &str, was: &str, was_pct: &str| {
            article(&[&format!("A group of affiliated New York investment firms said they lowered their stake in Cyclops Corp to {now} shares, or {pct} pct of the total outstanding common stock, from {was} shares, or {was_pct} pct. In a filing with the Securities and Exchange Commission, the group, led by a New York investment partnership, said it sold the shares in open market transactions over the past weeks at prices it did not disclose, and that it held the rest for investment purposes only.")])
        };
        let first = signature(&stake("260,500", "6.4", "370,500", "9.2")).unwrap();
        let second = signature(&stake("200,500", "5.0", "260,500", "6.4")).unwrap();
        assert!(!is_copy(&first, &second));
    }

    #[test]
    fn a_copy_whose_body_begins_a_paragraph_later_keeps_its_numbers() {
        let story = [
            "Four suits worn by the Beatles on the cover of their first album have sold for $110,000 (59,000 pounds) at a US auction held over two days in Los Angeles this week.",
            "But some of Elvis Presley's earliest recordings failed to sell at the sale. A private collection of six tape recordings of Presley valued at between $30,000 (16,000 pounds) and $50,000 (27,000 pounds) did not meet their reserve price, the auction house said.",
            "A signed photograph of the band from 1963 went for $12,000, well above its estimate, and a guitar played on tour in 1966 was withdrawn before the sale began.",
        ];
        let whole = signature(&article(&story)).unwrap();
        let later = signature(&article(&story[1..])).unwrap();
        assert!(is_copy(&whole, &later));
    }

    proptest::proptest! {
        #[test]
        fn the_minimum_hashes_are_each_functions_least_value(
            items in proptest::collection::vec(proptest::num::u64::ANY, 0..300),
            first in 0..200usize,
            functions in 0..110usize,
        ) {
            // The form this processor takes, and both forms whatever the processor, against one
            // item at a time.
            let slow: Vec<u32> = (0..functions)
                .map(|k| {
                    let (seed, mult) = hash_params(first + k);
                    items.iter().map(|&s| min_hash(s, seed, mult)).min().unwrap_or(u32::MAX)
                })
                .collect();
            let mut chosen = vec![u32::MAX; functions];
            min_hashes(&items, first, &mut chosen);
            proptest::prop_assert_eq!(&chosen, &slow);
            for vectors in [true, false] {
                let mut form = vec![u32::MAX; functions];
                min_hashes_as(&items, first, &mut form, vectors);
                proptest::prop_assert_eq!(&form, &slow, "vectors: {}", vectors);
            }
        }
    }

    #[test]
    fn short_bodies_have_no_signature() {
        assert_eq!(
            signature(&article(&[
                "Shr 1.23 vs 1.10 Net 4.5 mln vs 3.9 mln Revs 120 mln vs 101 mln"
            ])),
            None
        );
        assert_eq!(signature(&Article::default()), None);
    }
}
