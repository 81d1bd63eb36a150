//! The JSON Lines wire format: every JSON line morgue prints is one [`Message`], an object whose
//! `"type"` says which. Other programs read it, so it is a contract:
//!
//! - fields are added in later versions, never renamed or removed; a consumer must ignore
//!   fields it does not know, and messages of a `type` it does not know;
//! - a field documented as "or null" is always present, as `null` when there is no value;
//! - dates are `"YYYY-MM-DD"` strings; byte offsets count UTF-8 bytes, end exclusive;
//! - text is as the archive had it, with JSON's escapes: control characters arrive escaped,
//!   and a consumer that prints them to a terminal must make them harmless itself;
//! - paths are the file's real path as lossless text: valid UTF-8 as it is, a backslash
//!   doubled, and each byte that is not UTF-8 as `\xNN` (see `ingest::walk::path_text`).
//!
//! # `morgue search --json`
//!
//! In this order: a `query` message (with `--explain`), one `hit` per hit (best first), a
//! `facets` message (with `--facets`), and one `summary`.
//!
//! - `{"type":"query"}`: how the query was read. `input` (string): as typed; `parsed` (string):
//!   the query after repair, in the grammar's own notation (`+` must, `-` must not, `field:term`,
//!   `"phrase"`); `terms` (strings): words searched, as the index holds them (lower-cased,
//!   folded, stemmed); `phrases` (strings); `aliases` (objects `{"name","variants":[…]}`): names
//!   an alias file widened; `fuzzy` (objects `{"word","distance"}`): `word~` searches;
//!   `prefixes` (strings): `word*` searches; `dropped` (strings): what was repaired or ignored,
//!   in words.
//! - `{"type":"hit"}`: one article. `rank` (1, 2, …); `score` (number: relevance, times the
//!   freshness factor under `--recent`); `id` (string: stable while the file stays where it
//!   is); `path` (string); `format` (`"text"`, `"html"`, `"json"`, `"jsonl"`, and later `"warc"`,
//!   `"nitf"`, `"newsml"`, `"feed"`, `"sgml"`, `"csv"`); `title`,
//!   `standfirst` (string or null); `byline` (strings); `date`, `source`, `url` (string or
//!   null); `snippets` (objects `{"field","text","highlights"}`: the title and standfirst when
//!   they matched, then body passages; `highlights` are `[start,end]` byte offsets into that
//!   snippet's `text`); added later: `people`, `orgs`, `places` (strings, as in `article`
//!   below), `copies` (the other articles that are copies of this story, earliest first, each
//!   `{"id","path","source","date"}`; they are not hits themselves; empty with `--all-copies`,
//!   where every copy is a hit); with `--explain` only, `explain`: `{"relevance": number,
//!   "matched":[{"field","term","score"}], "proximity": number, "recency": number or null,
//!   "named": number or null}` (`named`: when the query's words are names of people, the factor
//!   the relevance was multiplied by for their being this article's people).
//! - `{"type":"facets"}`: `facets`, an object per facet asked for (`source`, `byline`,
//!   `year`, `person`, `org`, `place`), each mapping a value to the number of matching articles,
//!   most frequent first; a name written in several ways across articles is one value (its
//!   commonest capitalisation; for people, a surname under the one full name it ends).
//! - `{"type":"summary"}`: `hits` (number printed), `total` (articles matching), `elapsed_ms`,
//!   `relaxed` (true when no article had every word and articles with any are shown),
//!   `suggestion` (string or null: a corrected query when nothing matched).
//!
//! # `morgue segment --json`
//!
//! - `{"type":"article"}` per article found, in the order of the files given: `path`,
//!   `format`, `title`, `standfirst` (string or null), `byline` (strings), `date`, `source`,
//!   `url`, `lang` (string or null; `lang` an ISO 639-1 code), `body` (string: paragraphs
//!   separated by one blank line); added later: `people`, `orgs`, `places` (strings: the
//!   people, organisations and places the title, standfirst and body name, each once, in the
//!   fullest form the article writes them, in order of first mention), `keywords` (strings:
//!   the subject keywords and tags the source gives, as written: NITF and NewsML keywords,
//!   feed categories, JSON `keywords`/`tags`, Reuters-21578's tags as `places:usa`), `crawled`
//!   (string or null: when a web archive captured the page; never the publication date).
//!   `format` is also `"warc"`, `"nitf"`, `"newsml"`, `"feed"`, `"sgml"` or `"csv"`.
//!
//! # `morgue export` chunks
//!
//! - One article a line, without `type`: `id` (first, so that line tools can read it), then
//!   the fields of `segment --json`'s `article` in the same order. The engines' mappings of these
//!   fields are generated from `index::schema::DOCUMENT`.
//!
//! # `morgue search --names FILE --json`
//!
//! - `{"type":"listed"}` per distinct name of the file, in its order: `name`, `total` (articles
//!   matching the name as a phrase, within the query when one is given), `top` (the best of them,
//!   as `sample` below, or null);
//! - then a `summary` (`hits` is the number of names with at least one article).
//!
//! # `morgue timeline --json`
//!
//! - `{"type":"bucket"}` per period, in order, empty ones included: `start` (the period's first
//!   day, `YYYY-MM-DD`; weeks start on Monday), `count`;
//! - then `{"type":"timeline"}`: `by` (`"day"`, `"week"`, `"month"` or `"year"`), `total`
//!   (articles matching, as `search` counts them), `undated` (of which in no bucket), `relaxed`.
//!
//! # `morgue people --json`
//!
//! - `{"type":"name"}` per name, most articles first: `kind` (`"person"`, `"org"` or
//!   `"place"`), `name`, `count` (matching articles that name it), `sample` (the best-ranked of
//!   them: `{"id","title","date","path"}`, `title` and `date` string or null; or null);
//! - then a `summary` as `search` prints it (`hits` is the number of names).
//!
//! # `morgue copies --json`
//!
//! - `{"type":"copies"}` per group of two or more copies of one story: `articles`, earliest
//!   first (undated last), each `{"id","path","title","source","date"}` (`title`, `source`,
//!   `date` string or null).
//!
//! # `morgue stats --json`
//!
//! - `{"type":"stats"}`: `articles`; `sources` (object: outlet → articles); `date_min`,
//!   `date_max` (string or null); `index_bytes`; `coverage` (`{"byline","date","standfirst"}`:
//!   shares of articles, 0 to 1).
//!
//! # `morgue serve`: the HTTP API
//!
//! Each answer is one JSON object (not lines), with no `type`:
//!
//! - `GET /api/search?q=…` (parameters as `search`'s flags: `since`, `until`, `source`, `byline`,
//!   `person`, `lang` (repeatable), `sort`, `recent`, `facets`, `fragments`, `all-copies`,
//!   `explain`, and `limit` (default 10, at most 100), `offset` (`offset + limit` at most
//!   1000)): [`SearchAnswer`]: `hits` (the `hit` objects above, `type` included, `rank`
//!   counting from `offset + 1`), `facets` (the `facets` object of the `facets` message, or
//!   null when none were asked for), `summary` (the `summary` message, `hits` being those of
//!   this answer).
//! - `GET /api/article/ID?q=…`: [`ArticleAnswer`]: the `article` object of `segment --json`
//!   (`type` included) and `id`, `copies` (`{"id","path","source","date"}`, earliest first),
//!   `highlights` (`{"title","standfirst","body"}`: byte ranges `[start,end]` of the words of
//!   `q` in the title, the standfirst, and in each body paragraph, paragraphs being `body`
//!   split at blank lines; empty without `q`).
//! - `GET /api/stats`: the `stats` object above.
//! - Errors: [`ErrorAnswer`], `{"error": "…"}`, with the status that fits: 400 for a
//!   parameter that is wrong (the message names it), 404 for an unknown id or path, 405 for
//!   a method other than GET, 503 when the server is busy or the search ran past its deadline.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::article::{iso_date, Article, Format};
use crate::search::explain::HitExplain;
use crate::search::facets::{self, Counts};
use crate::search::plan::Plan;
use crate::search::snippet::Snippet;
use crate::search::stats::Stats;
use crate::search::Hit;

