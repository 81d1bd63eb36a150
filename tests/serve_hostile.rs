//! The hostile archive (`util::hostile_pages`) indexed and served: every page reachable from the
//! searches is walked, and none holds executable markup.

use std::collections::{HashSet, VecDeque};

use scraper::{Html, Selector};

use crate::util::server::Server;
use crate::util::{hostile_pages, Env};

/// Pages walked at most (the archive has about 60 articles, each with a few links).
const MAX_PAGES: usize = 600;

/// Attributes that hold an address.
const ADDRESS_ATTRIBUTES: [&str; 6] = ["href", "src", "action", "formaction", "xlink:href", "data"];

/// Elements a page of ours never has.
const FORBIDDEN: [&str; 9] = [
    "iframe",
    "object",
    "embed",
    "base",
    "meta[http-equiv]",
    "style",
    "img",
    "frame",
    "applet",
];

/// Why `html` (the page at `path`, served under `base`) could run something, or `None`.
fn executable(html: &str, base: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    for script in doc.select(&Selector::parse("script").unwrap()) {
        let src = script.value().attr("src").unwrap_or("");
        if src != format!("{base}/static/app.js") || script.text().any(|t| !t.trim().is_empty()) {
            return Some(format!("a script: {}", script.html()));
        }
    }
    for forbidden in FORBIDDEN {
        if let Some(el) = doc.select(&Selector::parse(forbidden).unwrap()).next() {
            return Some(format!("a <{forbidden}>: {}", el.html()));
        }
    }
    for link in doc.select(&Selector::parse("link").unwrap()) {
        if link.value().attr("href") != Some(&format!("{base}/static/style.css")) {
            return Some(format!("a link: {}", link.html()));
        }
    }
    for el in doc.select(&Selector::parse("*").unwrap()) {
        for (name, value) in el.value().attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") || name == "style" || name == "srcdoc" {
                return Some(format!("attribute {name} on <{}>", el.value().name()));
            }
            if ADDRESS_ATTRIBUTES.contains(&name.as_str()) {
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !(compact.starts_with('/')
                    || compact.starts_with("http://")
                    || compact.starts_with("https://"))
                    || compact.starts_with("//")
                {
                    return Some(format!("{name}={value:?} on <{}>", el.value().name()));
                }
            }
        }
    }
    // The timeline's SVG holds links, bars and their titles only.
    for svg in doc.select(&Selector::parse("svg *").unwrap()) {
        if !["a", "rect", "title"].contains(&svg.value().name()) {
            return Some(format!("<{}> in an svg", svg.value().name()));
        }
    }
    None
}

#[test]
fn no_page_of_the_hostile_archive_holds_executable_markup() {
    let env = Env::new();
    hostile_pages::write(&env);
    let out = env.index();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let server = Server::start(&env.index_dir(), &["--base-path", "/m"]);
    let base = "/m";
    let articles = server.get("/api/stats").json()["articles"]
        .as_u64()
        .unwrap();
    assert!(articles >= 60, "{articles} articles indexed: {stderr}");

    // The 10 MB titles are in the index, and their pages are among those walked.
    let huge = server.get("/api/search?q=huge&all-copies=1").json();
    assert!(!huge["hits"].as_array().unwrap().is_empty(), "{huge}");

    // Start from searches for the archive's words and for the payloads themselves.
    let mut queue: VecDeque<String> = VecDeque::new();
    for q in [
        "huge",
        "hostile",
        "putin",
        "script",
        "onerror",
        "javascript",
        "7*7",
        "title",
    ] {
        let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        queue.push_back(format!("{base}/?q={q}"));
    }
    for p in hostile_pages::payloads() {
        let q: String = form_urlencoded::byte_serialize(p.as_bytes()).collect();
        queue.push_back(format!("{base}/?q={q}"));
        queue.push_back(format!("{base}/?q=hostile&source={q}"));
    }
    let host = server.url.trim_end_matches(base).to_string();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut walked = 0;
    let mut article_pages = 0;
    let link = Selector::parse("a[href]").unwrap();
    while let Some(path) = queue.pop_front() {
        if walked == MAX_PAGES {
            break;
        }
        walked += 1;
        let answer = server.get(&format!("{host}{path}"));
        assert!(
            [200, 400, 404].contains(&answer.status),
            "{path}: {}",
            answer.status
        );
        assert!(answer.content_type.starts_with("text/html"), "{path}");
        assert!(
            answer.body.len() < 3 << 20,
            "{path}: {} bytes (a 10 MB title must not make a 10 MB page of hits)",
            answer.body.len()
        );
        if let Some(why) = executable(&answer.body, base) {
            panic!("{path} holds executable markup: {why}");
        }
        if path.contains("/article/") && answer.status == 200 {
            article_pages += 1;
        }
        let doc = Html::parse_document(&answer.body);
        for a in doc.select(&link) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with(&format!("{base}/")) && seen.insert(href.to_string()) {
                queue.push_back(href.to_string());
            }
        }
    }
    eprintln!("walked {walked} pages, {article_pages} of them articles");
    assert!(walked >= 100, "only {walked} pages walked");
    assert!(
        article_pages >= 50,
        "only {article_pages} article pages walked"
    );

    // The API's answers are JSON, never HTML a browser would run.
    let api = server.get("/api/search?q=hostile&limit=100&all-copies=1");
    assert!(api.content_type.starts_with("application/json"));
    assert_eq!(api.header("x-content-type-options"), Some("nosniff"));
    let hits = api.json()["hits"].as_array().unwrap().len();
    assert!(hits >= 50, "{hits}");
}

#[test]
fn the_check_finds_executable_markup() {
    let ok = r#"<html><head><link rel="stylesheet" href="/m/static/style.css"><script src="/m/static/app.js" defer></script></head><body><a href="/m/?q=x">x</a><svg><a href="/m/?since=2020"><rect></rect></a></svg></body></html>"#;
    assert_eq!(executable(ok, "/m"), None);
    for bad in [
        "<script>window.pwned=1</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVa\tScRipt:alert(1)\">x</a>",
        "<a href=\"//evil.example/\">x</a>",
        "<div onmouseover=\"x\">",
        "<iframe src=\"/m/\"></iframe>",
        "<meta http-equiv=\"refresh\" content=\"0\">",
        "<svg onload=\"x\"></svg>",
        "<svg><foreignObject></foreignObject></svg>",
        "<p style=\"background:url(x)\">",
        "<script src=\"https://evil.example/x.js\"></script>",
    ] {
        assert!(executable(bad, "/m").is_some(), "{bad}");
    }
}
