//! Languages: the one list of the languages morgue knows by code, how a declared language tag
//! becomes a code, and how a text's language is detected when nothing declares it.
//!
//! Codes are ISO 639-1 (two letters) where one exists; detection is the `whatlang` crate's
//! (trigram statistics over 69 languages, no model to load).

use whatlang::Lang;

/// Every language detection can name, with its ISO 639-1 code.
pub const LANGUAGES: &[(Lang, &str)] = &[
    (Lang::Afr, "af"),
    (Lang::Aka, "ak"),
    (Lang::Amh, "am"),
    (Lang::Ara, "ar"),
    (Lang::Aze, "az"),
    (Lang::Bel, "be"),
    (Lang::Ben, "bn"),
    (Lang::Bul, "bg"),
    (Lang::Cat, "ca"),
    (Lang::Ces, "cs"),
    (Lang::Cmn, "zh"),
    (Lang::Dan, "da"),
    (Lang::Deu, "de"),
    (Lang::Ell, "el"),
    (Lang::Eng, "en"),
    (Lang::Epo, "eo"),
    (Lang::Est, "et"),
    (Lang::Fin, "fi"),
    (Lang::Fra, "fr"),
    (Lang::Guj, "gu"),
    (Lang::Heb, "he"),
    (Lang::Hin, "hi"),
    (Lang::Hrv, "hr"),
    (Lang::Hun, "hu"),
    (Lang::Hye, "hy"),
    (Lang::Ind, "id"),
    (Lang::Ita, "it"),
    (Lang::Jav, "jv"),
    (Lang::Jpn, "ja"),
    (Lang::Kan, "kn"),
    (Lang::Kat, "ka"),
    (Lang::Khm, "km"),
    (Lang::Kor, "ko"),
    (Lang::Lat, "la"),
    (Lang::Lav, "lv"),
    (Lang::Lit, "lt"),
    (Lang::Mal, "ml"),
    (Lang::Mar, "mr"),
    (Lang::Mkd, "mk"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Nld, "nl"),
    (Lang::Nob, "nb"),
    (Lang::Ori, "or"),
    (Lang::Pan, "pa"),
    (Lang::Pes, "fa"),
    (Lang::Pol, "pl"),
    (Lang::Por, "pt"),
    (Lang::Ron, "ro"),
    (Lang::Rus, "ru"),
    (Lang::Sin, "si"),
    (Lang::Slk, "sk"),
    (Lang::Slv, "sl"),
    (Lang::Sna, "sn"),
    (Lang::Spa, "es"),
    (Lang::Srp, "sr"),
    (Lang::Swe, "sv"),
    (Lang::Tam, "ta"),
    (Lang::Tel, "te"),
    (Lang::Tgl, "tl"),
    (Lang::Tha, "th"),
    (Lang::Tuk, "tk"),
    (Lang::Tur, "tr"),
    (Lang::Ukr, "uk"),
    (Lang::Urd, "ur"),
    (Lang::Uzb, "uz"),
    (Lang::Vie, "vi"),
    (Lang::Yid, "yi"),
    (Lang::Zul, "zu"),
    (Lang::Cym, "cy"),
];

/// Whether `c` belongs to a script written without spaces between words: Han ideographs, kana,
/// Hangul (spaced between phrases, not words), Thai, Lao, Khmer and Myanmar. Such text is indexed
/// as pairs of characters (`index::analyzer`), and a run of it counts as a word every two
/// characters where lines are measured (`extract::text`).
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3005 | 0x3040..=0x30FF
        | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF
        | 0x20000..=0x2FA1F)
}

/// Words in `words` as a reader counts them: a run of unspaced script as one word every two
/// characters (Chinese and Japanese words are mostly one to three characters long).
pub fn word_count(words: &[&str]) -> usize {
    words
        .iter()
        .map(|w| {
            if w.is_ascii() {
                return 1;
            }
            let unspaced = w.chars().filter(|&c| is_unspaced(c)).count();
            unspaced.div_ceil(2).max(1)
        })
        .sum()
}

