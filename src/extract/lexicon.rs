//! Word lists the segmenter leans on: function words, promotional phrases, months, roles.
//!
//! Function words are what separate prose from menus in any language: a sentence is a third to a
//! half function words, a menu or a headline list almost none. The lists cover the languages that
//! dominate news archives in Latin script; a line in another script simply gets no stop-word
//! evidence and is judged by length and punctuation.

// FxHash: looked up for every word of every line.
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// The most frequent function words of English, German, French, Spanish, Italian, Portuguese,
/// Dutch, Russian and Polish, lower-case.
pub static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    const WORDS: &str = "
        a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each few
        for from further had has have having he her here hers herself him himself his how i if in
        into is it its itself just me more most my myself no nor not now of off on once only or
        other our ours out over own same she should so some such than that the their theirs them
        then there these they this those through to too under until up very was we were what when
        where which while who whom why will with would you your yours said says its it's i'm
        we've they're don't didn't isn't wasn't can't won't he's she's that's there's
        der die das den dem des ein eine einer eines einem einen und oder aber nicht ist sind war
        waren wird werden wurde wurden hat haben hatte mit von zu zum zur im in am an auf aus bei
        nach vor für über unter durch um als auch noch nur schon so wie wenn dass daß es er sie
        wir ihr ich man sich sein seine ihre ihren dieser diese dieses jetzt sehr mehr kann können
        muss soll will
        le la les un une des du de et ou mais est sont était été être avoir a ont au aux ce cette
        ces dans en sur par pour pas ne que qui quoi dont où il elle ils elles nous vous je se son
        sa ses leur leurs plus avec comme tout très
        el los las unos unas y o pero es son era fue ser estar está están del al en con por para
        que quien como más su sus lo le les se no muy este esta estos estas ese esa hay
        il lo gli della delle dei degli nel nella nei con per tra fra che chi non è sono era
        essere ha hanno un uno una sul sulla anche come più questo questa quello quella
        o os as um uma uns umas do da dos das no na nos nas em com por para que não é são foi ser
        ao aos mais seu sua seus suas como também muito este esta isso
        het een en of maar niet is zijn was waren wordt werd heeft hebben met van voor op aan bij
        naar uit dat die deze dit ook nog zo als er hij zij wij ik je
        и в во не на я что он с со как а то все она так его но да ты к у же вы за бы по только
        ее мне было вот от меня еще нет о из ему когда даже ли если уже или ни быть был него до
        вас там себя ей может они тут где есть для мы их чем была сам без чего тоже себе под
        будет кто этот того потому этого какой здесь этом один при после над больше тот через
        эти нас про всего них это также которые который которая
        i w z na się nie do to że a o jak jest tak za od przez dla jego już czy tylko być może
        był ich jej tym oraz które który która";
    WORDS.split_whitespace().collect()
});

/// Phrases that mark a line as site furniture (subscription prompts, sharing, legal, comments)
/// whatever its length. Matched lower-case, as substrings.
pub const PROMO_PHRASES: &[&str] = &[
    "sign up",
    "signing up",
    "sign in",
    "log in",
    "subscribe to",
    "subscribe now",
    "subscribed to",
    "your subscription",
    "subscription required",
    "subscriptions start",
    "newsletter",
    "your inbox",
    "verification email",
    "email address",
    "e-mail address",
    "all rights reserved",
    "privacy policy",
    "cookie policy",
    "cookie settings",
    "use cookies",
    "uses cookies",
    "accept cookies",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "continue reading",
    "read more",
    "read full",
    "click here",
    "refresh the page",
    "try again",
    "follow us",
    "share this",
    "share on",
    "download the app",
    "skip to",
    "back to top",
    "advertisement",
    "sponsored content",
    "most popular",
    "most read",
    "recommended for you",
    "you may also like",
    "related articles",
    "related stories",
    "leave a comment",
    "leave a reply",
    "cancel reply",
    "comments are closed",
    "enable javascript",
    "javascript is disabled",
    "javascript enabled",
    "javascript is required",
    "your browser does not",
    "update your browser",
    "upgrade your browser",
    "supported browser",
    "free trial",
    "to read the full",
    "register your account",
    "log in to",
    "loading...",
    "image copyright",
    "image caption",
    "getty images",
    "copyright ©",
    "©",
    // Captions and credits.
    "(image:",
    "(photo:",
    "(picture:",
    "(credit:",
    "image credit",
    "photo credit",
    "(foto:",
    "(bild:",
    // Cross-links and alerts inside the story.
    "see more:",
    "also read:",
    "news alerts",
    "breaking news emails",
    "thank you for your",
    "thank you for subscribing",
    "thanks for signing",
    // German, French, Spanish, Italian, Portuguese, Dutch furniture.
    "vielen dank für ihre",
    "merci pour votre",
    "gracias por su",
    "grazie per la",
    "datenschutz",
    "impressum",
    "anzeige",
    "werbung",
    "abonnieren",
    "mehr zum thema",
    "lesen sie auch",
    "kommentar schreiben",
    "alle rechte vorbehalten",
    "publicité",
    "abonnez-vous",
    "tous droits réservés",
    "lire aussi",
    "suscríbete",
    "todos los derechos",
    "leggi anche",
    "lascia un commento",
    "tutti i diritti",
    "deixe uma resposta",
    "deixe um comentário",
    // Cross-links and prompts seen on saved pages in the languages of the test sets.
    "lea también",
    "lea más:",
    "schon gelesen",
    "auch interessant",
    "teilen mit:",
    "wird geladen",
    "pour lire la suite",
    "pour accéder",
    "dowiedz się więcej",
    "czytaj także",
    "czytaj też",
    "czytaj więcej",
    "copyrighted property",
    "modal window",
    "don't miss",
    "share it with",
    "listen back",
    "todos os direitos",
    "lees ook",
];

