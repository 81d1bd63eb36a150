//! Ingest: from files on disk to [`Article`]s. Knows nothing of the index.
//!
//! - [`walk`] lists an archive's files (hidden ones skipped, links followed only on request).
//! - [`load`] reads one file: gzip, encodings, format by extension and by sniffing.
//! - [`segment_batch`] turns loaded files into articles; plain-text pages of one folder are
//!   segmented together so that lines recurring across them are recognised as furniture.

pub mod decode;
pub mod json;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use walkdir::WalkDir;

use crate::article::Article;
use crate::html;
use crate::segment::{segment_text, Boilerplate};
use decode::{declared_charset, decode_declared, gunzip, is_gzip, Decoded, NotText};

/// Largest plain-text file taken as one article. Beyond it a file is a dump, a log or a book,
/// and would drown the index in one hit.
pub const MAX_TEXT_BYTES: u64 = 8_000_000;
/// Largest web page read. Pages this size are scripts and inline images; the prepass strips
/// those and reads at most a few MB of what is left (`html::prepass`).
pub const MAX_HTML_BYTES: u64 = 100_000_000;
/// Largest JSON export read (it is parsed in memory).
pub const MAX_JSON_BYTES: u64 = 2_000_000_000;

/// The formats morgue recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Html,
}

impl Format {
    /// The name used in JSON output and the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
        }
    }
}

/// Why a file yielded no article. The variants are what the end-of-run summary counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    Empty,
    Binary,
    TooLarge,
    Unreadable,
    InvalidJson,
    NoArticle,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::InvalidJson => "invalid JSON",
            SkipReason::NoArticle => "no article",
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
    fn new(reason: SkipReason, detail: impl Into<String>) -> Skip {
        Skip {
            reason,
            detail: detail.into(),
        }
    }
}

/// A file found in the archive.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// "<archive folder name>/<path inside the archive>": the basis of stable article ids.
    pub key: String,
    /// Size in bytes, from the walk.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch, from the walk (0 when unknown).
    pub mtime_ns: i64,
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

/// One item of an archive walk: a file to read, or a problem to report.
pub type WalkItem = Result<SourceFile, (PathBuf, Skip)>;

/// List the files under each root in a stable order (files of a folder before its subfolders,
/// then by name). Hidden files and folders are skipped; symbolic links are followed only with
/// `follow`, and a link loop is reported rather than followed forever.
pub fn walk(roots: &[PathBuf], follow: bool) -> impl Iterator<Item = WalkItem> + '_ {
    roots.iter().flat_map(move |root| {
        let root_name = root_name(root);
        let walker = WalkDir::new(root)
            .follow_links(follow)
            .sort_by(|a, b| {
                a.file_type()
                    .is_dir()
                    .cmp(&b.file_type().is_dir())
                    .then(a.file_name().cmp(b.file_name()))
            })
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        walker.filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let rel = if rel.as_os_str().is_empty() {
                    Path::new(e.file_name())
                } else {
                    rel
                };
                let key = match &root_name {
                    Some(name) if e.depth() > 0 => format!("{}/{}", name, slash_path(rel)),
                    _ => slash_path(rel),
                };
                let meta = e.metadata().ok();
                let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
                let mtime_ns = meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
                Some(Ok(SourceFile {
                    path: e.path().to_path_buf(),
                    key,
                    size,
                    mtime_ns,
                }))
            }
            Ok(_) => None,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let detail = if err.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), ToString::to_string)
                };
                Some(Err((path, Skip::new(SkipReason::Unreadable, detail))))
            }
        })
    })
}

/// What the archive keys of every file under the folder `root` start with ("corpus/"); `None`
/// for a single file, whose key is its own.
pub fn archive_prefix(root: &Path) -> Option<String> {
    root_name(root).map(|name| format!("{name}/"))
}

