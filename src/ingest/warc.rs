//! Web archives: WARC 1.0/1.1 (and Heritrix's 0.17), plain, gzip per record or gzip whole.
//!
//! Read a record at a time from a stream, so that memory holds one record (at most
//! [`MAX_RECORD_BYTES`]) and the articles found, never the file. Each HTTP `response` or
//! `resource` record whose payload is an HTML page becomes an article, extracted as saved pages
//! are; `conversion` records (Common Crawl's WET) are read as text pages. The address is the
//! record's `WARC-Target-URI`; the capture time (`WARC-Date`) is kept as `crawled`, never as the
//! publication date. `revisit` records and payloads already read (`WARC-Payload-Digest`) are not
//! indexed twice.
//!
//! Framing is read here rather than by the `warc` crate: a record whose `Content-Length` lies,
//! or that is cut short, must be reported with its offset and skipped, and reading must resume
//! at the next record, where that crate stops; and ids need each record's offset.
//!
//! An article's position is its record's offset in the (inflated) stream: stable while the file
//! is unchanged.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, BufRead, Read};

use flate2::read::{GzDecoder, ZlibDecoder};

use super::decode::{declared_charset, decode_declared};
use crate::article::Article;
use crate::extract::boilerplate::Boilerplate;
use crate::extract::date::parse_date;
use crate::extract::html;
use crate::extract::text::segment_text;

/// Largest record read: a bigger one (a video, a disk image) is skipped unread.
pub const MAX_RECORD_BYTES: u64 = 100_000_000;
/// Largest header block of a record, or of an HTTP message.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Whether a stream starts like a WARC file.
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.trim_ascii_start().starts_with(b"WARC/")
}

/// What a WARC file gave.
#[derive(Debug, Default)]
pub struct WarcArticles {
    /// (record offset, article).
    pub articles: Vec<(usize, Article)>,
    /// Problems met and records passed over, for the user.
    pub notes: Vec<String>,
}

/// Read every record of `input` at once (for a few files given by hand; indexing reads an
/// archive in parts, with [`Reader`]).
pub fn read(input: impl BufRead) -> WarcArticles {
    let mut reader = Reader::new(input);
    let articles = std::iter::from_fn(|| reader.next_article()).collect();
    WarcArticles {
        articles,
        notes: reader.notes(),
    }
}

/// A web archive read an article at a time.
pub struct Reader<R> {
    stream: Stream<R>,
    /// Payload digests already read: repeats are not indexed again.
    digests: HashSet<Vec<u8>>,
    problems: Vec<String>,
    repeated: usize,
    ended: bool,
}

impl<R: BufRead> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        Reader {
            stream: Stream {
                inner: input,
                back: Vec::new(),
                at: 0,
                offset: 0,
            },
            digests: HashSet::new(),
            problems: Vec::new(),
            repeated: 0,
            ended: false,
        }
    }

    /// The next page's article, at its record's offset; `None` at the end of the archive (or
    /// where it breaks off).
    pub fn next_article(&mut self) -> Option<(usize, Article)> {
        while !self.ended {
            let record = match next_record(&mut self.stream) {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.ended = true;
                    break;
                }
                Err(Damage::At(offset, what)) => {
                    self.problems.push(format!("{what} at offset {offset}"));
                    continue;
                }
                Err(Damage::End(offset, what)) => {
                    self.problems.push(format!("{what} at offset {offset}"));
                    self.ended = true;
                    break;
                }
            };
            let kind = record
                .header("WARC-Type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !matches!(kind.as_str(), "response" | "resource" | "conversion") {
                continue;
            }
            if let Some(digest) = record.header("WARC-Payload-Digest") {
                if !self.digests.insert(digest.into_bytes()) {
                    self.repeated += 1;
                    continue;
                }
            }
            match record_article(&record, &kind) {
                Ok(Some(article)) if !article.is_empty() => {
                    return Some((record.offset as usize, article));
                }
                Ok(_) => {}
                Err(what) => self
                    .problems
                    .push(format!("{what} at offset {}", record.offset)),
            }
        }
        None
    }

    /// What to tell the user about the records read so far.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.repeated > 0 {
            notes.push(format!(
                "{} record(s) repeating a payload already read were not indexed again",
                self.repeated
            ));
        }
        if !self.problems.is_empty() {
            let shown = self
                .problems
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            let more = if self.problems.len() > 5 {
                format!(" and {} more", self.problems.len() - 5)
            } else {
                String::new()
            };
            notes.push(format!(
                "skipped {} damaged record(s): {shown}{more}",
                self.problems.len()
            ));
        }
        notes
    }
}