/// Every JSON line morgue prints, tagged by `"type"`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message<'a> {
    Query(&'a Plan),
    Hit(HitMessage<'a>),
    Facets(FacetsMessage<'a>),
    Summary(SummaryMessage<'a>),
    Article(ArticleMessage<'a>),
    Stats(&'a Stats),
    Bucket(BucketMessage),
    Timeline(TimelineMessage),
    Name(NameMessage<'a>),
    Listed(ListedMessage<'a>),
    Copies(CopiesMessage<'a>),
}

/// A copy of a hit, as the hit lists it.
#[derive(Debug, Serialize)]
pub struct CopyRefMessage<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub source: Option<&'a str>,
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
}

impl<'a> CopyRefMessage<'a> {
    pub fn new(m: &'a crate::search::copies::Member) -> CopyRefMessage<'a> {
        CopyRefMessage {
            id: &m.id,
            path: &m.path,
            source: m.source.as_deref(),
            date: m.date,
        }
    }
}

/// One group of copies of a story, earliest first.
#[derive(Debug, Serialize)]
pub struct CopiesMessage<'a> {
    pub articles: Vec<CopyMessage<'a>>,
}

/// One copy: which article, where it is, and who published it when.
#[derive(Debug, Serialize)]
pub struct CopyMessage<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
}

impl<'a> CopyMessage<'a> {
    pub fn new(m: &'a crate::search::copies::Member) -> CopyMessage<'a> {
        CopyMessage {
            id: &m.id,
            path: &m.path,
            title: m.title.as_deref(),
            source: m.source.as_deref(),
            date: m.date,
        }
    }
}

/// One name of a `search --names` list: how many articles match it, and the best of them.
#[derive(Debug, Serialize)]
pub struct ListedMessage<'a> {
    pub name: &'a str,
    pub total: usize,
    pub top: Option<SampleMessage<'a>>,
}

/// One period of a timeline.
#[derive(Debug, Serialize)]
pub struct BucketMessage {
    #[serde(with = "iso_date")]
    pub start: Option<time::Date>,
    pub count: u64,
}

/// The close of a timeline.
#[derive(Debug, Serialize)]
pub struct TimelineMessage {
    pub by: &'static str,
    pub total: u64,
    pub undated: u64,
    pub relaxed: bool,
}

/// One name of `morgue people`, with how many matching articles name it and the best of them.
#[derive(Debug, Serialize)]
pub struct NameMessage<'a> {
    pub kind: &'static str,
    pub name: &'a str,
    pub count: u64,
    pub sample: Option<SampleMessage<'a>>,
}

/// An article shown as an example.
#[derive(Debug, Serialize)]
pub struct SampleMessage<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
    pub path: &'a str,
}

impl<'a> SampleMessage<'a> {
    pub fn new(hit: &'a Hit) -> SampleMessage<'a> {
        SampleMessage {
            id: &hit.id,
            title: hit.title.as_deref(),
            date: hit.date,
            path: &hit.path,
        }
    }
}

/// A hit: see the module doc.
#[derive(Debug, Serialize)]
pub struct HitMessage<'a> {
    pub rank: usize,
    pub score: f32,
    pub id: &'a str,
    pub path: &'a str,
    pub format: &'a str,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
    pub byline: &'a [String],
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub people: &'a [String],
    pub orgs: &'a [String],
    pub places: &'a [String],
    pub copies: Vec<CopyRefMessage<'a>>,
    pub snippets: Vec<SnippetMessage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<&'a HitExplain>,
}

impl<'a> HitMessage<'a> {
    pub fn new(rank: usize, hit: &'a Hit) -> HitMessage<'a> {
        HitMessage {
            rank,
            score: hit.score,
            id: &hit.id,
            path: &hit.path,
            format: &hit.format,
            title: hit.title.as_deref(),
            standfirst: hit.standfirst.as_deref(),
            byline: &hit.byline,
            date: hit.date,
            source: hit.source.as_deref(),
            url: hit.url.as_deref(),
            people: &hit.people,
            orgs: &hit.orgs,
            places: &hit.places,
            copies: hit.copies.iter().map(CopyRefMessage::new).collect(),
            snippets: hit.snippets.iter().map(SnippetMessage::from).collect(),
            explain: hit.explain.as_ref(),
        }
    }
}

/// A snippet: highlights as `[start, end]` byte pairs.
#[derive(Debug, Serialize)]
pub struct SnippetMessage<'a> {
    pub field: &'a str,
    pub text: &'a str,
    pub highlights: Vec<[usize; 2]>,
}

impl<'a> From<&'a Snippet> for SnippetMessage<'a> {
    fn from(s: &'a Snippet) -> Self {
        SnippetMessage {
            field: s.field,
            text: &s.text,
            highlights: s.highlights.iter().map(|r| [r.start, r.end]).collect(),
        }
    }
}

/// The closing message of a search.
#[derive(Debug, Serialize)]
pub struct SummaryMessage<'a> {
    pub hits: usize,
    pub total: usize,
    pub elapsed_ms: f64,
    pub relaxed: bool,
    pub suggestion: Option<&'a str>,
}

/// Counts per facet value over all matches (`--facets`).
#[derive(Debug, Serialize)]
pub struct FacetsMessage<'a> {
    pub facets: BTreeMap<&'static str, ByCount<'a>>,
}

impl<'a> FacetsMessage<'a> {
    pub fn new(counts: &'a Counts) -> FacetsMessage<'a> {
        FacetsMessage {
            facets: counts
                .iter()
                .map(|(f, c)| (f.name(), ByCount(facets::top(c, usize::MAX))))
                .collect(),
        }
    }
}

/// A facet's counts as a JSON object whose keys come most frequent first (readers that keep
/// key order show the top values first; the others lose nothing).
#[derive(Debug)]
pub struct ByCount<'a>(Vec<(&'a str, u64)>);