/// The languages written in the Latin alphabet that have a Snowball stemmer, by code. An
/// article in one of them has its prose (headline, standfirst, lead, body) stemmed in its own
/// language; every other Latin-script text is stemmed as English, where most of an archive is.
pub const LATIN_STEMMERS: &[(&str, frostem::Algorithm)] = {
    use frostem::Algorithm::*;
    &[
        ("en", English),
        ("da", Danish),
        ("de", German),
        ("es", Spanish),
        ("fi", Finnish),
        ("fr", French),
        ("hu", Hungarian),
        ("it", Italian),
        ("nb", Norwegian),
        ("nl", Dutch),
        ("no", Norwegian),
        ("pt", Portuguese),
        ("ro", Romanian),
        ("sv", Swedish),
        ("tr", Turkish),
    ]
};

/// The stemmer of Latin-script words in an article's prose: its language's, when
/// [`LATIN_STEMMERS`] has one, else English.
pub fn latin_stemmer(lang: Option<&str>) -> frostem::Algorithm {
    lang.and_then(|code| LATIN_STEMMERS.iter().find(|(c, _)| *c == code))
        .map_or(frostem::Algorithm::English, |(_, a)| *a)
}

/// The code of a Latin stemmer in [`LATIN_STEMMERS`] (its first, for Norwegian's two codes).
pub fn latin_stemmer_code(algorithm: frostem::Algorithm) -> &'static str {
    LATIN_STEMMERS
        .iter()
        .find(|(_, a)| *a == algorithm)
        .map_or("en", |(c, _)| *c)
}

/// The Snowball stemmer for a word, by the script it is written in: Russian for Cyrillic,
/// Greek, Arabic, Tamil, and `latin` for the Latin alphabet (English, or the language of the
/// article whose prose it is: [`latin_stemmer`]). Other scripts are stemmed alike whatever the
/// article, so that a query word is stemmed as the index stemmed it.
/// `None` for scripts without a stemmer (CJK pairs, Hebrew, Devanagari...).
pub fn stemmer_for(word: &str, latin: frostem::Algorithm) -> Option<frostem::Algorithm> {
    use frostem::Algorithm;
    let first = word.chars().find(|c| c.is_alphabetic())?;
    Some(match first as u32 {
        0..=0x024F | 0x1E00..=0x1EFF => latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Algorithm::Greek,
        0x0400..=0x052F => Algorithm::Russian,
        0x0600..=0x06FF | 0x0750..=0x077F => Algorithm::Arabic,
        0x0B80..=0x0BFF => Algorithm::Tamil,
        _ => return None,
    })
}

/// Text read for detection: enough for a confident answer (a paragraph), bounded whatever the
/// article's size; detection costs in proportion to it, and runs on every text page indexed.
pub const DETECTION_BYTES: usize = 1024;

/// The code of a declared language tag: the primary subtag, lower-case ("en" from "en-GB",
/// "EN_us", " de "), and a three-letter code of a language in [`LANGUAGES`] as its two letters
/// ("eng" is "en"). `None` for what is not a tag (empty, digits, a whole word like "english").
pub fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let two_letters = Lang::from_code(primary.as_str())
        .and_then(|lang| LANGUAGES.iter().find(|(l, _)| *l == lang))
        .map(|(_, code)| (*code).to_string());
    Some(two_letters.unwrap_or(primary))
}

/// The language of `text`, when detection is confident: its ISO 639-1 code.
pub fn detect(text: &str) -> Option<&'static str> {
    let cut = (0..=DETECTION_BYTES.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let text = &text[..cut];
    // Most news archives are mostly English: plain English prose is told by its commonest words,
    // at a fraction of the cost of weighing every language's trigrams (which was a tenth of
    // indexing time).
    if is_plainly_english(text) {
        return Some("en");
    }
    if is_plainly_russian(text) {
        return Some("ru");
    }
    let info = whatlang::detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    let code = LANGUAGES
        .iter()
        .find(|(lang, _)| *lang == info.lang())
        .map(|(_, code)| *code)?;
    uses_common_words(code, text).then_some(code)
}