/// One record: its offset, headers and block.
struct Record {
    offset: u64,
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// A record that could not be read: where, and what; `End` when nothing after it can be.
enum Damage {
    At(u64, String),
    End(u64, String),
}

/// The next record, `None` at the end of the stream.
fn next_record<R: BufRead>(stream: &mut Stream<R>) -> Result<Option<Record>, Damage> {
    let io_end = |stream: &Stream<R>, e: io::Error| {
        Damage::End(stream.offset, format!("unreadable data ({e})"))
    };
    // Records are separated by blank lines.
    let mut line = Vec::new();
    loop {
        line.clear();
        if stream
            .read_line(&mut line, MAX_HEADER_BYTES)
            .map_err(|e| io_end(stream, e))?
            == 0
        {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    let offset = stream.offset - line.len() as u64;
    if !line.starts_with(b"WARC/") {
        // Not a record's start: find the next one.
        resync(stream).map_err(|e| io_end(stream, e))?;
        return Err(Damage::At(offset, "not the start of a record".into()));
    }
    let mut headers = Vec::new();
    let mut header_bytes = 0;
    loop {
        line.clear();
        let n = stream
            .read_line(&mut line, MAX_HEADER_BYTES)
            .map_err(|e| io_end(stream, e))?;
        if n == 0 {
            return Err(Damage::End(offset, "record cut short in its header".into()));
        }
        header_bytes += n;
        if header_bytes > MAX_HEADER_BYTES {
            resync(stream).map_err(|e| io_end(stream, e))?;
            return Err(Damage::At(offset, "record header too long".into()));
        }
        let text = String::from_utf8_lossy(line.trim_ascii_end());
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse::<u64>().ok());
    let Some(length) = length else {
        resync(stream).map_err(|e| io_end(stream, e))?;
        return Err(Damage::At(offset, "record without a Content-Length".into()));
    };
    if length > MAX_RECORD_BYTES {
        let skipped = io::copy(&mut (&mut *stream).take(length), &mut io::sink())
            .map_err(|e| io_end(stream, e))?;
        if skipped < length {
            return Err(Damage::End(offset, "record cut short".into()));
        }
        return Err(Damage::At(
            offset,
            format!(
                "record of {} MB passed over (limit {} MB)",
                length / 1_000_000,
                MAX_RECORD_BYTES / 1_000_000
            ),
        ));
    }
    let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
    (&mut *stream)
        .take(length)
        .read_to_end(&mut block)
        .map_err(|e| io_end(stream, e))?;
    if (block.len() as u64) < length {
        return Err(Damage::End(
            offset,
            "record cut short (the file ends inside it)".into(),
        ));
    }
    // Two line breaks close a record. Anything else means the length was wrong: if the next
    // record starts inside this block, it is read from there.
    let mut trailer = [0u8; 4];
    let got = stream.peek(&mut trailer).map_err(|e| io_end(stream, e))?;
    let closed = trailer[..got].iter().all(u8::is_ascii_whitespace);
    if !closed {
        let inside = find_record_start(&block);
        match inside {
            Some(at) => stream.unread(&block[at..]),
            None => resync(stream).map_err(|e| io_end(stream, e))?,
        }
        return Err(Damage::At(
            offset,
            "record whose Content-Length is wrong".into(),
        ));
    }
    Ok(Some(Record {
        offset,
        headers,
        block,
    }))
}

/// Where a record starts inside `bytes`: a line that opens with `WARC/1.` or `WARC/0.`.
fn find_record_start(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"WARC/") {
        let start = from + at;
        let line_start = start == 0 || bytes[start - 1] == b'\n';
        let version = bytes.get(start + 5..start + 7);
        if line_start && matches!(version, Some(b"1.") | Some(b"0.")) {
            return Some(start);
        }
        from = start + 5;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Skip to the next line that starts a record, and leave it unread.
fn resync<R: BufRead>(stream: &mut Stream<R>) -> io::Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if stream.read_line(&mut line, MAX_HEADER_BYTES)? == 0 {
            return Ok(());
        }
        if line.starts_with(b"WARC/1.") || line.starts_with(b"WARC/0.") {
            stream.unread(&line.clone());
            return Ok(());
        }
    }
}

/// The article of a response, resource or conversion record, if it holds a page.
fn record_article(record: &Record, kind: &str) -> Result<Option<Article>, String> {
    let url = record
        .header("WARC-Target-URI")
        .map(|u| u.trim_matches(['<', '>']).to_string());
    let crawled = record.header("WARC-Date").and_then(|d| parse_date(&d));
    let content_type = record
        .header("Content-Type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The media type decides first: most records of a crawl are pictures and scripts, whose
    // bodies are never copied or inflated.
    let http = if kind == "response" && content_type.starts_with("application/http") {
        match http_response(&record.block)? {
            Some(http) => Some(http),
            None => return Ok(None),
        }
    } else {
        None
    };
    let media_type = http
        .as_ref()
        .map_or(content_type.as_str(), |h| &h.media_type);
    let is_html =
        media_type.starts_with("text/html") || media_type.starts_with("application/xhtml");
    let is_text = kind == "conversion" && media_type.starts_with("text/plain");
    if !is_html && !is_text {
        return Ok(None);
    }
    let charset = charset_of(media_type);
    let body = match &http {
        Some(http) => http.body()?,
        None => Cow::Borrowed(record.block.as_slice()),
    };
    let declared = if is_html {
        declared_charset(&body).or(charset)
    } else {
        charset
    };
    let Ok(decoded) = decode_declared(&body, declared) else {
        return Ok(None);
    };
    let mut article = if is_html {
        html::extract(&decoded.text).article
    } else {
        segment_text(&decoded.text, &Boilerplate::default())
    };
    if url.is_some() {
        article.url = url;
    }
    article.crawled = crawled;
    Ok(Some(article))
}

/// An HTTP response that answered with a page: its media type and its body as sent.
struct HttpResponse<'a> {
    media_type: String,
    chunked: bool,
    /// Content-Encoding, lower-case ("" for none).
    encoding: String,
    body: &'a [u8],
}

/// The head of an HTTP response in `block`; `None` for an answer that is not a page (a
/// redirect, an error).
fn http_response(block: &[u8]) -> Result<Option<HttpResponse<'_>>, String> {
    let Some(end) = find(block, b"\r\n\r\n")
        .map(|e| (e, 4))
        .or_else(|| find(block, b"\n\n").map(|e| (e, 2)))
    else {
        return Err("HTTP response without the end of its header".into());
    };
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut response = HttpResponse {
        media_type: String::new(),
        chunked: false,
        encoding: String::new(),
        body: &block[end.0 + end.1..],
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => response.media_type = value,
            "transfer-encoding" => response.chunked = value.contains("chunked"),
            "content-encoding" => response.encoding = value,
            _ => {}
        }
    }
    Ok(Some(response))
}

