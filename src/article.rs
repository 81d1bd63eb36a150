//! `Article`: the plain record that flows from ingest to the index.
//!
//! It knows nothing of tantivy or of output formats; every stage agrees on it.

use serde::Serialize;
use time::Date;

/// One article, segmented into the fields a reader searches and sees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Headline.
    pub title: Option<String>,
    /// The dek: the sentence or two under the headline that sells the story.
    pub standfirst: Option<String>,
    /// Person names, without "By", roles or the outlet's name.
    pub byline: Vec<String>,
    /// Publication date (day precision: archives rarely agree on more).
    #[serde(with = "iso_date")]
    pub date: Option<Date>,
    /// Body paragraphs, in order.
    pub body: Vec<String>,
    /// The outlet, where the text says it.
    pub source: Option<String>,
    /// Canonical address of the article, where known.
    pub url: Option<String>,
    /// Language as a primary subtag ("en", "de"), where known.
    pub lang: Option<String>,
    /// People named in the title, standfirst and body (not the byline), each once, in the
    /// fullest form the article writes them.
    pub people: Vec<String>,
    /// Organisations named, likewise.
    pub orgs: Vec<String>,
    /// Places named, likewise.
    pub places: Vec<String>,
    /// Subject keywords and tags the source itself gives (NITF `key-list`, NewsML keywords,
    /// feed categories, Reuters-21578's TOPICS/PLACES/PEOPLE/ORGS as `people:reagan`), as
    /// written; never found by morgue.
    pub keywords: Vec<String>,
    /// When a web archive captured the page (WARC-Date): not the publication date, which
    /// the page itself may give.
    #[serde(with = "iso_date")]
    pub crawled: Option<Date>,
    /// The MinHash signature of the body's opening, by which copies of one story are found
    /// (`extract::copies`); `None` for a body too short to judge.
    #[serde(skip)]
    pub copy_signature: Option<Vec<u32>>,
}

impl Article {
    /// The body as one string, paragraphs separated by a blank line.
    pub fn body_text(&self) -> String {
        self.body.join("\n\n")
    }

    /// True when there is nothing worth indexing: no title and no body.
    pub fn is_empty(&self) -> bool {
        self.title.as_deref().is_none_or(str::is_empty) && self.body.iter().all(|p| p.is_empty())
    }
}

/// The formats morgue recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Html,
    /// A web archive (WARC 1.0/1.1, and 0.17): one article per captured HTML page.
    Warc,
    /// NITF 3.x, the agencies' article format.
    Nitf,
    /// NewsML-G2 (news items, messages) and NewsML 1.x.
    NewsMl,
    /// RSS 2.0, RSS 1.0 or Atom: one article per item.
    Feed,
    /// SGML records as Reuters-21578 is distributed (`<REUTERS>` elements).
    Sgml,
    /// CSV or TSV with a header row.
    Csv,
}

impl Format {
    /// Every format, for reading a name back.
    pub const ALL: [Format; 10] = [
        Format::Text,
        Format::Json,
        Format::Jsonl,
        Format::Html,
        Format::Warc,
        Format::Nitf,
        Format::NewsMl,
        Format::Feed,
        Format::Sgml,
        Format::Csv,
    ];

    /// The format whose name is `name` (as [`Format::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The name used in JSON output and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Nitf => "nitf",
            Format::NewsMl => "newsml",
            Format::Feed => "feed",
            Format::Sgml => "sgml",
            Format::Csv => "csv",
        }
    }
}

/// In JSON, a format is its name: the one spelling, [`Format::as_str`].
impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Dates serialise as `YYYY-MM-DD`, the form every consumer of our JSON can parse.
pub mod iso_date {
    use serde::Serializer;
    use time::Date;

    /// Serialise an optional date as `"YYYY-MM-DD"` or `null`.
    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_str(&format_date(*d)),
            None => s.serialize_none(),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn format_date(d: Date) -> String {
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}