impl Serialize for ByCount<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (value, n) in &self.0 {
            map.serialize_entry(value, n)?;
        }
        map.end()
    }
}

/// One article as `morgue segment --json` prints it: the fields, the body paragraphs joined by a
/// blank line.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleMessage<'a> {
    pub path: &'a str,
    pub format: Format,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
    pub byline: &'a [String],
    #[serde(with = "iso_date")]
    pub date: Option<time::Date>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub body: String,
    pub people: &'a [String],
    pub orgs: &'a [String],
    pub places: &'a [String],
    pub keywords: &'a [String],
    #[serde(with = "iso_date")]
    pub crawled: Option<time::Date>,
}

impl<'a> ArticleMessage<'a> {
    /// The message for `article`, found in the file shown as `path`.
    pub fn new(path: &'a str, format: Format, article: &'a Article) -> ArticleMessage<'a> {
        ArticleMessage {
            path,
            format,
            title: article.title.as_deref(),
            standfirst: article.standfirst.as_deref(),
            byline: &article.byline,
            date: article.date,
            source: article.source.as_deref(),
            url: article.url.as_deref(),
            lang: article.lang.as_deref(),
            body: article.body_text(),
            people: &article.people,
            orgs: &article.orgs,
            places: &article.places,
            keywords: &article.keywords,
            crawled: article.crawled,
        }
    }
}