impl HttpResponse<'_> {
    /// The body as the page's bytes: chunks joined, compression undone (borrowed when neither).
    fn body(&self) -> Result<Cow<'_, [u8]>, String> {
        let joined = if self.chunked {
            Cow::Owned(dechunk(self.body))
        } else {
            Cow::Borrowed(self.body)
        };
        Ok(match self.encoding.as_str() {
            "" | "identity" | "none" => joined,
            "gzip" | "x-gzip" => Cow::Owned(inflate(GzDecoder::new(&*joined))?),
            "deflate" => Cow::Owned(inflate(ZlibDecoder::new(&*joined))?),
            other => {
                return Err(format!(
                    "HTTP body compressed as {other}, which morgue does not read"
                ))
            }
        })
    }
}

fn inflate(decoder: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(MAX_RECORD_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| format!("HTTP body that does not inflate ({e})"))?;
    Ok(out)
}

/// A chunked HTTP body joined (a malformed chunk ends it: what came before is kept).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(eol) = find(body, b"\r\n") {
        let size_text = String::from_utf8_lossy(&body[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        body = &body[eol + 2..];
        if size == 0 || size > body.len() {
            out.extend_from_slice(&body[..size.min(body.len())]);
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = body[size..].strip_prefix(b"\r\n").unwrap_or(&body[size..]);
    }
    out
}

/// The charset a Content-Type names.
fn charset_of(content_type: &str) -> Option<&'static encoding_rs::Encoding> {
    let (_, label) = content_type.split_once("charset=")?;
    let label = label.split(';').next()?.trim().trim_matches(['"', '\'']);
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// The input, with bytes that can be put back (a record found inside another's block) and the
/// offset of the next byte.
struct Stream<R> {
    inner: R,
    back: Vec<u8>,
    at: usize,
    offset: u64,
}

impl<R: BufRead> Stream<R> {
    fn unread(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.back[self.at..]);
        self.back = back;
        self.at = 0;
        self.offset -= bytes.len() as u64;
    }

    /// A line (with its end), at most `cap` bytes kept (the rest read and dropped).
    fn read_line(&mut self, line: &mut Vec<u8>, cap: usize) -> io::Result<usize> {
        let mut read = 0;
        loop {
            let buffer = self.fill_buf()?;
            if buffer.is_empty() {
                return Ok(read);
            }
            let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
                Some(i) => (&buffer[..=i], true),
                None => (buffer, false),
            };
            let keep = chunk.len().min(cap.saturating_sub(line.len()));
            line.extend_from_slice(&chunk[..keep]);
            let used = chunk.len();
            self.consume(used);
            read += used;
            if done {
                return Ok(read);
            }
        }
    }

    /// Up to `out.len()` bytes ahead, left unread.
    fn peek(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut got = Vec::new();
        while got.len() < out.len() {
            let buffer = self.fill_buf()?;
            if buffer.is_empty() {
                break;
            }
            let n = buffer.len().min(out.len() - got.len());
            got.extend_from_slice(&buffer[..n]);
            self.consume(n);
        }
        out[..got.len()].copy_from_slice(&got);
        self.unread(&got);
        Ok(got.len())
    }
}

