//! Reuters-21578 as distributed: SGML files of many `<REUTERS>` records each. Not XML (no root
//! element, `&#3;` control characters, unquoted habits), so read by its own few rules.
//!
//! Each record gives title, date, body (the dateline cut off, the "Reuter" sign-off dropped) and
//! its tags kept as the collection wrote them: `topics:cocoa`, `places:usa`, `people:reagan`,
//! `orgs:imf`, `exchanges:nyse` in `keywords`. They are Reuters' own subject codes, not names
//! found in the text, so they never become `people`/`places`.

use crate::article::Article;
use crate::extract::date::{make_date, month_number};

/// Whether `text` is Reuters-21578 SGML.
pub fn looks_like_sgml(text: &str) -> bool {
    let head = &text[..floor_boundary(text, 2048)];
    head.contains("<!DOCTYPE lewis") || head.trim_start().starts_with("<REUTERS")
}

fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The records of a file, each at its `NEWID` (the collection's own number, stable across
/// editions), or at its place in the file when it has none. Records with neither a title nor a
/// body are left out.
pub fn articles(text: &str) -> Vec<(usize, Article)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut n = 0;
    while let Some(start) = rest.find("<REUTERS") {
        let record = &rest[start..];
        let end = record.find("</REUTERS>").map_or(record.len(), |e| e + 10);
        let (open, body) = record[..end]
            .split_once('>')
            .unwrap_or((&record[..end], ""));
        let position = attribute(open, "NEWID")
            .and_then(|id| id.parse().ok())
            .unwrap_or(n);
        let article = record_article(body);
        if !article.is_empty() {
            out.push((position, article));
        }
        n += 1;
        rest = &record[end..];
    }
    out
}

fn record_article(record: &str) -> Article {
    let text = element(record, "TEXT").unwrap_or("");
    let title = element(text, "TITLE")
        .map(unescape)
        .filter(|t| !t.is_empty());
    // A body element, or (TYPE="UNPROC") the text itself.
    let body_text =
        element(text, "BODY").unwrap_or_else(|| if text.contains("<TITLE>") { "" } else { text });
    let mut keywords = Vec::new();
    for (tag, prefix) in [
        ("TOPICS", "topics"),
        ("PLACES", "places"),
        ("PEOPLE", "people"),
        ("ORGS", "orgs"),
        ("EXCHANGES", "exchanges"),
    ] {
        if let Some(list) = element(record, tag) {
            let mut rest = list;
            while let Some(value) = element(rest, "D") {
                keywords.push(format!("{prefix}:{}", unescape(value)));
                rest = &rest[rest.find("</D>").map_or(rest.len(), |e| e + 4)..];
            }
        }
    }
    Article {
        title,
        date: element(record, "DATE").and_then(reuters_date),
        body: paragraphs(body_text),
        source: Some("Reuters".to_string()),
        lang: Some("en".to_string()),
        keywords,
        ..Article::default()
    }
}

/// The text between `<NAME…>` and `</NAME>` (the first such element).
fn element<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(at) = text[from..].find(&open) {
        let start = from + at;
        let after = &text[start + open.len()..];
        // `<D>` must not match `<DATE>`.
        if after.starts_with(['>', ' ']) {
            let inner_start = start + open.len() + after.find('>')? + 1;
            let close = format!("</{name}>");
            let inner_end = text[inner_start..]
                .find(&close)
                .map_or(text.len(), |e| inner_start + e);
            return Some(&text[inner_start..inner_end]);
        }
        from = start + open.len();
    }
    None
}

fn attribute<'a>(open_tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = open_tag.find(&key)? + key.len();
    let len = open_tag[start..].find('"')?;
    Some(&open_tag[start..start + len])
}

/// "26-FEB-1987 15:01:01.79".
fn reuters_date(text: &str) -> Option<time::Date> {
    let mut parts = text.trim().split(|c: char| c == '-' || c.is_whitespace());
    let day = parts.next()?.parse().ok()?;
    let month = month_number(parts.next()?)?;
    let year = parts.next()?.parse().ok()?;
    make_date(year, month, day)
}

/// The body's paragraphs: a new one at each indented line, as the wire printed them; the
/// dateline ("SALVADOR, Feb 26 - ") is left at the head of the first, the sign-off dropped.
fn paragraphs(body: &str) -> Vec<String> {
    let body = unescape_raw(body);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        if line.starts_with([' ', '\t']) && !current.trim().is_empty() {
            out.push(clean(&current));
            current.clear();
        }
        current.push_str(line);
        current.push(' ');
    }
    if !current.trim().is_empty() {
        out.push(clean(&current));
    }
    // "Reuter" (or "REUTER") alone closes most bodies.
    while let Some(last) = out.last_mut() {
        let trimmed = last.trim_end();
        if trimmed.eq_ignore_ascii_case("reuter") {
            out.pop();
        } else {
            if let Some(cut) = trimmed
                .strip_suffix("Reuter")
                .or_else(|| trimmed.strip_suffix("REUTER"))
            {
                *last = cut.trim_end().to_string();
            }
            break;
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape(text: &str) -> String {
    clean(&unescape_raw(text))
}

/// SGML's character references (`&lt;`, `&amp;`, `&#3;`), control characters dropped.
fn unescape_raw(text: &str) -> String {
    let decoded = crate::extract::html::meta::decode_entities(text);
    decoded
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;REVIEW></TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout
the week in the Bahia cocoa zone.
    The dry period means the temporao will be late this year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="2"><DATE>26-FEB-1987</DATE><TEXT TYPE="BRIEF">&#2;
<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT
</TITLE>
&#3;</TEXT></REUTERS>
<REUTERS NEWID="3"><TEXT TYPE="UNPROC">&#2;
No title, only text.
&#3;</TEXT></REUTERS>
<REUTERS NEWID="4"><TEXT>&#2;</TEXT></REUTERS>"#;

    #[test]
    fn records_fields_and_tags() {
        assert!(looks_like_sgml(SAMPLE));
        let found = articles(SAMPLE);
        assert_eq!(
            found.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        let a = &found[0].1;
        assert_eq!(a.title.as_deref(), Some("BAHIA COCOA <REVIEW>"));
        assert_eq!(a.date, make_date(1987, 2, 26));
        assert_eq!(
            a.body,
            vec![
                "Showers continued throughout the week in the Bahia cocoa zone.",
                "The dry period means the temporao will be late this year."
            ]
        );
        assert_eq!(
            a.keywords,
            vec!["topics:cocoa", "places:el-salvador", "places:usa"]
        );
        assert!(a.people.is_empty());
        assert_eq!(
            found[1].1.title.as_deref(),
            Some("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT")
        );
        assert!(found[1].1.body.is_empty());
        assert_eq!(found[2].1.body, vec!["No title, only text."]);
    }
}
