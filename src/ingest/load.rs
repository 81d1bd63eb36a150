//! Reading one file: only regular files, every read bounded, gzip undone, the format recognised
//! by extension and by content, the text decoded, JSON parsed.
//!
//! Nothing here trusts the file: a size the file system reports may be wrong (`/proc`, a file
//! growing while it is read), so each read stops at its limit whatever the size said; JSON Lines
//! are read one record at a time, and a record over [`MAX_RECORD_BYTES`] is skipped unread.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::decode::{declared_charset, decode_declared, Decoded, NotText};
use super::xml::{self, XmlError};
use super::{csv, json, sgml, warc, Loaded, Payload, Skip, SkipReason, WarcStream};
use crate::article::{Article, Format};

/// Largest plain-text file taken as one article. Beyond it a file is a dump, a log or a book,
/// and would drown the index in one hit.
pub const MAX_TEXT_BYTES: u64 = 8_000_000;
/// Largest web page read. Pages this size are scripts and inline images; the prepass strips
/// those and reads at most a few MB of what is left (`extract::html::prepass`).
pub const MAX_HTML_BYTES: u64 = 100_000_000;
/// Largest JSON document read (it is parsed whole, in memory, where a document of small values
/// takes several times its size: a larger export belongs in JSON Lines, read a record at a time).
pub const MAX_JSON_BYTES: u64 = 64_000_000;
/// Largest JSON Lines file read (inflated); records past it are left, with a note.
pub const MAX_JSON_LINES_BYTES: u64 = 2_000_000_000;
/// Largest JSON Lines record: a longer line is skipped, and never held in memory whole.
pub const MAX_RECORD_BYTES: usize = 16_000_000;

/// Read one file: decompress, recognise its format, decode its text, parse JSON.
///
/// # Errors
/// A [`Skip`] saying why the file holds no readable article.
pub fn load(path: &Path) -> Result<Loaded, Skip> {
    // Asked before opening: opening a FIFO blocks until something writes to it.
    let meta = std::fs::metadata(path).map_err(|e| open_error(&e))?;
    if meta.is_dir() {
        return Err(Skip::new(
            SkipReason::NotAFile,
            "a folder, not a file (give its files, or index it with `morgue index`)",
        ));
    }
    if !meta.is_file() {
        // A device or a FIFO: reading one could block, or never end.
        return Err(Skip::new(
            SkipReason::NotAFile,
            "not a regular file (a device or a pipe)",
        ));
    }
    let file = File::open(path).map_err(|e| open_error(&e))?;
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
        "json" => MAX_JSON_BYTES,
        "jsonl" | "ndjson" => MAX_JSON_LINES_BYTES,
        // Unnamed files may be web pages; the text limit is applied once they are known not to be.
        "html" | "htm" | "xhtml" | "shtml" | "" => MAX_HTML_BYTES,
        // Files of many articles, parsed whole.
        "xml" | "nitf" | "rss" | "atom" | "sgm" | "sgml" | "csv" | "tsv" => MAX_JSON_BYTES,
        _ => MAX_TEXT_BYTES,
    };
    let mut reader = BufReader::new(file);
    let gzip = reader
        .fill_buf()
        .map_err(|e| open_error(&e))?
        .starts_with(&[0x1f, 0x8b]);
    if ext == "gz" && !gzip {
        return Err(Skip::new(
            SkipReason::Corrupt,
            "named .gz but not gzip data",
        ));
    }
    let mut input: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::new(MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    };
    // A web archive is read a record at a time, whatever its size or name.
    if warc::looks_like_warc(input.fill_buf().map_err(|e| read_error(&e, gzip))?) {
        return Ok(Loaded {
            format: Format::Warc,
            payload: Payload::Warc(WarcStream(input)),
            notes: Vec::new(),
        });
    }
    if meta.len() > limit && ext != "gz" {
        return Err(too_large(meta.len(), limit));
    }
    if matches!(inner_ext.as_str(), "jsonl" | "ndjson") && !starts_utf16(&mut input, gzip)? {
        return read_json_lines(input, limit, gzip);
    }
    let mut bytes = Vec::new();
    let mut nul_note = None;
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(&e, gzip))?;
    if bytes.len() as u64 > limit {
        return Err(if gzip {
            Skip::new(
                SkipReason::TooLarge,
                format!("gzip inflates to more than {} MB", limit / 1_000_000),
            )
        } else {
            too_large(bytes.len() as u64, limit)
        });
    }
    // A NUL byte in a table of articles is one damaged value, not a binary file.
    if matches!(inner_ext.as_str(), "csv" | "tsv") && bytes.contains(&0) {
        let before = bytes.len();
        bytes.retain(|&b| b != 0);
        nul_note = Some(format!("{} NUL byte(s) removed", before - bytes.len()));
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
    drop(bytes);
    let mut notes: Vec<String> = repaired.into_iter().collect();
    notes.extend(nul_note);
    let mut format = detect_format(&inner_ext, &text);
    let payload = match format {
        Format::Html => Payload::Html(text),
        Format::Text => {
            if text.len() as u64 > MAX_TEXT_BYTES {
                return Err(too_large(text.len() as u64, MAX_TEXT_BYTES));
            }
            Payload::Text(text)
        }
        Format::Json => {
            if text.len() as u64 > MAX_JSON_BYTES {
                return Err(Skip::new(
                    SkipReason::TooLarge,
                    format!(
                        "a JSON document of {:.1} MB (limit {} MB); write it as JSON Lines, one article a line",
                        text.len() as f64 / 1e6,
                        MAX_JSON_BYTES / 1_000_000
                    ),
                ));
            }
            let articles = json::articles_from_json(&text)
                .map_err(|e| Skip::new(SkipReason::InvalidJson, format!("invalid JSON: {e}")))?;
            Payload::Articles(articles)
        }
        Format::Jsonl => {
            let mut lines = JsonLines::default();
            for (n, line) in text.lines().enumerate() {
                lines.record(n, line.as_bytes());
            }
            notes.extend(lines.note());
            Payload::Articles(lines.articles)
        }
        Format::Nitf | Format::NewsMl | Format::Feed => match xml::articles(&text) {
            Ok(found) => {
                format = found.format;
                Payload::Articles(found.articles)
            }
            Err(XmlError::Invalid(e)) => {
                return Err(Skip::new(SkipReason::InvalidXml, format!("invalid XML: {e}")))
            }
            Err(XmlError::NotNews(root)) => {
                return Err(Skip::new(
                    SkipReason::NoArticle,
                    format!("XML whose root <{root}> is not a news format morgue reads (NITF, NewsML, RSS, Atom)"),
                ))
            }
        },
        Format::Sgml => Payload::Articles(sgml::articles(&text)),
        Format::Csv => {
            let found = csv::articles(&text, inner_ext == "tsv" || csv::is_tab_separated(&text));
            notes.extend(found.notes);
            Payload::Articles(found.articles)
        }
        Format::Warc => unreachable!("web archives are recognised before reading, above"),
    };
    Ok(Loaded {
        format,
        payload,
        notes,
    })
}

