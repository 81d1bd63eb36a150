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
use std::io::BufRead;

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
    /// A web archive, still to be read a record at a time (it may hold gigabytes).
    Warc(WarcStream),
}

/// The (inflated) stream of a web archive, positioned at its start.
pub struct WarcStream(pub Box<dyn BufRead>);

impl fmt::Debug for WarcStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WarcStream")
    }
}

/// Articles from one file, or from a part of one: a web archive comes in parts, so that memory
/// holds a part of it, not all of it.
#[derive(Debug)]
pub struct FileArticles {
    pub file: SourceFile,
    pub format: Format,
    /// (position in the file, article).
    pub articles: Vec<(usize, Article)>,
    pub notes: Vec<String>,
    /// Articles of this file came in an earlier part.
    pub continued: bool,
    /// More articles of this file follow in a later part.
    pub more: bool,
}

/// A file read, or why not.
pub type FileResult = Result<FileArticles, (SourceFile, Skip)>;

/// Read and extract a batch of files (best: files of one folder), each file whole. Problems come
/// back per file; notes about repairs travel with each file's articles.
pub fn read_batch(files: Vec<SourceFile>) -> Vec<FileResult> {
    let mut results = Vec::new();
    read_batch_in_parts(files, usize::MAX, &mut |result| results.push(result));
    results
}

/// Read and extract a batch of files, handing each result to `emit`: a web archive in parts of
/// at most `part_size` articles as they are read (in order, the last with `more` false), the
/// other files whole once the batch is extracted.
pub fn read_batch_in_parts(
    files: Vec<SourceFile>,
    part_size: usize,
    emit: &mut dyn FnMut(FileResult),
) {
    let mut loaded = Vec::with_capacity(files.len());
    let mut failed = Vec::new();
    for file in files {
        match load(&file.path) {
            Ok(Loaded {
                payload: Payload::Warc(stream),
                notes,
                ..
            }) => read_warc(file, stream, notes, part_size.max(1), emit),
            Ok(l) => loaded.push((file, l)),
            Err(skip) => failed.push(Err((file, skip))),
        }
    }
    for result in extract_batch(loaded) {
        emit(result);
    }
    for result in failed {
        emit(result);
    }
}

/// A web archive's pages, `part_size` at a time.
fn read_warc(
    file: SourceFile,
    stream: WarcStream,
    mut notes: Vec<String>,
    part_size: usize,
    emit: &mut dyn FnMut(FileResult),
) {
    let mut reader = warc::Reader::new(stream.0);
    let mut continued = false;
    loop {
        let mut articles = Vec::new();
        while articles.len() < part_size {
            match reader.next_article() {
                Some(found) => articles.push(found),
                None => break,
            }
        }
        let more = articles.len() == part_size;
        if !more {
            notes.extend(reader.notes());
        }
        let part = FileArticles {
            file: file.clone(),
            format: Format::Warc,
            articles,
            notes: if more {
                Vec::new()
            } else {
                std::mem::take(&mut notes)
            },
            continued,
            more,
        };
        emit(finish(vec![part]).pop().expect("one part in, one out"));
        if !more {
            return;
        }
        continued = true;
    }
}

/// Turn loaded files into articles. Text pages in the batch are segmented with the furniture
/// lines learnt from the batch itself, and web pages lose the paragraphs that recur across
/// them, so callers should batch files of the same folder.
pub fn extract_batch(files: Vec<(SourceFile, Loaded)>) -> Vec<FileResult> {
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
                Payload::Warc(stream) => {
                    let found = warc::read(stream.0);
                    notes.extend(found.notes);
                    found.articles
                }
            };
            FileArticles {
                file,
                format: loaded.format,
                articles,
                notes,
                continued: false,
                more: false,
            }
        })
        .collect();
    finish(files)
}

/// What every article gets once its file is read: web pages lose the paragraphs that recur
/// across the pages given together; empty articles go; the language is detected where none is
/// stated; names and the copy signature are found. A file left without articles is a skip.
fn finish(mut files: Vec<FileArticles>) -> Vec<FileResult> {
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
    for found in &mut files {
        if is_pages(found.format) && !page_furniture.is_empty() {
            for (_, article) in &mut found.articles {
                drop_furniture(article, &page_furniture);
            }
        }
        found.articles.retain(|(_, a)| !a.is_empty());
    }
    // Each step over the whole batch in turn rather than article by article, so that the entity
    // tagger's table of weights (590 KB) is not pushed out of the core's cache by language
    // detection between articles (on the 20k archive 4% less wall time in one set of five
    // alternating runs: within this machine's noise, not shown beyond it).
    for article in articles_of(&mut files) {
        // An article that does not state its language: its words say it.
        if article.lang.is_none() {
            article.lang = detect_language(article);
        }
    }
    for article in articles_of(&mut files) {
        let named = crate::extract::entities::find(article);
        article.people = named.people;
        article.orgs = named.orgs;
        article.places = named.places;
    }
    for article in articles_of(&mut files) {
        article.copy_signature = crate::extract::copies::signature(article);
    }
    files
        .into_iter()
        .map(|found| {
            // A part of a web archive may hold no page; the archive as a whole is judged.
            if found.articles.is_empty() && !found.continued && !found.more {
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

/// Every article of a batch of files.
fn articles_of(files: &mut [FileArticles]) -> impl Iterator<Item = &mut Article> {
    files
        .iter_mut()
        .flat_map(|f| &mut f.articles)
        .map(|(_, article)| article)
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