/// The commonest words of the languages whose articles are stemmed in their own language
/// ([`LATIN_STEMMERS`]): articles, conjunctions, prepositions, "is" and "not".
const COMMON_WORDS: &[(&str, &[&str])] = &[
    (
        "da",
        &[
            "og", "at", "det", "som", "er", "på", "for", "med", "af", "ikke", "har", "til", "den",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine",
            "sich", "auf", "für", "dem", "des", "im",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "del", "que", "y", "en", "por", "una", "con", "para", "es",
            "se", "al",
        ],
    ),
    (
        "fi",
        &[
            "ja", "on", "ei", "että", "se", "oli", "hän", "mutta", "kun", "myös", "ovat", "ole",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "et", "est", "une", "du", "dans", "pour", "qui", "que",
            "pas", "sur", "au", "avec",
        ],
    ),
    (
        "hu",
        &[
            "a", "az", "és", "hogy", "nem", "egy", "is", "van", "meg", "de",
        ],
    ),
    (
        "it",
        &[
            "il", "la", "che", "di", "e", "per", "un", "una", "del", "della", "non", "sono", "con",
            "gli", "le",
        ],
    ),
    (
        "nb",
        &[
            "og", "at", "det", "som", "er", "på", "for", "med", "av", "ikke", "har", "til", "den",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "met", "voor", "zijn",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "os", "as", "que", "de", "do", "da", "em", "um", "uma", "para", "com", "não",
            "é", "dos", "das",
        ],
    ),
    (
        "ro",
        &[
            "și", "de", "la", "în", "că", "cu", "pe", "nu", "o", "un", "este", "din", "care",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "det", "som", "en", "är", "på", "för", "med", "av", "inte", "har", "den",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "da", "de", "ile", "için", "olarak", "çok", "daha", "ne",
        ],
    ),
];

/// Whether `word` is one of the commonest words (articles, conjunctions, prepositions) of the
/// language `code`, as far as [`COMMON_WORDS`] lists them: "Die" in German, "Le" in French.
pub fn is_common_word(code: &str, word: &str) -> bool {
    COMMON_WORDS
        .iter()
        .find(|(c, _)| *c == code)
        .is_some_and(|(_, common)| common.contains(&word.to_lowercase().as_str()))
}

/// Share of a text's words that must be its language's commonest words: about one in five in
/// running prose; telegraphic text ("Shr loss 19 cts vs profit 57 cts"), which trigram
/// statistics take for French, has next to none.
const COMMON_SHARE: f64 = 0.05;

/// Whether `text` uses the commonest words of `code` as prose in it does (always, for the
/// languages [`COMMON_WORDS`] does not list): detection alone names a language for text that
/// merely has its letters, and a wrong language would stem an article's words wrongly.
fn uses_common_words(code: &str, text: &str) -> bool {
    let Some((_, common)) = COMMON_WORDS.iter().find(|(c, _)| *c == code) else {
        return true;
    };
    let mut words = 0usize;
    let mut found = 0usize;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if common.iter().any(|c| word.to_lowercase() == *c) {
            found += 1;
        }
    }
    found >= 2 && found as f64 >= COMMON_SHARE * words as f64
}

/// Words needed before the commonest words can be trusted.
const MIN_WORDS: usize = 30;
/// Share of words that are "the", "and", "of" or "to" in English prose (about one in seven);
/// in other languages these are rare or absent.
const ENGLISH_SHARE: f64 = 0.08;

/// Whether `text` is English prose beyond doubt: no letters outside ASCII (curly quotes and
/// dashes are fine), and at least [`ENGLISH_SHARE`] of its words are "the", "and", "of" or "to".
fn is_plainly_english(text: &str) -> bool {
    if !text.chars().all(|c| c.is_ascii() || !c.is_alphabetic()) {
        return false;
    }
    let mut words = 0usize;
    let mut common = 0usize;
    for word in text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if ["the", "and", "of", "to"]
            .iter()
            .any(|c| word.eq_ignore_ascii_case(c))
        {
            common += 1;
        }
    }
    words >= MIN_WORDS && common as f64 >= ENGLISH_SHARE * words as f64
}

