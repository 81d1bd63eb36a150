//! The only place field names and their index options live.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, INDEXED, STORED, STRING,
};

/// The language whose stemmer analyses the article's prose (a code of
/// `lang::LATIN_STEMMERS`: its own language's, else English), indexed, never stored. It must be
/// the first field: tantivy analyses a document's fields in the schema's order, and the prose
/// analyzer follows the language this field's analyzer records (see `index::stem`). Its terms are
/// the languages a query's words are stemmed in.
pub const STEMMING: &str = "stemming";
pub const ID: &str = "id";
pub const PATH: &str = "path";
pub const FORMAT: &str = "format";
pub const TITLE: &str = "title";
/// The headline's words as written (folded, not stemmed): a reader who types a headline's own
/// words finds it before articles whose headlines hold other forms of them.
pub const TITLE_EXACT: &str = "title_exact";
pub const STANDFIRST: &str = "standfirst";
pub const BYLINE: &str = "byline";
pub const BYLINE_KEY: &str = "byline_key";
pub const DATE: &str = "date";
pub const BODY: &str = "body";
/// The lede: the body's opening, indexed again so that what a story leads with counts more.
pub const LEAD: &str = "lead";
pub const SOURCE: &str = "source";
pub const SOURCE_KEY: &str = "source_key";
pub const URL: &str = "url";
/// People, organisations and places the article names (see `extract::entities`): words to
/// search, and whole names (`*_KEY`) to show and count by.
pub const PERSON: &str = "person";
pub const PERSON_KEY: &str = "person_key";
pub const ORG: &str = "org";
pub const ORG_KEY: &str = "org_key";
pub const PLACE: &str = "place";
pub const PLACE_KEY: &str = "place_key";
/// The MinHash signature of the body's opening (see `extract::copies`), as a column of numbers
/// read in place, and the buckets of its band keys, by which copies of a story find one another
/// (`extract::copies::buckets`; as numbers: eight-byte terms cost the index less than texts).
pub const COPY_SIGNATURE: &str = "copy_signature";
pub const COPY_BAND: &str = "copy_band";
pub const LANG: &str = "lang";
/// The source's own subject keywords and tags (see `Article::keywords`): searchable words
/// (`keyword:cocoa`), shown with the article.
pub const KEYWORD: &str = "keyword";
/// When a web archive captured the page: shown, never searched or sorted by.
pub const CRAWLED: &str = "crawled";
/// The archive key of the file an article came from: a changed or deleted file's articles are
/// removed by it, all at once.
pub const FILE_KEY: &str = "file_key";

use super::analyzer::{
    FOLD_ANALYZER, KEY_ANALYZER, PROSE_ANALYZER, STEMMING_ANALYZER, TEXT_ANALYZER,
};

/// How a field of an exported article is searched, in every engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// Words stemmed in the article's language (the local index's `PROSE_ANALYZER`).
    Prose,
    /// Words stemmed by script, English for the Latin alphabet (`TEXT_ANALYZER`).
    Words,
    /// Names: words as written, folded, not stemmed (`FOLD_ANALYZER`), so that "Williams" is not
    /// "William".
    Names,
    /// One value matched whole (an id, a code).
    Exact,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// Kept and shown, never searched: a path.
    Shown,
    /// A day kept and shown, never searched or sorted by.
    ShownDate,
}

/// One field of an article as morgue exports it (`morgue export`, `--engine`): the document
/// other engines index, whose mappings (`engine::mapping`) are generated from [`DOCUMENT`].
#[derive(Debug, Clone, Copy)]
pub struct DocField {
    /// The key in the exported JSON object (`segment --json`'s, plus `id`).
    pub name: &'static str,
    pub kind: DocKind,
    /// A list of values rather than one.
    pub many: bool,
    /// Also counted and filtered by its whole values (facets, `--person`, `--source`).
    pub whole: bool,
    /// Also searched as written, unstemmed (the headline: `TITLE_EXACT`).
    pub as_written: bool,
    /// The field of the local index that holds it (the same analysis; a unit test checks).
    pub local: &'static str,
}

const fn doc(name: &'static str, kind: DocKind, local: &'static str) -> DocField {
    DocField {
        name,
        kind,
        many: false,
        whole: false,
        as_written: false,
        local,
    }
}

