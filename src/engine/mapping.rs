//! The mappings other engines index morgue's articles with, generated from the one description
//! of the exported document (`index::schema::DOCUMENT`): an OpenSearch/Elasticsearch index body
//! and a Quickwit index config. Each analyses a field as morgue does as far as the engine can;
//! what it cannot do is said here and in the export's README.
//!
//! - OpenSearch: words cut by the standard tokenizer (Unicode word boundaries, as morgue's runs of
//!   letters and digits), lower-cased, accents folded, CJK in pairs of characters (`cjk_bigram`,
//!   as morgue), and the Snowball stemmers morgue uses chained: English (or the article
//!   language's, in a prose field's per-language sub-field) for Latin letters and Russian for
//!   Cyrillic, each leaving the other script alone. Greek, Arabic and Tamil words are not
//!   stemmed: OpenSearch's Snowball filter has none of them (its other stemmers are not
//!   Snowball's, and not every server of the API has them).
//! - Quickwit offers no stemmer but English (`en_stem`) and no character pairs: prose is stemmed
//!   as English, or cut one CJK character a word (`chinese_compatible`, searched as phrases)
//!   when the export holds Chinese, Japanese or Korean articles. Names are lower-cased by its
//!   `default` tokenizer, which folds no accents ("José" is not "jose" there).

use serde_json::{json, Map, Value};

use crate::index::schema::{DocKind, DOCUMENT};
use crate::lang::{latin_stemmer, LATIN_STEMMERS};
use crate::search::query::DEFAULT_FIELDS;

/// The analyzer of words, as morgue's text analyzer (English for the Latin alphabet).
const TEXT: &str = "morgue_text";
/// The analyzer of words as written: cut and folded, not stemmed.
const FOLD: &str = "morgue_fold";

/// The Latin-script languages among `langs` (codes of the export's articles) whose prose has a
/// stemmer of its own, English left out (it is the default analysis): sorted, each once.
pub fn prose_languages<'a>(langs: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = langs
        .into_iter()
        .filter_map(|code| LATIN_STEMMERS.iter().find(|(c, _)| *c == code))
        .filter(|(_, a)| *a != frostem::Algorithm::English)
        // One code a stemmer (Norwegian has two).
        .map(|(_, a)| crate::lang::latin_stemmer_code(*a))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The Snowball name OpenSearch's `snowball` filter knows a stemmer by ("German").
fn snowball_name(code: &str) -> String {
    let name = latin_stemmer(Some(code)).name();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The analyzer of prose in `code`'s language.
fn prose_analyzer(code: &str) -> String {
    format!("morgue_prose_{code}")
}

/// The OpenSearch/Elasticsearch index body (`PUT /INDEX`): settings whose analyzers match
/// morgue's, and a strict mapping of every field of the exported document. Prose fields get a
/// sub-field per language of `languages` (see [`prose_languages`]), analysed by its stemmer.
pub fn opensearch_index(languages: &[&str]) -> Value {
    json!({
        "settings": opensearch_settings(languages),
        "mappings": {
            "dynamic": "strict",
            "_meta": opensearch_meta(languages),
            "properties": opensearch_properties(languages),
        },
    })
}

/// What morgue notes in an index's mapping: its schema, and the languages with a sub-field.
pub fn opensearch_meta(languages: &[&str]) -> Value {
    json!({
        "morgue_schema": crate::index::schema::SCHEMA_VERSION,
        "languages": languages,
    })
}

/// Every language with a Snowball stemmer of its own (for an index that learns its languages
/// as articles come: analyzers cannot be added to an open index, sub-fields can).
pub fn all_prose_languages() -> Vec<&'static str> {
    prose_languages(LATIN_STEMMERS.iter().map(|(c, _)| *c))
}

