//! Per-line evidence: what a single line of a saved page looks like on its own.
//!
//! A "line" is one paragraph of the saved text (w3m and browsers' "save as text" put a paragraph
//! on one line; hard-wrapped text is unwrapped before it gets here). Each line gets measured
//! (words, function-word density, punctuation, bullet shape, promotional vocabulary) and given a
//! first class in the manner of jusText; the segmenter then corrects the class from context.

// FxHash: these maps are keyed by words and lines, hashed millions of times per run, and
// never by input an attacker chooses to collide.
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::extract::boilerplate::line_key;
use crate::extract::date::is_month_name;
use crate::extract::lexicon::{
    is_promotional, words_of, DATELINE_WORDS, SECTION_END_MARKERS, STOP_WORDS,
};

/// Below this many characters a line is too short to judge on its own.
pub const LENGTH_LOW: usize = 70;
/// Above this many characters a line with enough function words is surely prose.
pub const LENGTH_HIGH: usize = 200;
/// Above this many characters a line with enough function words that ends as a sentence ends
/// is prose.
pub const LENGTH_SENTENCE: usize = 100;
/// Function-word density above which a line reads as prose.
pub const STOPWORDS_HIGH: f32 = 0.30;
/// Function-word density below which a line cannot be prose.
pub const STOPWORDS_LOW: f32 = 0.25;

/// How a line is judged: the article's prose, maybe prose, too short to say, or furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// One line of the page with the evidence about it.
#[derive(Debug, Clone)]
pub struct Line {
    /// The line without surrounding white space.
    pub text: String,
    /// The text with case and spacing folded, for comparing lines (`line_key`).
    pub key: String,
    /// Position among all lines of the page.
    pub index: usize,
    /// No visible text, or only w3m's image/form placeholders (`[image]`, `[      ]`).
    pub blank: bool,
    /// Starts with a list bullet, as menus and link lists do.
    pub bullet: bool,
    /// Words (runs of letters or digits).
    pub words: usize,
    /// Characters, not bytes.
    pub chars: usize,
    /// Share of words that are function words.
    pub stop_density: f32,
    /// Ends as a sentence ends.
    pub ends_sentence: bool,
    /// Holds a promotional or site-furniture phrase.
    pub promo: bool,
    /// A short heading that opens comments, related stories or the like.
    pub section_end: bool,
    /// The heading of a box about the writer ("About the author"; see `mark_about_boxes`): it
    /// ends a section as `section_end` does, and the story never goes on below it, as it may
    /// below a box of related stories inside it. Above a story it may be the page's own title
    /// ("Über uns"), which a section heading never is.
    pub about_box: bool,
    /// Also appears elsewhere on the same page.
    pub repeated: bool,
    /// Recurs across many files of the archive.
    pub archive_boilerplate: bool,
    /// The class from the line alone, then corrected from context.
    pub class: Class,
    /// The class from the line alone.
    pub own_class: Class,
}

/// The section headings, searched in one pass per line.
static SECTION_END: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(SECTION_END_MARKERS).expect("section markers build an automaton")
});

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s*\[[^\]]*\]\s*)+$").expect("placeholder regex is valid"));

/// List markers. Em and en dashes are not among them: they open lines of dialogue in Russian,
/// Spanish or French prose.
const BULLETS: &[char] = &[
    '•', '□', '◦', '▪', '‣', '*', '·', '●', '■', '○', '►', '▸', '-',
];

impl Line {
    /// Measure one line.
    pub fn new(index: usize, raw: &str) -> Line {
        let text = raw.trim().to_string();
        let blank = text.is_empty()
            || PLACEHOLDER.is_match(&text)
            || !text.chars().any(char::is_alphanumeric);
        let bullet = text.starts_with(BULLETS) && !text.starts_with("--");
        let lower = text.to_lowercase();
        let words = words_of(&lower);
        let stops = words.iter().filter(|w| STOP_WORDS.contains(*w)).count();
        let stop_density = if words.is_empty() {
            0.0
        } else {
            stops as f32 / words.len() as f32
        };
        let ends_sentence = text
            .trim_end_matches(['"', '”', '’', '\'', ')', '»', '“'])
            .ends_with(['.', '!', '?', '…', '。', '！', '？', ':']);
        let promo = is_promotional(&text, &lower, &words);
        Line {
            key: line_key(&text),
            chars: text.chars().count(),
            // The words of an ASCII line are one each (counting them was 0.6% of indexing).
            words: if lower.is_ascii() {
                words.len()
            } else {
                crate::lang::word_count(&words)
            },
            text,
            index,
            blank,
            bullet,
            stop_density,
            ends_sentence,
            promo,
            section_end: (words.len() <= 6 && !ends_sentence && SECTION_END.is_match(&lower))
                || is_copyright_notice(&lower),
            about_box: !ends_sentence && opens_an_about_box(&words),
            repeated: false,
            archive_boilerplate: false,
            class: Class::Bad,
            own_class: Class::Bad,
        }
    }