impl<R: BufRead> Read for Stream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Stream<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.back.len() {
            Ok(&self.back[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        self.offset += n as u64;
        if self.at < self.back.len() {
            self.at += n;
            if self.at >= self.back.len() {
                self.back.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-20T10:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn page(title: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{}</p></article></body></html>", "Words of the story, long enough to be a paragraph of an article. ".repeat(5)).into_bytes()
    }

    fn titles(found: &WarcArticles) -> Vec<String> {
        found
            .articles
            .iter()
            .map(|(_, a)| a.title.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn pages_become_articles_with_address_and_capture_date() {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        warc.extend(record(
            "response",
            "https://news.example/a",
            "application/http; msgtype=response",
            &page("First story"),
        ));
        warc.extend(record(
            "request",
            "https://news.example/a",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        let found = read(warc.as_slice());
        assert_eq!(found.articles.len(), 1, "{:?}", found.notes);
        let a = &found.articles[0].1;
        assert_eq!(a.title.as_deref(), Some("First story"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(a.crawled, crate::extract::date::make_date(2024, 5, 20));
        assert_eq!(a.date, None);
        assert!(found.articles[0].0 > 0);
    }

    #[test]
    fn chunked_and_gzip_bodies() {
        let html = String::from_utf8(page("Chunked story")).unwrap();
        let (_, body) = html.split_once("\r\n\r\n").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, body.as_bytes()).unwrap();
        let zipped = gz.finish().unwrap();
        let mut chunked = Vec::new();
        for part in zipped.chunks(50) {
            chunked.extend(format!("{:x}\r\n", part.len()).bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let mut message = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        message.extend(chunked);
        let warc = record(
            "response",
            "https://x.example/c",
            "application/http;msgtype=response",
            &message,
        );
        let found = read(warc.as_slice());
        assert_eq!(found.articles[0].1.title.as_deref(), Some("Chunked story"));
    }

    #[test]
    fn damage_is_reported_and_the_rest_read() {
        let good = record(
            "response",
            "https://x.example/1",
            "application/http",
            &page("Good one"),
        );
        // A Content-Length that is 40 bytes too long swallows the start of the next record.
        let mut liar = record(
            "response",
            "https://x.example/2",
            "application/http",
            &page("Liar"),
        );
        let text = String::from_utf8(liar.clone()).unwrap();
        let length = page("Liar").len();
        liar = text
            .replace(
                &format!("Content-Length: {length}"),
                &format!("Content-Length: {}", length + 40),
            )
            .into_bytes();
        let mut warc = good.clone();
        warc.extend(liar);
        warc.extend(record(
            "response",
            "https://x.example/3",
            "application/http",
            &page("After the liar"),
        ));
        // Cut short at the end.
        let last = record(
            "response",
            "https://x.example/4",
            "application/http",
            &page("Cut"),
        );
        warc.extend(&last[..last.len() / 2]);
        let found = read(warc.as_slice());
        let titles = titles(&found);
        assert_eq!(titles, vec!["Good one", "After the liar"]);
        let note = found.notes.join(" ");
        assert!(note.contains("Content-Length is wrong at offset"), "{note}");
        assert!(note.contains("cut short"), "{note}");
    }

    #[test]
    fn a_wrong_charset_header_does_not_garble_the_page() {
        // The server says Latin-1; the bytes are UTF-8, which wins. And a Latin-1 page that
        // says so is decoded as Latin-1.
        let body = "<html><head><title>Zürich café</title></head><body><article><p>Die Stadt Zürich öffnet das Café am Montag wieder, teilte die Verwaltung mit, nachdem die Arbeiten beendet wurden.</p></article></body></html>";
        let mut utf8 =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n".to_vec();
        utf8.extend_from_slice(body.as_bytes());
        let mut latin1 =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n".to_vec();
        latin1.extend(body.chars().map(|c| c as u32 as u8));
        let mut warc = record("response", "https://x.example/u", "application/http", &utf8);
        warc.extend(record(
            "response",
            "https://x.example/l",
            "application/http",
            &latin1,
        ));
        let found = read(warc.as_slice());
        let titles = titles(&found);
        assert_eq!(titles, ["Zürich café", "Zürich café"]);
    }

    #[test]
    fn revisits_and_repeated_payloads_are_not_indexed_twice() {
        let mut one = record(
            "response",
            "https://x.example/1",
            "application/http",
            &page("Once"),
        );
        let text = String::from_utf8(one).unwrap();
        one = text
            .replacen(
                "WARC-Type: response",
                "WARC-Type: response\r\nWARC-Payload-Digest: sha1:AAAA",
                1,
            )
            .into_bytes();
        let mut warc = one.clone();
        warc.extend(one);
        warc.extend(record(
            "revisit",
            "https://x.example/1",
            "application/http",
            b"HTTP/1.1 200 OK\r\n\r\n",
        ));
        let found = read(warc.as_slice());
        assert_eq!(found.articles.len(), 1);
        assert!(found.notes[0].contains("1 record(s) repeating"));
    }
}