/// Whether a JSON Lines file is UTF-16 (a BOM): then it is decoded whole, as other text is.
fn starts_utf16(input: &mut Box<dyn BufRead>, gzip: bool) -> Result<bool, Skip> {
    let head = input.fill_buf().map_err(|e| read_error(&e, gzip))?;
    Ok(head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]))
}

/// JSON Lines, a record at a time: memory holds one record (at most [`MAX_RECORD_BYTES`]) and
/// the articles found, never the file.
fn read_json_lines(mut input: Box<dyn BufRead>, limit: u64, gzip: bool) -> Result<Loaded, Skip> {
    let mut lines = JsonLines::default();
    let mut line: Vec<u8> = Vec::new();
    let mut read: u64 = 0;
    let mut n = 0;
    let mut truncated = false;
    loop {
        line.clear();
        let (bytes, too_long) = read_capped_line(&mut input, &mut line, MAX_RECORD_BYTES)
            .map_err(|e| read_error(&e, gzip))?;
        if bytes == 0 {
            break;
        }
        read += bytes as u64;
        if read > limit {
            truncated = true;
            break;
        }
        if too_long {
            lines.too_long.push(n + 1);
        } else {
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            // A UTF-8 BOM opens the first record of some exports.
            let text = if n == 0 {
                text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text)
            } else {
                text
            };
            lines.record(n, text);
        }
        n += 1;
    }
    if read == 0 {
        return Err(Skip::new(SkipReason::Empty, "no text"));
    }
    let mut notes: Vec<String> = lines.note().into_iter().collect();
    if truncated {
        notes.push(format!(
            "only the first {} MB read (split the file to index the rest)",
            limit / 1_000_000
        ));
    }
    Ok(Loaded {
        format: Format::Jsonl,
        payload: Payload::Articles(lines.articles),
        notes,
    })
}

