//! CSV and TSV exports: a header row, then one article a row. Columns are named as JSON fields
//! are (`title`/`headline`, `body`/`text`/`content`, `date`/`published`, `author`/`byline`,
//! `url`/`link`, `source`/`publication`, …): each row becomes an object mapped by
//! [`json::article_from_object`](super::json::article_from_object), the one list of names.
//!
//! Quoted fields may span lines; a row that cannot be read is reported by its line and skipped,
//! the rest read.

use serde_json::{Map, Value};

use super::json::article_from_object;
use crate::article::Article;

/// Columns read at most: a row of 10,000 columns is a spreadsheet, not an article export, and
/// only the first columns are mapped.
pub const MAX_COLUMNS: usize = 200;

/// The articles of a CSV (or TSV, by `tab`) text, with notes on rows skipped.
pub struct CsvArticles {
    /// (row number from 0, after the header; article).
    pub articles: Vec<(usize, Article)>,
    pub notes: Vec<String>,
}

/// Line breaks one row may hold: more, and a quote was left open (an article's body of a few
/// hundred paragraphs holds far fewer).
const MAX_ROW_LINES: usize = 5_000;

/// Whether a row runs on past [`MAX_ROW_LINES`] lines.
fn runs_on(record: &csv::StringRecord) -> bool {
    record
        .iter()
        .map(|field| field.bytes().filter(|&b| b == b'\n').count())
        .sum::<usize>()
        > MAX_ROW_LINES
}

/// Whether the text is tab-separated: its header row has more tabs than commas.
pub fn is_tab_separated(text: &str) -> bool {
    let header = text.lines().next().unwrap_or("");
    header.matches('\t').count() > header.matches(',').count()
}

/// Whether a file without a telling extension is a CSV export: a header row of at least two
/// short column names, one of them a title or body column.
pub fn looks_like_csv(text: &str) -> bool {
    let header = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    let separator = if is_tab_separated(text) { '\t' } else { ',' };
    let names: Vec<String> = header
        .split(separator)
        .map(|n| n.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    names.len() >= 2
        && names.iter().all(|n| n.len() <= 40)
        && names.iter().any(|n| {
            matches!(
                n.as_str(),
                "title" | "headline" | "body" | "text" | "content" | "article" | "articlebody"
            )
        })
}

/// Read the rows of `text`.
pub fn articles(text: &str, tab: bool) -> CsvArticles {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .take(MAX_COLUMNS)
            .map(|s| s.trim().to_string())
            .collect(),
        Err(e) => {
            return CsvArticles {
                articles: Vec::new(),
                notes: vec![format!("the header row cannot be read: {e}")],
            }
        }
    };
    let mut articles = Vec::new();
    let mut bad: Vec<u64> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if runs_on(&record) => {
                // A quote left open swallows the rows after it into one field: that row is
                // not an article, and what it swallowed cannot be told apart.
                bad.push(record.position().map_or(0, csv::Position::line));
            }
            Ok(true) => {
                let mut object = Map::new();
                for (name, value) in headers.iter().zip(record.iter()) {
                    if !name.is_empty() && !value.contains('\0') {
                        object.insert(name.clone(), Value::String(value.to_string()));
                    }
                }
                if let Some(article) = article_from_object(&object) {
                    articles.push((row, article));
                }
            }
            Err(e) => {
                bad.push(e.position().map_or(0, csv::Position::line));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
        row += 1;
    }
    let mut notes = Vec::new();
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().take(5).map(|l| format!("line {l}")).collect();
        let more = if bad.len() > 5 {
            format!(" and {} more", bad.len() - 5)
        } else {
            String::new()
        };
        notes.push(format!(
            "skipped {} row(s) that could not be read (a quote left open runs on to the end): {}{more}",
            bad.len(),
            shown.join(", ")
        ));
    }
    CsvArticles { articles, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_articles_by_column_name() {
        let text = "id,url,title,subtitle,content,datetime,tags\n\
            1,https://ria.ru/1.html,Первый,Подзаголовок,\"Строка одна.\n\nСтрока \"\"две\"\".\",2023-10-20 10:00,\"a, b\"\n\
            2,,,,,,\n\
            3,https://x/3,Third,,Body,2023-10-21,\n";
        assert!(looks_like_csv(text));
        let found = articles(text, false);
        assert_eq!(found.articles.len(), 2);
        let (row, a) = &found.articles[0];
        assert_eq!(*row, 0);
        assert_eq!(a.title.as_deref(), Some("Первый"));
        assert_eq!(a.standfirst.as_deref(), Some("Подзаголовок"));
        assert_eq!(a.body, vec!["Строка одна.", "Строка \"две\"."]);
        assert_eq!(a.url.as_deref(), Some("https://ria.ru/1.html"));
        assert_eq!(a.date, crate::extract::date::make_date(2023, 10, 20));
        assert_eq!(a.keywords, vec!["a", "b"]);
        assert_eq!(found.articles[1].0, 2);
    }

    #[test]
    fn tabs_nul_bytes_and_wide_rows() {
        let tsv = "headline\tbody\nA\tText\n";
        assert!(is_tab_separated(tsv));
        assert_eq!(articles(tsv, true).articles.len(), 1);
        let nul = "title,body\nA,bad\0value\nB,fine\n";
        let found = articles(nul, false);
        assert_eq!(found.articles.len(), 2);
        assert!(found.articles[0].1.body.is_empty());
        let wide = format!(
            "title,body,{}\nA,B,{}\n",
            "x,".repeat(10_000),
            "y,".repeat(10_000)
        );
        let found = articles(&wide, false);
        assert_eq!(found.articles[0].1.title.as_deref(), Some("A"));
        assert!(!looks_like_csv("just some words\nand more"));
    }

    #[test]
    fn a_quote_left_open_is_reported_by_its_line() {
        let mut text = String::from("title,body\nFirst,Fine\nSecond,\"opens a quote\n");
        for i in 0..6000 {
            text.push_str(&format!("Row {i},swallowed\n"));
        }
        let found = articles(&text, false);
        assert_eq!(found.articles.len(), 1);
        assert_eq!(found.articles[0].1.title.as_deref(), Some("First"));
        assert_eq!(found.notes.len(), 1, "{:?}", found.notes);
        assert!(found.notes[0].contains("line 3"), "{:?}", found.notes);
    }
}