    /// Whether the page's sections part at this line: comments, related stories, the footer or a
    /// box about the writer follow.
    pub fn ends_section(&self) -> bool {
        self.section_end || self.about_box
    }

    /// The class this line earns on its own evidence, before context.
    pub fn classify(&mut self, script_has_stop_words: bool) {
        let furniture = self.promo
            || self.ends_section()
            || self.archive_boilerplate
            || (self.repeated && self.words < 30);
        self.class = if furniture {
            Class::Bad
        } else if self.chars < LENGTH_LOW {
            Class::Short
        } else if !script_has_stop_words {
            // A language we have no function words for: judge by length and punctuation.
            match (self.ends_sentence, self.chars > LENGTH_HIGH) {
                (true, true) => Class::Good,
                (true, false) | (false, true) => Class::NearGood,
                (false, false) => Class::Short,
            }
        } else if self.stop_density >= STOPWORDS_HIGH {
            if self.chars > LENGTH_HIGH || (self.ends_sentence && self.chars > LENGTH_SENTENCE) {
                Class::Good
            } else {
                Class::NearGood
            }
        } else if self.stop_density >= STOPWORDS_LOW {
            Class::NearGood
        } else {
            Class::Bad
        };
        if !furniture && self.is_sentence() {
            // A sentence is prose even when short on function words (financial ledes are).
            self.class = match self.class {
                Class::Bad | Class::Short if self.words >= 10 => Class::NearGood,
                Class::NearGood if self.words >= 20 => Class::Good,
                other => other,
            };
        }
        if self.shouting() {
            self.class = Class::Bad;
        }
        if self.bullet && self.class == Class::Good && !self.ends_sentence {
            self.class = Class::NearGood;
        }
        self.own_class = self.class;
    }

    /// Written in capitals ("GET FOX BUSINESS ON THE GO"): buttons, kickers and teasers.
    fn shouting(&self) -> bool {
        if self.words < 3 {
            return false;
        }
        // Every line of every text page is asked: an ASCII line is counted by its bytes.
        let (upper, letters) = if self.text.is_ascii() {
            self.text
                .bytes()
                .filter(u8::is_ascii_alphabetic)
                .fold((0, 0), |(u, n), b| {
                    (u + usize::from(b.is_ascii_uppercase()), n + 1)
                })
        } else {
            self.text
                .chars()
                .filter(|c| c.is_alphabetic())
                .fold((0, 0), |(u, n), c| {
                    (u + usize::from(c.is_uppercase()), n + 1)
                })
        };
        letters >= 10 && upper * 10 >= letters * 8
    }

    /// Reads as a sentence: six words or more, a capital (or digit, or quote) first, a full stop
    /// (or ! or ?) last. Prose even when it is short on function words, as ledes often are.
    pub fn is_sentence(&self) -> bool {
        self.words >= 6
            && self.ends_sentence
            && !self.text.ends_with(':')
            && !self.promo
            && self.text.chars().next().is_some_and(|c| !c.is_lowercase())
    }

    /// Looks like a headline: a handful of words, not a sentence ending in a full stop.
    pub fn is_headline_like(&self) -> bool {
        !self.blank
            && !self.bullet
            && !self.promo
            && (2..=30).contains(&self.words)
            && self.chars <= 250
            && (!self.text.ends_with(['.', ':', ';', ',']) || self.text.ends_with("..."))
            && starts_like_a_headline(&self.text)
            && !self.is_date_like()
    }

    /// Only dateline words, numbers, weekdays and months: "Friday, 25 February", "2000 GMT".
    pub fn is_date_like(&self) -> bool {
        self.text
            .split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .filter(|w| !w.is_empty())
            .all(|w| {
                let w = w.to_lowercase();
                w.chars().all(|c| c.is_ascii_digit() || c == '.')
                    || DATELINE_WORDS.contains(&w.as_str())
                    || is_month_name(&w)
            })
    }
}