/// One line into `line` (with its newline), keeping at most `cap` bytes: the rest of a longer
/// line is read and dropped. Returns the bytes read and whether the line was longer than `cap`.
fn read_capped_line(
    input: &mut dyn BufRead,
    line: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(usize, bool)> {
    let mut read = 0;
    let mut too_long = false;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok((read, too_long));
        }
        let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (&buffer[..=i], true),
            None => (buffer, false),
        };
        if !too_long && line.len() + chunk.len() <= cap {
            line.extend_from_slice(chunk);
        } else if !too_long {
            too_long = true;
            line.clear();
            line.shrink_to(0);
        }
        let used = chunk.len();
        input.consume(used);
        read += used;
        if done {
            return Ok((read, too_long));
        }
    }
}

/// The articles of JSON Lines, and the lines that were not records.
#[derive(Default)]
struct JsonLines {
    /// (line number from 0, article).
    articles: Vec<(usize, Article)>,
    /// Line numbers (from 1) that are not JSON objects.
    bad: Vec<usize>,
    /// Line numbers (from 1) longer than [`MAX_RECORD_BYTES`].
    too_long: Vec<usize>,
}

impl JsonLines {
    /// Line `n` (from 0): an article, a blank line, or a bad line.
    fn record(&mut self, n: usize, line: &[u8]) {
        let line = line.trim_ascii();
        if line.is_empty() {
            return;
        }
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(obj)) => {
                if let Some(article) = json::article_from_object(&obj) {
                    self.articles.push((n, article));
                }
            }
            _ => self.bad.push(n + 1),
        }
    }

    /// What to tell the user about the lines skipped.
    fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.bad.is_empty() {
            parts.push(format!(
                "skipped {} bad line(s): {}",
                self.bad.len(),
                summarise_lines(&self.bad)
            ));
        }
        if !self.too_long.is_empty() {
            parts.push(format!(
                "skipped {} record(s) over {} MB: {}",
                self.too_long.len(),
                MAX_RECORD_BYTES / 1_000_000,
                summarise_lines(&self.too_long)
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
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

/// A file that cannot be opened: gone since it was listed, or unreadable.
fn open_error(e: &std::io::Error) -> Skip {
    if e.kind() == std::io::ErrorKind::NotFound {
        Skip::new(SkipReason::Vanished, "no longer there")
    } else {
        Skip::new(SkipReason::Unreadable, e.to_string())
    }
}

/// A read that failed midway: a corrupt gzip stream, or an I/O error.
fn read_error(e: &std::io::Error, gzip: bool) -> Skip {
    if gzip
        && matches!(
            e.kind(),
            std::io::ErrorKind::InvalidInput
                | std::io::ErrorKind::InvalidData
                | std::io::ErrorKind::UnexpectedEof
        )
    {
        Skip::new(SkipReason::Corrupt, format!("corrupt gzip: {e}"))
    } else {
        Skip::new(SkipReason::Unreadable, e.to_string())
    }
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
        "csv" | "tsv" => return Format::Csv,
        "sgm" | "sgml" => return Format::Sgml,
        _ => {}
    }
    let start = text.trim_start();
    if xml::looks_like_xml(start) {
        if let Some(format) = xml::sniff(start) {
            return format;
        }
        if ext == "xml" || !looks_like_html(start) {
            // Some other XML. Every XML format is read by `xml::articles`, which names the
            // format from the root, or says that it is not news.
            return Format::Nitf;
        }
    }
    if sgml::looks_like_sgml(start) {
        return Format::Sgml;
    }
    if matches!(ext, "" | "xml") && csv::looks_like_csv(start) {
        return Format::Csv;
    }
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
        let mut lines = JsonLines::default();
        for (n, line) in "{\"title\":\"A\"}\n{broken\n\n{\"title\":\"B\"}\n"
            .lines()
            .enumerate()
        {
            lines.record(n, line.as_bytes());
        }
        assert_eq!(lines.articles.len(), 2);
        assert_eq!(lines.articles[1].0, 3);
        assert_eq!(lines.bad, vec![2]);
    }

    #[test]
    fn long_lines_are_dropped_unread_and_the_next_one_read_whole() {
        let text = format!("{}\nshort\n", "x".repeat(100));
        let mut input = std::io::Cursor::new(text.into_bytes());
        let mut line = Vec::new();
        assert_eq!(
            read_capped_line(&mut input, &mut line, 10).unwrap(),
            (101, true)
        );
        assert!(line.is_empty());
        line.clear();
        assert_eq!(
            read_capped_line(&mut input, &mut line, 10).unwrap(),
            (6, false)
        );
        assert_eq!(line, b"short\n");
        line.clear();
        assert_eq!(
            read_capped_line(&mut input, &mut line, 10).unwrap(),
            (0, false)
        );
    }
}
