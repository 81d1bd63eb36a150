//! Ingest: from files on disk to [`Article`]s. Knows nothing of the index.
//!
//! - [`walk`](mod@walk) lists an archive's files, each once, under its real path.
//! - [`load`](mod@load) reads one file: bounded, gzip undone, format by extension and by
//!   sniffing, text decoded ([`decode`]), JSON parsed ([`json`]).
//! - [`extract_batch`] turns loaded files into articles with `extract`: plain-text pages of one
//!   folder are segmented together, so that lines recurring across them are known as furniture.

pub mod csv;
pub mod decode;
pub mod json;
pub mod load;
pub mod sgml;
pub mod walk;
pub mod warc;
pub mod xml;

use std::fmt;

use crate::article::{Article, Format};
use crate::extract::boilerplate::{drop_furniture, Boilerplate};
use crate::extract::html;
use crate::extract::text::segment_text;
pub use load::load;
pub use walk::{walk, SourceFile, WalkOptions};

/// Why a file yielded no article. The variants are what the end-of-run summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    Empty,
    Binary,
    TooLarge,
    InvalidJson,
    InvalidXml,
    NoArticle,
    /// Gone between the walk and the read.
    Vanished,
    /// A symbolic link to nothing, or a loop of links: there is no file to read.
    BrokenLink,
    /// The file could not be read (permissions, an I/O error).
    Unreadable,
    /// Damaged data: a gzip stream that breaks off, a `.gz` that is not gzip.
    Corrupt,
    /// A device, a pipe or a folder given where a file was expected.
    NotAFile,
}

impl SkipReason {
    /// Whether the file could not be read at all (as opposed to read and found to hold no
    /// article): every command reports such a file and ends with exit status 2 once the other
    /// files are done.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable | SkipReason::Corrupt | SkipReason::NotAFile
        )
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::InvalidJson => "invalid JSON",
            SkipReason::InvalidXml => "invalid XML",
            SkipReason::NoArticle => "no article",
            SkipReason::Vanished => "vanished",
            SkipReason::BrokenLink => "broken link",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Corrupt => "corrupt",
            SkipReason::NotAFile => "not a file",
        })
    }
}

/// A file that was skipped, and why, in words for the user.
#[derive(Debug, Clone)]
pub struct Skip {
    pub reason: SkipReason,
    pub detail: String,
}

impl Skip {
    pub fn new(reason: SkipReason, detail: impl Into<String>) -> Skip {
        Skip {
            reason,
            detail: detail.into(),
        }
    }
}

/// A file's content after reading, before segmentation.
#[derive(Debug)]
pub struct Loaded {
    pub format: Format,
    pub payload: Payload,
    /// Things repaired on the way (encoding guessed, JSON lines skipped), one note each.
    pub notes: Vec<String>,
}

/// What a file held.
#[derive(Debug)]
pub enum Payload {
    /// A page of text still to be segmented.
    Text(String),
    /// A web page still to be extracted.
    Html(String),
    /// Articles already split into fields (JSON), with their position in the file.
    Articles(Vec<(usize, Article)>),
}

/// Articles from one file.
#[derive(Debug)]
pub struct FileArticles {
    pub file: SourceFile,
    pub format: Format,
    /// (position in the file, article).
    pub articles: Vec<(usize, Article)>,
    pub notes: Vec<String>,
}

/// Read and extract a batch of files (best: files of one folder). Problems come back per file;
/// notes about repairs travel with each file's articles.
pub fn read_batch(files: Vec<SourceFile>) -> Vec<Result<FileArticles, (SourceFile, Skip)>> {
    let mut loaded = Vec::with_capacity(files.len());
    let mut failed = Vec::new();
    for file in files {
        match load(&file.path) {
            Ok(l) => loaded.push((file, l)),
            Err(skip) => failed.push(Err((file, skip))),
        }
    }
    let mut results = extract_batch(loaded);
    results.extend(failed);
    results
}

/// Turn loaded files into articles. Text pages in the batch are segmented with the furniture
/// lines learnt from the batch itself, and web pages lose the paragraphs that recur across
/// them, so callers should batch files of the same folder.
pub fn extract_batch(
    files: Vec<(SourceFile, Loaded)>,
) -> Vec<Result<FileArticles, (SourceFile, Skip)>> {
    let text_furniture = Boilerplate::learn(files.iter().filter_map(|(_, l)| match &l.payload {
        Payload::Text(t) => Some(t.as_str()),
        _ => None,
    }));
    // Pages are extracted first: their furniture is learnt from what the extractor kept.
    let files: Vec<FileArticles> = files
        .into_iter()
        .map(|(file, loaded)| {
            let mut notes = loaded.notes;
            let articles = match loaded.payload {
                Payload::Text(text) => {
                    vec![(0, segment_text(&text, &text_furniture))]
                }
                Payload::Html(page) => {
                    let extracted = html::extract(&page);
                    notes.extend(extracted.notes);
                    vec![(0, extracted.article)]
                }
                Payload::Articles(articles) => articles,
            };
            FileArticles {
                file,
                format: loaded.format,
                articles,
                notes,
            }
        })
        .collect();
    // Web pages, loose or captured in a web archive, lose the paragraphs that recur across
    // them alike: a page gives the same article either way.
    let is_pages = |format: Format| matches!(format, Format::Html | Format::Warc);
    let page_bodies: Vec<String> = files
        .iter()
        .filter(|f| is_pages(f.format))
        .flat_map(|f| &f.articles)
        .map(|(_, a)| a.body.join("\n"))
        .collect();
    let page_furniture = Boilerplate::learn(page_bodies.iter().map(String::as_str));
    files
        .into_iter()
        .map(|mut found| {
            if is_pages(found.format) && !page_furniture.is_empty() {
                for (_, article) in &mut found.articles {
                    drop_furniture(article, &page_furniture);
                }
            }
            found.articles.retain(|(_, a)| !a.is_empty());
            for (_, article) in &mut found.articles {
                // An article that does not state its language: its words say it.
                if article.lang.is_none() {
                    article.lang = detect_language(article);
                }
                let named = crate::extract::entities::find(article);
                article.people = named.people;
                article.orgs = named.orgs;
                article.places = named.places;
                article.copy_signature = crate::extract::copies::signature(article);
            }
            if found.articles.is_empty() {
                let detail = match found.format {
                    Format::Text => "no title or body text found",
                    Format::Html => "no article text found on the page",
                    Format::Json | Format::Jsonl => "no object with a title or body",
                    Format::Warc => "no captured HTML page with article text",
                    Format::Nitf | Format::NewsMl => "no news item with a headline or text",
                    Format::Feed => "no item with a title or text",
                    Format::Sgml => "no record with a title or body",
                    Format::Csv => "no row with a title or body column filled",
                };
                return Err((found.file, Skip::new(SkipReason::NoArticle, detail)));
            }
            Ok(found)
        })
        .collect()
}

/// The language of an article's own words (title, standfirst, body), when detection is sure.
fn detect_language(article: &Article) -> Option<String> {
    let mut text = String::new();
    for part in article
        .title
        .iter()
        .chain(&article.standfirst)
        .chain(&article.body)
    {
        text.push_str(part);
        text.push('\n');
        if text.len() > crate::lang::DETECTION_BYTES {
            break;
        }
    }
    crate::lang::detect(&text).map(str::to_string)
}
