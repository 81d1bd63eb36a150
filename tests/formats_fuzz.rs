//! Property tests over the archive-format readers: whatever the bytes, the WARC, XML, SGML and
//! CSV readers return (articles, notes, or an error) without panicking. Inputs are built from
//! fragments of each format (record headers with lying lengths, chunked bodies, entities,
//! unclosed elements, quotes, multi-byte text) cut and joined at random, and from valid files
//! cut short or with bytes changed.
//!
//! `PROPTEST_CASES=100000 cargo test --release --test tests formats_fuzz` fuzzes for longer; the
//! default 256 cases keep `cargo test` quick.

use morgue::ingest::{csv, sgml, warc, xml};
use proptest::prelude::*;

const WARC_FRAGMENTS: &[&str] = &[
    "WARC/1.0\r\n",
    "WARC/1.1\r\n",
    "WARC/0.17\r\n",
    "WARC-Type: response\r\n",
    "WARC-Type: resource\r\n",
    "WARC-Type: conversion\r\n",
    "WARC-Type: revisit\r\n",
    "WARC-Target-URI: https://x.example/é\r\n",
    "WARC-Date: 2024-05-20T10:00:00Z\r\n",
    "WARC-Payload-Digest: sha1:AAAA\r\n",
    "Content-Type: application/http; msgtype=response\r\n",
    "Content-Type: text/plain\r\n",
    "Content-Type: text/html; charset=shift_jis\r\n",
    "Content-Length: 0\r\n",
    "Content-Length: 5\r\n",
    "Content-Length: 120\r\n",
    "Content-Length: 99999999999999999999\r\n",
    "Content-Length: -3\r\n",
    "\r\n",
    "\r\n\r\n",
    "\n",
    "HTTP/1.1 200 OK\r\n",
    "HTTP/1.1 301 Moved\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Content-Encoding: gzip\r\n",
    "Content-Encoding: deflate\r\n",
    "Content-Encoding: br\r\n",
    "5\r\nhello\r\n",
    "ffffffff\r\n",
    "0\r\n\r\n",
    "<html><title>T</title><p>",
    "Text of a page, long enough to be a paragraph of words. ",
    "</p></html>",
    "Ж東",
    "\u{0}",
];

const XML_FRAGMENTS: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE nitf SYSTEM \"http://example.com/nitf.dtd\">",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
    "<nitf>",
    "</nitf>",
    "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
    "<newsItem>",
    "</newsItem>",
    "<contentMeta><headline>H</headline>",
    "</contentMeta>",
    "<contentSet><inlineXML contenttype=\"application/xhtml+xml\">",
    "<inlineData>",
    "</inlineData>",
    "<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>A</HeadLine></NewsLines>",
    "<ContentItem><DataContent>",
    "<rss><channel><title>C</title><item><title>&lt;b&gt;T</title>",
    "<description>&lt;p&gt;D&lt;/p&gt;</description>",
    "</item></channel></rss>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"xhtml\">",
    "<content type=\"html\">&lt;p&gt;x</content></entry></feed>",
    "<body><body.head><hedline><hl1>",
    "</hl1></hedline></body.head><body.content><p>",
    "</p></body.content></body>",
    "<date.issue norm=\"20130229T999999\"/>",
    "&nbsp;",
    "&b;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[<p>x</p>]]>",
    "Ж東",
];

const SGML_FRAGMENTS: &[&str] = &[
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">",
    "<REUTERS NEWID=\"1\">",
    "<REUTERS NEWID=\"99999999999999999999\">",
    "<REUTERS>",
    "</REUTERS>",
    "<DATE>26-FEB-1987 15:01:01.79</DATE>",
    "<DATE>31-FEB-99999</DATE>",
    "<TOPICS><D>cocoa</D>",
    "</TOPICS>",
    "<D>",
    "</D>",
    "<TEXT>",
    "<TEXT TYPE=\"UNPROC\">",
    "</TEXT>",
    "<TITLE>T &lt;X></TITLE>",
    "<BODY>Showers continued\n    Second paragraph.\n Reuter\n&#3;</BODY>",
    "<BODY>",
    "&#2;",
    "Ж東",
];

const CSV_FRAGMENTS: &[&str] = &[
    "title,body,date,url\n",
    "headline\tcontent\n",
    "\"A \"\"quoted\"\" title\",",
    "\"multi\nline\",",
    "\"unterminated,",
    "plain,",
    "2024-01-02,",
    "https://x.example/1",
    "\n",
    "\r\n",
    ",,,,,,,,",
    "\t",
    "Ж東",
];

fn built(fragments: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(fragments).prop_map(str::to_string),
            1 => "\\PC{0,20}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// A valid two-record WARC, for cutting and changing.
fn valid_warc() -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..2 {
        let page = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Page {i}</title><body><p>Words of a story about the harbour, long enough to be kept as a paragraph of it.</p></body></html>"
        );
        out.extend(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/{i}\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
                page.len()
            )
            .bytes(),
        );
    }
    out
}

proptest! {
    #[test]
    fn warc_reading_never_panics(text in built(WARC_FRAGMENTS)) {
        let _ = warc::read(text.as_bytes());
    }

    #[test]
    fn a_warc_cut_or_changed_anywhere_keeps_what_is_whole(
        cut in 0usize..600,
        changes in prop::collection::vec((0usize..600, any::<u8>()), 0..4),
    ) {
        let mut bytes = valid_warc();
        for (at, byte) in changes {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let keep = bytes.len() - cut.min(bytes.len());
        let found = warc::read(&bytes[..keep]);
        prop_assert!(found.articles.len() <= 2);
    }

    #[test]
    fn xml_reading_never_panics(text in built(XML_FRAGMENTS)) {
        let _ = xml::articles(&text);
    }

    #[test]
    fn sgml_reading_never_panics(text in built(SGML_FRAGMENTS)) {
        for (_, article) in sgml::articles(&text) {
            prop_assert!(!article.is_empty());
        }
    }

    #[test]
    fn csv_reading_never_panics(text in built(CSV_FRAGMENTS)) {
        let _ = csv::articles(&text, csv::is_tab_separated(&text));
    }
}
