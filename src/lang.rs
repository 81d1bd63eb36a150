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

/// Text read for detection: enough for a confident answer, bounded whatever the article's size.
const DETECTION_BYTES: usize = 4096;

/// The code of a declared language tag: the primary subtag, lower-case ("en" from "en-GB",
/// "EN_us", " de "). `None` for what is not a tag (empty, digits, a whole word like "english").
pub fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then_some(primary)
}

/// The language of `text`, when detection is confident: its ISO 639-1 code.
pub fn detect(text: &str) -> Option<&'static str> {
    let cut = (0..=DETECTION_BYTES.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let info = whatlang::detect(&text[..cut])?;
    if !info.is_reliable() {
        return None;
    }
    LANGUAGES
        .iter()
        .find(|(lang, _)| *lang == info.lang())
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_codes_and_words_do_not() {
        assert_eq!(primary_subtag("en-GB").as_deref(), Some("en"));
        assert_eq!(primary_subtag(" DE_at ").as_deref(), Some("de"));
        assert_eq!(primary_subtag("fil").as_deref(), Some("fil"));
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
        assert_eq!(detect(&"x".repeat(100_000)), None);
        // Every code is two letters and said once.
        let mut codes: Vec<&str> = LANGUAGES.iter().map(|(_, c)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), LANGUAGES.len());
    }
}