/// Single words that mark a *short* line (a menu entry, a button) as furniture. In a long line
/// they are ordinary vocabulary ("he declined to comment"), so they are only used on short ones.
pub const FURNITURE_WORDS: &[&str] = &[
    "share",
    "tweet",
    "email",
    "print",
    "comments",
    "comment",
    "subscribe",
    "login",
    "register",
    "menu",
    "search",
    "home",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "instagram",
    "youtube",
    "rss",
    "related",
    "popular",
    "trending",
    "video",
    "videos",
    "podcast",
    "podcasts",
    "photos",
    "gallery",
    "sponsored",
    "advertisement",
    "ad",
    "loading",
    "previous",
    "next",
    "close",
    "topics",
    "tags",
    "more",
    "newsletters",
    "contact",
    "about",
    "careers",
    "sitemap",
    "help",
    "feedback",
    "reply",
    "responder",
    "antworten",
    "répondre",
    "rispondi",
    "teilen",
    "partager",
    "compartir",
    "condividi",
    "compartilhar",
];

/// Words that name a journalist's role: "NAME, Political Correspondent" is a byline.
pub const ROLE_WORDS: &[&str] = &[
    "correspondent",
    "editor",
    "reporter",
    "writer",
    "columnist",
    "contributor",
    "staff",
    "analyst",
    "critic",
    "producer",
    "journalist",
    "author",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "chief",
    "senior",
];

/// Words a byline or date line may carry besides the name or the date itself.
pub const DATELINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "et",
    "est",
    "edt",
    "gmt",
    "bst",
    "utc",
    "cet",
    "cest",
    "pt",
    "pst",
    "pdt",
    "cst",
    "cdt",
    "mst",
    "ist",
    "first",
    "veröffentlicht",
    "aktualisiert",
    "am",
    "um",
    "uhr",
    "publié",
    "le",
    "mis",
    "à",
    "jour",
    "publicado",
    "actualizado",
    "pubblicato",
    "aggiornato",
    "il",
    "alle",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "ago",
    "hours",
    "hour",
    "minutes",
    "min",
    "read",
    "time",
    "reading",
    "by",
    "and",
    "|",
    "-",
    "–",
    "—",
    "·",
    "•",
];

/// Headings that open what follows an article: comments, related stories, reading lists. A short
/// line holding one of these ends the article region. Matched lower-case, as substrings.
pub const SECTION_END_MARKERS: &[&str] = &[
    "comment",
    "related",
    "recommended",
    "you may also like",
    "you might also like",
    "more from",
    "more stories",
    "more news",
    "most popular",
    "most read",
    "most viewed",
    "trending",
    "top stories",
    "latest news",
    "leave a reply",
    "join the conversation",
    "what others are reading",
    "read next",
    "up next",
    "further reading",
    "kommentar",
    "ähnliche",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "meistgelesen",
    "commentaires",
    "à lire aussi",
    "sur le même sujet",
    "comentario",
    "comentário",
    "relacionad",
    "commenti",
    "correlati",
];