/// The exported article, field by field, in the order of its JSON objects.
pub const DOCUMENT: &[DocField] = &[
    doc("id", DocKind::Exact, ID),
    doc("path", DocKind::Shown, PATH),
    doc("format", DocKind::Exact, FORMAT),
    DocField {
        as_written: true,
        ..doc("title", DocKind::Prose, TITLE)
    },
    doc("standfirst", DocKind::Prose, STANDFIRST),
    DocField {
        many: true,
        whole: true,
        ..doc("byline", DocKind::Words, BYLINE)
    },
    doc("date", DocKind::Date, DATE),
    DocField {
        whole: true,
        ..doc("source", DocKind::Words, SOURCE)
    },
    doc("url", DocKind::Words, URL),
    doc("lang", DocKind::Exact, LANG),
    doc("body", DocKind::Prose, BODY),
    DocField {
        many: true,
        whole: true,
        ..doc("people", DocKind::Names, PERSON)
    },
    DocField {
        many: true,
        whole: true,
        ..doc("orgs", DocKind::Names, ORG)
    },
    DocField {
        many: true,
        whole: true,
        ..doc("places", DocKind::Names, PLACE)
    },
    DocField {
        many: true,
        ..doc("keywords", DocKind::Words, KEYWORD)
    },
    doc("crawled", DocKind::ShownDate, CRAWLED),
];

/// Bumped whenever the schema or an analyzer changes, so that an old index is detected.
pub const SCHEMA_VERSION: u32 = 19;

/// Handles to every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub stemming: Field,
    pub id: Field,
    pub path: Field,
    pub format: Field,
    pub title: Field,
    pub title_exact: Field,
    pub standfirst: Field,
    pub byline: Field,
    pub byline_key: Field,
    pub date: Field,
    pub body: Field,
    pub lead: Field,
    pub source: Field,
    pub source_key: Field,
    pub url: Field,
    pub person: Field,
    pub person_key: Field,
    pub org: Field,
    pub org_key: Field,
    pub place: Field,
    pub place_key: Field,
    pub copy_signature: Field,
    pub copy_band: Field,
    pub lang: Field,
    pub keyword: Field,
    pub crawled: Field,
    pub file_key: Field,
}