/// The index settings: the analyzers of words, of words as written, and of prose in each of
/// `languages`.
pub fn opensearch_settings(languages: &[&str]) -> Value {
    let mut filters = Map::new();
    filters.insert(
        "morgue_stem_en".into(),
        json!({"type": "snowball", "language": "English"}),
    );
    filters.insert(
        "morgue_stem_ru".into(),
        json!({"type": "snowball", "language": "Russian"}),
    );
    let chain = |latin: &str| -> Value {
        json!({
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "cjk_bigram", latin, "morgue_stem_ru"],
        })
    };
    let mut analyzers = Map::new();
    analyzers.insert(TEXT.into(), chain("morgue_stem_en"));
    analyzers.insert(
        FOLD.into(),
        json!({"type": "custom", "tokenizer": "standard",
               "filter": ["lowercase", "asciifolding", "cjk_bigram"]}),
    );
    for code in languages {
        let filter = format!("morgue_stem_{code}");
        filters.insert(
            filter.clone(),
            json!({"type": "snowball", "language": snowball_name(code)}),
        );
        analyzers.insert(prose_analyzer(code), chain(&filter));
    }
    json!({"analysis": {"filter": filters, "analyzer": analyzers}})
}

/// The mapping of every field of the exported document, prose fields with a sub-field per
/// language of `languages`.
pub fn opensearch_properties(languages: &[&str]) -> Value {
    let mut properties = Map::new();
    for field in DOCUMENT {
        let mapping = match field.kind {
            DocKind::Prose => {
                let mut sub = Map::new();
                for code in languages {
                    sub.insert(
                        (*code).to_string(),
                        json!({"type": "text", "analyzer": prose_analyzer(code)}),
                    );
                }
                if field.as_written {
                    sub.insert("exact".into(), json!({"type": "text", "analyzer": FOLD}));
                }
                let mut m = json!({"type": "text", "analyzer": TEXT});
                if !sub.is_empty() {
                    m["fields"] = Value::Object(sub);
                }
                m
            }
            DocKind::Words | DocKind::Names => {
                let analyzer = if field.kind == DocKind::Names {
                    FOLD
                } else {
                    TEXT
                };
                let mut m = json!({"type": "text", "analyzer": analyzer});
                if field.whole {
                    m["fields"] = json!({"whole": {"type": "keyword", "ignore_above": 1024}});
                }
                m
            }
            DocKind::Exact => json!({"type": "keyword"}),
            DocKind::Date => json!({"type": "date", "format": "yyyy-MM-dd"}),
            DocKind::Shown => json!({"type": "keyword", "index": false, "doc_values": false}),
            DocKind::ShownDate => json!({"type": "date", "format": "yyyy-MM-dd", "index": false}),
        };
        properties.insert(field.name.to_string(), mapping);
    }
    Value::Object(properties)
}

/// Whether `lang` is written without spaces (Chinese, Japanese, Korean).
fn is_cjk(lang: &str) -> bool {
    matches!(lang, "zh" | "ja" | "ko")
}

/// The Quickwit index config (YAML), `index_id` (letters, digits, `-` and `_`, starting with a
/// letter) for an export whose articles are in `langs` (codes).
pub fn quickwit_index(index_id: &str, langs: &[&str]) -> String {
    let prose_tokenizer = if langs.iter().any(|l| is_cjk(l)) {
        "chinese_compatible"
    } else {
        "en_stem"
    };
    let mut y = String::new();
    y.push_str("# Generated by morgue: the fields of `morgue export`'s articles.\n");
    y.push_str("version: 0.8\n");
    y.push_str(&format!("index_id: {index_id}\n"));
    y.push_str("doc_mapping:\n  mode: strict\n  field_mappings:\n");
    for field in DOCUMENT {
        let ty = |t: &str| {
            if field.many {
                format!("array<{t}>")
            } else {
                t.to_string()
            }
        };
        y.push_str(&format!("    - name: {}\n", field.name));
        let lines: Vec<String> = match field.kind {
            DocKind::Prose | DocKind::Words | DocKind::Names => {
                let tokenizer = match field.kind {
                    DocKind::Prose => prose_tokenizer,
                    // Lower-cased, not stemmed (Quickwit folds no accents).
                    DocKind::Names => "default",
                    _ => "en_stem",
                };
                let mut l = vec![
                    format!("type: {}", ty("text")),
                    format!("tokenizer: {tokenizer}"),
                    "record: position".into(),
                    "fieldnorms: true".into(),
                ];
                if field.whole {
                    l.push("fast:\n        normalizer: raw".into());
                }
                l
            }
            DocKind::Exact => vec![
                format!("type: {}", ty("text")),
                "tokenizer: raw".into(),
                "fast: true".into(),
            ],
            DocKind::Date | DocKind::ShownDate => {
                let searched = field.kind == DocKind::Date;
                vec![
                    format!("type: {}", ty("datetime")),
                    "input_formats:\n        - \"%Y-%m-%d\"".into(),
                    "output_format: \"%Y-%m-%d\"".into(),
                    format!("indexed: {searched}"),
                    format!("fast: {searched}"),
                    "fast_precision: seconds".into(),
                ]
            }
            DocKind::Shown => vec![format!("type: {}", ty("text")), "indexed: false".into()],
        };
        for line in lines {
            y.push_str(&format!("      {line}\n"));
        }
    }
    let date = DOCUMENT
        .iter()
        .find(|f| f.kind == DocKind::Date)
        .expect("the document has a date");
    y.push_str(&format!("  timestamp_field: {}\n", date.name));
    y.push_str("search_settings:\n  default_search_fields: [");
    y.push_str(&default_search_fields().join(", "));
    y.push_str("]\n");
    y
}