/// The site's copyright notice ("© 2019 Beachbody, LLC. All rights reserved. …"): the page's
/// footer, which no story goes on past. A credit under a photo ("© AFP") names no year.
fn is_copyright_notice(lower: &str) -> bool {
    // "Copyright © 2019": the year is among the first three words after the mark.
    let rest = ["©", "copyright", "(c)"]
        .iter()
        .find_map(|mark| lower.strip_prefix(mark));
    rest.is_some_and(|rest| {
        rest.split_whitespace().take(3).any(|w| {
            w.get(..4)
                .and_then(|y| y.parse::<u16>().ok())
                .is_some_and(|y| (1990..=2100).contains(&y))
        })
    })
}

/// The heading of a box about the author under a story ("About the author", "Sobre Carlos
/// Nadalim", "Über Moritz Bachmann"): two to five words, the first "about" in one of the
/// languages we have function words for, the next not a number ("About 200 killed" is a
/// headline). A press release's box about the company it announces reads the same, and is part
/// of the release: [`mark_about_boxes`] tells them apart on the page.
fn opens_an_about_box(words: &[&str]) -> bool {
    const ABOUT: &[&str] = &["about", "sobre", "über", "acerca", "informazioni"];
    (2..=5).contains(&words.len())
        && ABOUT.contains(&words[0])
        && !words[1].starts_with(|c: char| c.is_ascii_digit())
}

/// A capital, a digit or a quote first; or a brand like "iTunes" or "eBay"; or a first word that
/// runs on into a script without capitals ("twitterの写真…": Japanese writes no spaces).
fn starts_like_a_headline(text: &str) -> bool {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let mut chars = first_word.chars();
    chars.next().is_some_and(|c| !c.is_lowercase())
        || chars.any(|c| c.is_uppercase() || crate::lang::is_unspaced(c))
}

/// A box about what the story above names again and again is the press release's own box about
/// its company ("About my6sense" under a release that names my6sense eight times), not a box
/// about the writer, whom a story names at most in its byline: it neither ends the story nor
/// a section. Told by the last word of the heading's subject, among the lines above.
pub fn mark_about_boxes(lines: &mut [Line]) {
    const NAMED_THROUGHOUT: usize = 3;
    // Each box is a pass over the lines above it: a page of a million "About …" lines must not
    // cost a million passes. A real page has one or two.
    const MAX_BOXES: usize = 8;
    let boxes: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].about_box)
        .take(MAX_BOXES)
        .collect();
    for at in boxes {
        let (above, heading) = lines.split_at_mut(at);
        let Some(subject) = heading[0].key.split_whitespace().last() else {
            continue;
        };
        let named = above.iter().filter(|l| l.key.contains(subject)).count();
        if named >= NAMED_THROUGHOUT {
            heading[0].about_box = false;
        }
    }
}

/// Mark lines that appear more than once on the page.
pub fn mark_repeats(lines: &mut [Line]) {
    let mut counts: HashMap<String, usize> = HashMap::default();
    for line in lines.iter().filter(|l| !l.blank) {
        *counts.entry(line.key.clone()).or_default() += 1;
    }
    for line in lines.iter_mut().filter(|l| !l.blank) {
        line.repeated = counts[&line.key] > 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_good() {
        let mut l = Line::new(0, "Putin took a detour en route to a security summit in the Chinese port city Qingdao in order to accept the medal, at a ceremony at the Great Hall of the People in Beijing.");
        l.classify(true);
        assert_eq!(l.class, Class::Good);
    }

    #[test]
    fn menus_and_prompts_are_not() {
        let mut menu = Line::new(0, "  • Commercial Real Estate");
        menu.classify(true);
        assert!(menu.bullet);
        assert_eq!(menu.class, Class::Short);
        let mut prompt = Line::new(
            0,
            "Thank you for signing up to TheWeek. You will receive a verification email shortly.",
        );
        prompt.classify(true);
        assert_eq!(prompt.class, Class::Bad);
    }

    #[test]
    fn placeholders_are_blank() {
        assert!(Line::new(0, "[INS::INS]").blank);
        assert!(Line::new(0, "[                    ]").blank);
        assert!(Line::new(0, "  -  ").blank);
        assert!(!Line::new(0, "showcase [that] there is").blank);
    }
}