/// Build the schema.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let prose = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PROSE_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Keys are matched lower-cased (filters) and counted as written (facets: the fast column
    // keeps the value untouched).
    let key = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEY_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast("raw");
    // First: see `STEMMING`.
    b.add_text_field(
        STEMMING,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEMMING_ANALYZER)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    b.add_text_field(ID, STRING | STORED);
    b.add_text_field(PATH, STORED);
    b.add_text_field(FORMAT, STRING | STORED);
    b.add_text_field(TITLE, prose.clone());
    b.add_text_field(
        TITLE_EXACT,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FOLD_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    b.add_text_field(STANDFIRST, prose.clone());
    b.add_text_field(BYLINE, text.clone());
    b.add_text_field(BYLINE_KEY, key.clone());
    b.add_date_field(
        DATE,
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field(BODY, prose);
    let indexed_only = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(PROSE_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    b.add_text_field(LEAD, indexed_only);
    b.add_text_field(SOURCE, text.clone());
    b.add_text_field(SOURCE_KEY, key.clone());
    // Words of the address (host, path parts), so that `url:example.com/news` finds it.
    b.add_text_field(URL, text.clone());
    // A name's words are searched as written (`person:putin`, phrases), one text per article
    // (see `analyzer::VALUE_GAP`); whole names are stored (shown) and a fast column (counted by
    // facets), never searched. (Shown from the column instead, a search of ten hits took some
    // milliseconds more: each name a look-up in the column's dictionary.) Not stemmed: a name
    // is not a word to inflect ("Williams" is not "William", "James" not "Jame"), and the stemmer
    // was a tenth of what indexing the names cost.
    let name_words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(FOLD_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let counted = TextOptions::default().set_stored().set_fast("raw");
    for (words, whole) in [(PERSON, PERSON_KEY), (ORG, ORG_KEY), (PLACE, PLACE_KEY)] {
        b.add_text_field(words, name_words.clone());
        b.add_text_field(whole, counted.clone());
    }
    b.add_u64_field(COPY_SIGNATURE, NumericOptions::default().set_fast());
    b.add_u64_field(COPY_BAND, INDEXED);
    b.add_text_field(LANG, STRING | STORED);
    b.add_text_field(KEYWORD, text.clone());
    b.add_date_field(CRAWLED, DateOptions::default().set_stored());
    b.add_text_field(FILE_KEY, STRING);
    b.build()
}

/// Whether `field` is prose, analysed in its article's language (see `STEMMING`).
pub fn is_prose(schema: &Schema, field: Field) -> bool {
    tokenizer_of(schema, field) == Some(PROSE_ANALYZER)
}

/// The analyzer that cuts `field`'s text into terms, when it is a text field that is indexed.
pub fn tokenizer_of(schema: &Schema, field: Field) -> Option<&str> {
    match schema.get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(options) => {
            options.get_indexing_options().map(|i| i.tokenizer())
        }
        _ => None,
    }
}

/// `text` as the index's terms in `field`, a field that is not prose (see
/// [`analyzer::analyse_as`](super::analyzer::analyse_as)).
pub fn analyse_in(schema: &Schema, field: Field, text: &str) -> Vec<String> {
    super::analyzer::analyse_as(tokenizer_of(schema, field).unwrap_or(TEXT_ANALYZER), text)
}

impl Fields {
    /// Resolve the handles in `schema`.
    ///
    /// # Errors
    /// The schema lacks one of our fields (an index from another program or version).
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            stemming: f(STEMMING)?,
            id: f(ID)?,
            path: f(PATH)?,
            format: f(FORMAT)?,
            title: f(TITLE)?,
            title_exact: f(TITLE_EXACT)?,
            standfirst: f(STANDFIRST)?,
            byline: f(BYLINE)?,
            byline_key: f(BYLINE_KEY)?,
            date: f(DATE)?,
            body: f(BODY)?,
            lead: f(LEAD)?,
            source: f(SOURCE)?,
            source_key: f(SOURCE_KEY)?,
            url: f(URL)?,
            person: f(PERSON)?,
            person_key: f(PERSON_KEY)?,
            org: f(ORG)?,
            org_key: f(ORG_KEY)?,
            place: f(PLACE)?,
            place_key: f(PLACE_KEY)?,
            copy_signature: f(COPY_SIGNATURE)?,
            copy_band: f(COPY_BAND)?,
            lang: f(LANG)?,
            keyword: f(KEYWORD)?,
            crawled: f(CRAWLED)?,
            file_key: f(FILE_KEY)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stemming_language_is_analysed_before_the_prose() {
        let schema = build();
        let stemming = schema.get_field(STEMMING).unwrap();
        for name in [TITLE, STANDFIRST, LEAD, BODY] {
            let field = schema.get_field(name).unwrap();
            assert!(is_prose(&schema, field), "{name}");
            assert!(stemming < field, "{name}");
        }
        for name in [TITLE_EXACT, BYLINE, SOURCE, URL, PERSON, KEYWORD] {
            assert!(
                !is_prose(&schema, schema.get_field(name).unwrap()),
                "{name}"
            );
        }
    }

    #[test]
    fn each_exported_field_is_analysed_as_its_local_field() {
        let schema = build();
        for doc in DOCUMENT {
            let field = schema.get_field(doc.local).unwrap();
            let expected = match doc.kind {
                DocKind::Prose => Some(PROSE_ANALYZER),
                DocKind::Words => Some(TEXT_ANALYZER),
                DocKind::Names => Some(FOLD_ANALYZER),
                DocKind::Exact => Some("raw"),
                DocKind::Date | DocKind::Shown | DocKind::ShownDate => None,
            };
            assert_eq!(tokenizer_of(&schema, field), expected, "{}", doc.name);
        }
    }

    #[test]
    fn names_are_searched_as_written() {
        let schema = build();
        let person = schema.get_field(PERSON).unwrap();
        assert_eq!(analyse_in(&schema, person, "Williams"), ["williams"]);
        assert_eq!(
            analyse_in(&schema, person, "José Álvarez"),
            ["jose", "alvarez"]
        );
        let byline = schema.get_field(BYLINE).unwrap();
        assert_eq!(analyse_in(&schema, byline, "Williams"), ["william"]);
    }
}