/// The promotional phrases, searched in one pass per line (every line of every page indexed):
/// as a DFA, one table look-up a byte, where the contiguous NFA that `AhoCorasick::new` picks for
/// this many phrases follows failure links (its search was 3% of indexing time in perf); 351 KB,
/// built once.
static PROMO: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(PROMO_PHRASES)
        .expect("promo phrases build an automaton")
});

/// `f` of `word` lower-cased, done on the stack when the word is ASCII and short (most words
/// are; the lists asked about every word of an article use it); `None` for any other word,
/// which the caller lower-cases its own way.
pub fn with_ascii_lowered<R>(word: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    let mut buf = [0u8; 32];
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let small = &mut buf[..word.len()];
    small.copy_from_slice(word.as_bytes());
    small.make_ascii_lowercase();
    std::str::from_utf8(small).ok().map(f)
}

/// The words of a lower-cased line: runs of letters and digits, apostrophes kept inside.
pub fn words_of(lower: &str) -> Vec<&str> {
    if lower.is_ascii() {
        return ascii_words_of(lower);
    }
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// [`words_of`] an ASCII line, byte by byte: every line of every text page is cut into words,
/// and decoding it character by character was 2.5% of the instructions of indexing the scale
/// archive.
fn ascii_words_of(lower: &str) -> Vec<&str> {
    let bytes = lower.as_bytes();
    let mut words = Vec::with_capacity(bytes.len() / 5);
    let mut at = 0;
    // A word: letters, digits and apostrophes, from a letter or digit to the last one.
    while let Some(skip) = bytes[at..]
        .iter()
        .position(|&b| WORD_BYTES[usize::from(b)] == LETTER)
    {
        let start = at + skip;
        at = start + 1;
        let mut end = at;
        for &b in &bytes[at..] {
            match WORD_BYTES[usize::from(b)] {
                LETTER => {
                    at += 1;
                    end = at;
                }
                APOSTROPHE => at += 1,
                _ => break,
            }
        }
        words.push(&lower[start..end]);
    }
    words
}

/// What an ASCII byte is to a word: a letter or digit, an apostrophe (inside words only), or
/// neither. One look-up a byte rather than `is_ascii_alphanumeric`'s comparisons (every line of
/// every text page is cut into words: 165 → 125 M instructions over 2,000 articles of the scale
/// archive).
const LETTER: u8 = 1;
const APOSTROPHE: u8 = 2;
static WORD_BYTES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            classes[b] = LETTER;
        } else if byte == b'\'' {
            classes[b] = APOSTROPHE;
        }
        b += 1;
    }
    classes
};

/// Words beyond which a paragraph needs two promotional phrases to count as a prompt.
const LONG_PARAGRAPH_WORDS: usize = 40;

/// Whether a line (`text`, its lower-cased form and its words) is a prompt or a piece of site
/// furniture: it holds a promotional phrase, or is short and holds a social handle (a share or
/// follow prompt, an author's card), or is one or two words of which one is a furniture word.
pub fn is_promotional(text: &str, lower: &str, words: &[&str]) -> bool {
    let handle = words.len() <= 6
        && text
            .split_whitespace()
            .any(|w| w.len() > 1 && w.starts_with('@'));
    // A long paragraph of prose may say "most popular" or "follow us" in passing; a prompt that
    // long repeats itself ("Sign up… Subscribe…").
    let phrases_needed = if words.len() <= LONG_PARAGRAPH_WORDS {
        1
    } else {
        2
    };
    PROMO.find_iter(lower).take(phrases_needed).count() == phrases_needed
        || handle
        || (words.len() <= 2 && words.iter().any(|w| FURNITURE_WORDS.contains(w)))
}

/// A paragraph's word count and whether it is promotional (see [`is_promotional`]).
pub fn promotion(text: &str) -> (usize, bool) {
    let text = text.trim();
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    (words.len(), is_promotional(text, &lower, &words))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_lines_are_cut_as_characters_are(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "don't", "'quoted'", "''", "'", "1987", "x9", " ", "-", ",", "\n", "@user",
                "\u{1e}", "\x0B", "rock'n'roll",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let by_chars: Vec<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(ascii_words_of(&text), by_chars);
        }
    }

    #[test]
    fn short_ascii_words_are_lowered_on_the_stack_and_others_left_to_the_caller() {
        assert_eq!(
            with_ascii_lowered("MaRcH", str::to_string),
            Some("march".into())
        );
        assert_eq!(with_ascii_lowered("", str::len), Some(0));
        assert_eq!(with_ascii_lowered("MÄRZ", str::len), None);
        assert_eq!(with_ascii_lowered(&"x".repeat(33), str::len), None);
    }
}