/// The archive folder's own name ("corpus" for `./corpus/`), so that two archives holding the
/// same relative paths do not share ids.
fn root_name(root: &Path) -> Option<String> {
    let canonical = root.canonicalize().ok()?;
    if canonical.is_file() {
        return None;
    }
    canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read one file: decompress, recognise its format, decode its text, parse JSON.
///
/// # Errors
/// A [`Skip`] saying why the file holds no readable article.
pub fn load(path: &Path) -> Result<Loaded, Skip> {
    let size = std::fs::metadata(path)
        .map_err(|e| Skip::new(SkipReason::Unreadable, e.to_string()))?
        .len();
    let mut name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let ext = extension(&name);
    if ext == "gz" {
        name.truncate(name.len() - 3);
    }
    let inner_ext = extension(&name);
    let limit = match inner_ext.as_str() {
        "json" | "jsonl" | "ndjson" => MAX_JSON_BYTES,
        // Unnamed files may be web pages; the text limit is applied once they are known not to be.
        "html" | "htm" | "xhtml" | "shtml" | "" => MAX_HTML_BYTES,
        _ => MAX_TEXT_BYTES,
    };
    if size > limit && ext != "gz" {
        return Err(too_large(size, limit));
    }
    let mut bytes =
        std::fs::read(path).map_err(|e| Skip::new(SkipReason::Unreadable, e.to_string()))?;
    let mut notes = Vec::new();
    if is_gzip(&bytes) {
        bytes = gunzip(&bytes, limit).map_err(|e| {
            if e.kind() == std::io::ErrorKind::Other {
                Skip::new(SkipReason::TooLarge, format!("gzip {e}"))
            } else {
                Skip::new(SkipReason::Unreadable, format!("corrupt gzip: {e}"))
            }
        })?;
    } else if ext == "gz" {
        return Err(Skip::new(
            SkipReason::Unreadable,
            "named .gz but not gzip data",
        ));
    }
    // A page's own charset declaration beats a guess (but not a BOM or valid UTF-8).
    let declared = if bytes.trim_ascii_start().starts_with(b"<") {
        declared_charset(&bytes)
    } else {
        None
    };
    let Decoded { text, repaired } = decode_declared(&bytes, declared).map_err(|e| match e {
        NotText::Empty => Skip::new(SkipReason::Empty, "no text"),
        NotText::Binary => Skip::new(SkipReason::Binary, "binary content, not text"),
    })?;
    notes.extend(repaired);
    let format = detect_format(&inner_ext, &text);
    let payload = match format {
        Format::Html => Payload::Html(text),
        Format::Text => {
            if text.len() as u64 > MAX_TEXT_BYTES {
                return Err(too_large(text.len() as u64, MAX_TEXT_BYTES));
            }
            Payload::Text(text)
        }
        Format::Json => {
            let articles = json::articles_from_json(&text)
                .map_err(|e| Skip::new(SkipReason::InvalidJson, format!("invalid JSON: {e}")))?;
            Payload::Articles(articles)
        }
        Format::Jsonl => {
            let (articles, bad) = read_json_lines(&text);
            if !bad.is_empty() {
                notes.push(format!(
                    "skipped {} bad line(s): {}",
                    bad.len(),
                    summarise_lines(&bad)
                ));
            }
            Payload::Articles(articles)
        }
    };
    Ok(Loaded {
        format,
        payload,
        notes,
    })
}

fn too_large(size: u64, limit: u64) -> Skip {
    Skip::new(
        SkipReason::TooLarge,
        format!(
            "too large for one article ({:.1} MB, limit {} MB); split it into one file per article or a .jsonl",
            size as f64 / 1e6,
            limit / 1_000_000
        ),
    )
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The format from the extension, else from the first characters.
fn detect_format(ext: &str, text: &str) -> Format {
    match ext {
        "txt" | "text" => return Format::Text,
        "json" => return Format::Json,
        "jsonl" | "ndjson" => return Format::Jsonl,
        "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
        _ => {}
    }
    let start = text.trim_start();
    if start.starts_with('[') {
        Format::Json
    } else if start.starts_with('{') {
        // One object per line, or one object over many lines.
        let mut lines = start.lines().filter(|l| !l.trim().is_empty());
        let first_two = (lines.next(), lines.next());
        match first_two {
            (Some(a), Some(b))
                if a.trim_end().ends_with('}') && b.trim_start().starts_with('{') =>
            {
                Format::Jsonl
            }
            _ => Format::Json,
        }
    } else if start.starts_with('<') && looks_like_html(start) {
        Format::Html
    } else {
        Format::Text
    }
}

fn looks_like_html(start: &str) -> bool {
    let head: String = start.chars().take(1024).collect::<String>().to_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<div",
        "<p>",
        "<article",
    ]
    .iter()
    .any(|t| head.contains(t))
}

/// Articles from JSON Lines; a bad line is skipped and its number returned, the rest are kept.
fn read_json_lines(text: &str) -> (Vec<(usize, Article)>, Vec<usize>) {
    let mut articles = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(obj)) => {
                if let Some(article) = json::article_from_object(&obj) {
                    articles.push((n, article));
                }
            }
            _ => bad.push(n + 1),
        }
    }
    (articles, bad)
}