/// The fields a query that names none searches, as the exported document names them: morgue's
/// default fields that the document holds (the lead and the headline as written are the local
/// index's own).
pub fn default_search_fields() -> Vec<&'static str> {
    DEFAULT_FIELDS
        .iter()
        .filter_map(|(local, _)| DOCUMENT.iter().find(|f| f.local == *local))
        .map(|f| f.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opensearch_mapping_is_strict_and_maps_every_field_with_analysers_it_defines() {
        let languages = prose_languages(["de", "en", "nb", "no", "ru", "zh"]);
        assert_eq!(languages, ["de", "nb"]);
        let body = opensearch_index(&languages);
        let mappings = &body["mappings"];
        assert_eq!(mappings["dynamic"], "strict");
        let properties = mappings["properties"].as_object().unwrap();
        let names: Vec<&str> = DOCUMENT.iter().map(|f| f.name).collect();
        let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        let mut sorted = names.clone();
        keys.sort_unstable();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        // Every analyser a field names is defined, and every filter an analyser names.
        let analysis = &body["settings"]["analysis"];
        let mut named = Vec::new();
        for field in properties.values() {
            named.extend(field["analyzer"].as_str());
            for sub in field["fields"]
                .as_object()
                .into_iter()
                .flat_map(|o| o.values())
            {
                named.extend(sub["analyzer"].as_str());
            }
        }
        for analyzer in named {
            let defined = &analysis["analyzer"][analyzer];
            assert!(defined.is_object(), "{analyzer}");
            for filter in defined["filter"].as_array().unwrap() {
                let f = filter.as_str().unwrap();
                let built_in = ["lowercase", "asciifolding", "cjk_bigram"].contains(&f);
                assert!(built_in || analysis["filter"][f].is_object(), "{f}");
            }
        }
        assert_eq!(
            properties["body"]["fields"]["nb"]["analyzer"],
            "morgue_prose_nb"
        );
        assert_eq!(
            analysis["filter"]["morgue_stem_nb"]["language"],
            "Norwegian"
        );
        assert_eq!(properties["title"]["fields"]["exact"]["analyzer"], FOLD);
        assert_eq!(properties["people"]["fields"]["whole"]["type"], "keyword");
        assert_eq!(properties["people"]["analyzer"], FOLD);
        assert_eq!(properties["byline"]["analyzer"], TEXT);
        assert_eq!(properties["lang"]["type"], "keyword");
    }

    #[test]
    fn quickwit_cuts_cjk_prose_by_character_only_when_the_export_holds_it() {
        assert!(quickwit_index("morgue", &["en"]).contains("tokenizer: en_stem"));
        // Names are not stemmed there either.
        let people = quickwit_index("morgue", &["en"]);
        let people = people.split("- name: people\n").nth(1).unwrap();
        assert!(
            people.starts_with("      type: array<text>\n      tokenizer: default\n"),
            "{people}"
        );
        assert!(!quickwit_index("morgue", &["en"]).contains("chinese_compatible"));
        assert!(quickwit_index("morgue", &["en", "zh"]).contains("tokenizer: chinese_compatible"));
        assert_eq!(
            default_search_fields(),
            ["title", "standfirst", "byline", "body"]
        );
    }
}