/// Whether `text` is Russian by its alphabet: Cyrillic with the letters only Russian uses among
/// its neighbours ("ы", "э": not Ukrainian, Bulgarian or Serbian), and none of the letters
/// Ukrainian and Belarusian have that Russian does not ("і", "ї", "є", "ґ", "ў"). Trigram
/// statistics confuse short Russian texts with Belarusian.
fn is_plainly_russian(text: &str) -> bool {
    let mut cyrillic = 0usize;
    let mut letters = 0usize;
    let mut russian_only = false;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if ('\u{400}'..='\u{4ff}').contains(&c) {
            cyrillic += 1;
        }
        match c.to_lowercase().next().unwrap_or(c) {
            'ы' | 'э' => russian_only = true,
            'і' | 'ї' | 'є' | 'ґ' | 'ў' => return false,
            _ => {}
        }
    }
    russian_only && cyrillic >= 20 && cyrillic * 10 >= letters * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_codes_and_words_do_not() {
        assert_eq!(primary_subtag("en-GB").as_deref(), Some("en"));
        assert_eq!(primary_subtag(" DE_at ").as_deref(), Some("de"));
        assert_eq!(primary_subtag("fil").as_deref(), Some("fil"));
        assert_eq!(primary_subtag("eng").as_deref(), Some("en"));
        assert_eq!(primary_subtag("RUS").as_deref(), Some("ru"));
        for bad in ["", "english", "e", "12", "-en"] {
            assert_eq!(primary_subtag(bad), None, "{bad}");
        }
    }

    #[test]
    fn languages_are_detected_when_clear() {
        let en = "Chinese premier Xi Jinping has awarded his country's Friendship Award to Vladimir Putin, calling the Russian president his best, most intimate friend.";
        assert_eq!(detect(en), Some("en"));
        let de = "Der Marktplatz bleibt wegen Bauarbeiten bis Ende des Monats gesperrt, teilte die Stadtverwaltung am Montag mit.";
        assert_eq!(detect(de), Some("de"));
        assert_eq!(detect(""), None);
        // The commonest words decide plain English; a German or Dutch text never passes for it.
        assert!(is_plainly_english(&en.repeat(2)));
        assert!(!is_plainly_english(&de.repeat(3)));
        let nl = "De gemeenteraad heeft op woensdag besloten om acht kilometer beschermde fietspaden aan te leggen door de oude binnenstad, en het werk begint in maart.";
        assert!(!is_plainly_english(&nl.repeat(3)));
        assert_eq!(detect(&nl.repeat(3)), Some("nl"));
        assert_eq!(detect(&"x".repeat(100_000)), None);
        // Telegraphic English that trigrams take for French: no language, rather than a wrong one.
        let brief = "LIFE OF INDIANA CORP <LIFI> 4TH QTR LOSS\nShr loss 19 cts vs profit 57 cts\nNet loss 103,005 vs profit 319,344\nYear\nShr profit 22 cts vs profit 10 cts\nNet profit 1,236,347 vs profit 570,222\n";
        assert_eq!(whatlang::detect(brief).map(|i| i.lang()), Some(Lang::Fra));
        assert_eq!(detect(brief), None);
        let fr = "Le gouvernement continuera la réforme des retraites malgré les manifestations, a déclaré le Premier ministre mardi soir à la télévision.";
        assert_eq!(detect(fr), Some("fr"));
        let ru = "Меркурий виден на вечернем небе. Астрономы советуют смотреть на запад сразу после заката.";
        assert_eq!(detect(ru), Some("ru"));
        let uk = "Меркурій видно на вечірньому небі. Астрономи радять дивитися на захід одразу після заходу сонця.";
        assert_ne!(detect(uk), Some("ru"));
        // Every code is two letters and said once.
        let mut codes: Vec<&str> = LANGUAGES.iter().map(|(_, c)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), LANGUAGES.len());
    }
}