/// One line of a `morgue export` chunk: see the module doc.
#[derive(Debug, Serialize)]
pub struct ExportedArticle<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub article: ArticleMessage<'a>,
}

/// `GET /api/search`: see the module doc.
#[derive(Debug, Serialize)]
pub struct SearchAnswer<'a> {
    pub hits: Vec<Message<'a>>,
    pub facets: Option<BTreeMap<&'static str, ByCount<'a>>>,
    pub summary: Message<'a>,
}

/// `GET /api/article/ID`: see the module doc.
#[derive(Debug, Serialize)]
pub struct ArticleAnswer<'a> {
    #[serde(flatten)]
    pub article: Message<'a>,
    pub id: &'a str,
    pub copies: Vec<CopyRefMessage<'a>>,
    pub highlights: HighlightsMessage,
}

/// Where a query's words stand in an article, as byte ranges.
#[derive(Debug, Serialize)]
pub struct HighlightsMessage {
    pub title: Vec<[usize; 2]>,
    pub standfirst: Vec<[usize; 2]>,
    pub body: Vec<Vec<[usize; 2]>>,
}

/// An error answer of the HTTP API.
#[derive(Debug, Serialize)]
pub struct ErrorAnswer<'a> {
    pub error: &'a str,
}

/// Write one message as one line of JSON.
///
/// # Errors
/// Writing to `out` failed (a closed pipe included).
pub fn write_line<W: Write>(out: &mut W, message: &Message) -> io::Result<()> {
    serde_json::to_writer(&mut *out, message)?;
    out.write_all(b"\n")
}
