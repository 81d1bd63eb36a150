//! A WARC writer for tests: pages packed as HTTP `response` records, one gzip member per
//! record, as crawlers write them.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Write `pages` (address, HTML bytes) to `out` as a `.warc.gz`, after a `warcinfo` record.
pub fn pack(pages: &[(String, Vec<u8>)], out: &Path) {
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let mut file = std::fs::File::create(out).unwrap();
    let info = b"software: morgue tests\r\nformat: WARC File Format 1.1\r\n".to_vec();
    write_record(
        &mut file,
        "warcinfo",
        None,
        "application/warc-fields",
        &info,
    );
    for (url, html) in pages {
        let mut message =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nServer: test\r\n\r\n".to_vec();
        message.extend_from_slice(html);
        write_record(
            &mut file,
            "response",
            Some(url),
            "application/http; msgtype=response",
            &message,
        );
    }
}

fn write_record(
    out: &mut impl Write,
    kind: &str,
    url: Option<&str>,
    content_type: &str,
    block: &[u8],
) {
    let mut record = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n");
    if let Some(url) = url {
        record.push_str(&format!("WARC-Target-URI: {url}\r\n"));
    }
    record.push_str(&format!(
        "WARC-Date: 2024-05-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:032x}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len() as u128 * 7919 + url.map_or(0, str::len) as u128,
        block.len()
    ));
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(record.as_bytes()).unwrap();
    gz.write_all(block).unwrap();
    gz.write_all(b"\r\n\r\n").unwrap();
    out.write_all(&gz.finish().unwrap()).unwrap();
}