fn summarise_lines(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(|n| format!("line {n}")).collect();
    let more = if lines.len() > 5 {
        format!(" and {} more", lines.len() - 5)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

/// Read and segment a batch of files (best: files of one folder). Problems come back per file;
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
    let mut results = segment_batch(loaded);
    results.extend(failed);
    results
}

/// Turn loaded files into articles. Text pages in the batch are segmented with the furniture
/// lines learnt from the batch itself, and web pages lose the paragraphs that recur across
/// them, so callers should batch files of the same folder.
pub fn segment_batch(
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
                Payload::Text(text) => vec![(0, segment_text(&text, &text_furniture))],
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
    let page_bodies: Vec<String> = files
        .iter()
        .filter(|f| f.format == Format::Html)
        .filter_map(|f| f.articles.first())
        .map(|(_, a)| a.body.join("\n"))
        .collect();
    let page_furniture = Boilerplate::learn(page_bodies.iter().map(String::as_str));
    files
        .into_iter()
        .map(|mut found| {
            if found.format == Format::Html && !page_furniture.is_empty() {
                for (_, article) in &mut found.articles {
                    drop_furniture(article, &page_furniture);
                }
            }
            found.articles.retain(|(_, a)| !a.is_empty());
            if found.articles.is_empty() {
                let detail = match found.format {
                    Format::Text => "no title or body text found",
                    Format::Html => "no article text found on the page",
                    _ => "no object with a title or body",
                };
                return Err((found.file, Skip::new(SkipReason::NoArticle, detail)));
            }
            Ok(found)
        })
        .collect()
}

/// Paragraphs longer than this are never taken for furniture: a long paragraph recurring is
/// the same story saved twice (wire copy), not a site's chrome.
const MAX_FURNITURE_WORDS: usize = 40;

/// Remove a page's paragraphs that recur across its folder, unless that would take most of
/// the body (then the pages are copies of one story, not pages sharing chrome).
fn drop_furniture(article: &mut Article, furniture: &Boilerplate) {
    let kept: Vec<String> = article
        .body
        .iter()
        .filter(|p| {
            p.split_whitespace().count() > MAX_FURNITURE_WORDS || !furniture.is_furniture(p)
        })
        .cloned()
        .collect();
    if kept.len() * 2 >= article.body.len() {
        article.body = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension_then_content() {
        assert_eq!(detect_format("txt", "{}"), Format::Text);
        assert_eq!(detect_format("", "[{\"title\": 1}]"), Format::Json);
        assert_eq!(detect_format("", "{\"a\":1}\n{\"a\":2}\n"), Format::Jsonl);
        assert_eq!(detect_format("", "{\n \"a\": 1\n}"), Format::Json);
        assert_eq!(detect_format("", "<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            detect_format("md", "<unknown> tag-like start"),
            Format::Text
        );
        assert_eq!(detect_format("", "Plain words"), Format::Text);
    }

    #[test]
    fn bad_json_lines_are_skipped_alone() {
        let (articles, bad) = read_json_lines("{\"title\":\"A\"}\n{broken\n\n{\"title\":\"B\"}\n");
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[1].0, 3);
        assert_eq!(bad, vec![2]);
    }
}
