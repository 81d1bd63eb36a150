//! Property test over the HTML extractor: whatever the page, `html::extract` returns without
//! panicking, and what it returns is tidy. Pages are built from fragments chosen to hit the
//! awkward paths (unclosed and stray tags, quotes, entities, JSON-LD, CDATA, multi-byte text
//! at every boundary, bylines and dates); plain random text is mixed in.
//!
//! `PROPTEST_CASES=200000 cargo test --release --test html_fuzz` fuzzes for minutes (see
//! BENCHMARKS.md for the last long run); the default 256 cases keep `cargo test` quick.

use morgue::extract::html;
use morgue::ingest::decode::{declared_charset, decode_declared};
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "<html>",
    "</html>",
    "<head>",
    "<body>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<article>",
    "</article>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<title>",
    "</title>",
    "<span class=\"byline\">",
    "</span>",
    "<a rel=\"author\" href=\"/author/x/\">",
    "</a>",
    "<time datetime=\"2019-11-19\">",
    "<script>",
    "</script>",
    "<script type=\"application/ld+json\">",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "'",
    "=",
    "&amp;",
    "&#",
    "&#x",
    ";",
    "&raquo;",
    "<meta property=\"og:title\" content=\"",
    "<meta name=\"author\" content=\"",
    "<meta charset=\"",
    "\">",
    "{\"@type\":\"NewsArticle\",\"headline\":\"",
    "\"author\":[{\"@id\":\"",
    "{\"@graph\":[",
    "]}",
    "By ",
    "von ",
    "Autor: ",
    "Text von ",
    "Par ",
    " and ",
    " und ",
    "2019-13-45",
    "31.02.2020",
    "19. November 2019",
    "/2018/06/08/",
    "é",
    "春",
    "🎄",
    "\u{ad}",
    "\u{fffd}",
    "\u{0}",
    "\n",
    "\t",
    " | ",
    " - ",
    ": ",
    "Lorem ipsum dolor sit amet, ",
    "The council approved the budget. ",
    "<table><tr><td>",
    "</td></tr></table>",
    "<br>",
    "<li>",
    "<ul>",
    "<noscript>",
    "<svg>",
    "<iframe>",
    "<template>",
    "<textarea>",
    "<plaintext>",
];

fn page() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,40}",
        1 => "[a-zA-Z ]{0,60}",
    ];
    proptest::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
}

/// trafilatura 0.6.0's own `trim`, before morgue's patch (vendor/trafilatura/MORGUE-PATCH.md).
fn original_trim(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let no_soft_hyphen: String = s.chars().filter(|&c| c != '\u{00AD}').collect();
    let joined = no_soft_hyphen
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    joined.nfc().collect()
}

/// The elements a selector matches in a page, in document order, as scraper's own walk finds
/// them, less those `levels` or more below the document (the patched query's limit; see
/// vendor/trafilatura/MORGUE-PATCH.md).
fn matched_by_scraper(
    page: &str,
    sel: &scraper::Selector,
    levels: usize,
) -> Vec<trafilatura::dom::NodeId> {
    scraper::Html::parse_document(page)
        .select(sel)
        .filter(|e| e.ancestors().count() < levels)
        .map(|e| e.id())
        .collect()
}

/// Selectors of the kinds the page's metadata is read with (`extract::html::meta`).
const SELECTORS: &[&str] = &[
    "[class*=byline]",
    ".byline .author",
    "h1",
    "time, [class*=date], [id*=date]",
    "a[rel=author]",
    "html",
    "div > p",
];

#[test]
fn a_deep_page_is_queried_to_the_walks_depth() {
    let page = format!(
        "<html><body>{}</body></html>",
        "<div class=\"byline\">x".repeat(700)
    );
    let sel = scraper::Selector::parse("[class*=byline]").unwrap();
    let doc = trafilatura::dom::Document::parse(&page);
    let found = doc.query_selector_all_compiled(doc.root(), &sel);
    assert_eq!(found, matched_by_scraper(&page, &sel, 500));
    // html at one level below the document, body at two: the divs from three to 499.
    assert_eq!(found.len(), 497);
}

proptest! {
    #[test]
    fn patched_trim_gives_what_the_original_gave(
        s in "[a-zA-Z \t\n\u{AD}\u{301}\u{308}\u{3000}\u{A0}éüå가]{0,40}"
    ) {
        prop_assert_eq!(trafilatura::utils::trim(&s), original_trim(&s));
    }

    #[test]
    fn patched_trim_of_ascii_gives_what_the_original_gave(
        s in "[a-zA-Z0-9 \t\n\r\x0B\x0C\x1E.,-]{0,80}"
    ) {
        prop_assert_eq!(trafilatura::utils::trim(&s), original_trim(&s));
    }

    #[test]
    fn patched_queries_find_what_scrapers_walk_finds(
        page in page(),
        selector in proptest::sample::select(SELECTORS),
    ) {
        let sel = scraper::Selector::parse(selector).unwrap();
        let doc = trafilatura::dom::Document::parse(&page);
        prop_assert_eq!(
            doc.query_selector_all_compiled(doc.root(), &sel),
            matched_by_scraper(&page, &sel, 500)
        );
    }

    #[test]
    fn extract_never_panics_and_returns_tidy_fields(page in page()) {
        let extracted = html::extract(&page);
        let article = extracted.article;
        for paragraph in &article.body {
            prop_assert!(!paragraph.trim().is_empty());
            prop_assert_eq!(paragraph.trim(), paragraph.as_str());
        }
        for name in &article.byline {
            prop_assert!(!name.trim().is_empty());
        }
        if let Some(lang) = &article.lang {
            prop_assert!((2..=3).contains(&lang.len()));
        }
    }

    #[test]
    fn any_bytes_decode_without_panic(
        head in proptest::sample::select(&[
            "", "<meta charset=\"", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=",
        ][..]),
        label in proptest::sample::select(&[
            "utf-8", "shift_jis", "gbk", "iso-8859-2", "windows-1252", "utf-16", "x-unknown", "",
        ][..]),
        body in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut bytes = format!("{head}{label}\">").into_bytes();
        bytes.extend(body);
        let declared = declared_charset(&bytes);
        if let Ok(decoded) = decode_declared(&bytes, declared) {
            prop_assert!(!decoded.text.is_empty());
        }
    }

    #[test]
    fn prepass_cap_holds_and_cuts_only_what_is_over_it(
        page in page(),
        max_bytes in 0usize..3000,
        max_depth in 1usize..8,
    ) {
        // Small limits, so that generated pages reach them.
        let whole = html::prepass::slim_within(&page, usize::MAX, max_depth);
        let capped = html::prepass::slim_within(&page, max_bytes, max_depth);
        prop_assert!(capped.html.len() <= max_bytes);
        prop_assert!(!whole.truncated);
        if whole.html.len() <= max_bytes {
            prop_assert!(!capped.truncated);
            prop_assert_eq!(&capped.html, &whole.html);
        } else {
            prop_assert!(capped.truncated);
        }
    }
}
