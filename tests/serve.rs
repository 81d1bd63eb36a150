//! `morgue serve`: the HTTP API and the pages, called as a client would, on a free port.

use serde_json::Value;

use crate::search::two_copies;
use crate::util::server::Server;
use crate::util::{self, bundled, Env};

/// The bundled corpus and the seed, indexed and served.
fn seeded() -> (Env, Server) {
    let env = bundled();
    if let Some(seed) = util::seed_dir() {
        util::copy_tree(&seed, &env.archive().join("seed"));
        env.index();
    }
    let server = Server::start(&env.index_dir(), &[]);
    (env, server)
}

#[test]
fn api_hits_are_the_cli_json_hits() {
    let (env, server) = seeded();
    for query in ["harbour", "council budget", "Xi Putin"] {
        let (cli_hits, cli_summary, _) = env.search_json(query, &["--fragments", "1"]);
        let q: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
        let answer = server.get(&format!("/api/search?q={q}"));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.content_type.starts_with("application/json"));
        let api = answer.json();
        let api_hits = api["hits"].as_array().unwrap();
        assert_eq!(api_hits, &cli_hits, "{query}: the API's hits are the CLI's");
        assert_eq!(api["summary"]["total"], cli_summary["total"]);
        assert_eq!(api["summary"]["type"], "summary");
        assert_eq!(api["facets"], Value::Null);
    }
}

#[test]
fn api_pages_facets_filters_and_article() {
    let (_env, server) = seeded();
    let all = server.get("/api/search?q=the&limit=100").json();
    let total = all["summary"]["total"].as_u64().unwrap() as usize;
    assert!(total >= 4, "{all}");
    // Pages of two follow each other without gaps or repeats.
    let mut paged = Vec::new();
    for offset in (0..total).step_by(2) {
        let page = server
            .get(&format!("/api/search?q=the&limit=2&offset={offset}"))
            .json();
        for hit in page["hits"].as_array().unwrap() {
            assert_eq!(hit["rank"].as_u64().unwrap() as usize, paged.len() + 1);
            paged.push(hit["id"].clone());
        }
    }
    let ids: Vec<Value> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    assert_eq!(paged, ids);

    let faceted = server
        .get("/api/search?q=the&facets=source,year&source=Eastport+Gazette")
        .json();
    let sources = faceted["facets"]["source"].as_object().unwrap();
    assert_eq!(sources.keys().collect::<Vec<_>>(), ["Eastport Gazette"]);
    assert!(faceted["facets"]["year"].is_object());

    let first = &all["hits"][0];
    let id = first["id"].as_str().unwrap();
    let article = server.get(&format!("/api/article/{id}?q=the")).json();
    assert_eq!(article["type"], "article");
    assert_eq!(article["id"], id);
    assert_eq!(article["title"], first["title"]);
    let body = article["body"].as_str().unwrap();
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    let marks = article["highlights"]["body"].as_array().unwrap();
    assert_eq!(marks.len(), paragraphs.len());
    let marked: Vec<String> = marks
        .iter()
        .zip(&paragraphs)
        .flat_map(|(ranges, p)| {
            ranges.as_array().unwrap().iter().map(move |r| {
                p[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_lowercase()
            })
        })
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|w| w == "the"),
        "{marked:?}"
    );

    let stats = server.get("/api/stats").json();
    assert!(
        stats["articles"].as_u64().unwrap() >= total as u64,
        "{stats}"
    );
}

#[test]
fn api_errors_are_json_with_fitting_statuses() {
    let (_env, server) = seeded();
    let cases: &[(&str, &str, u16, &str)] = &[
        ("GET", "/api/search?q=oil&since=yesterday", 400, "`since`"),
        ("GET", "/api/search?q=oil&until=2019-02-30", 400, "`until`"),
        ("GET", "/api/search?q=oil&limit=0", 400, "`limit`"),
        ("GET", "/api/search?q=oil&limit=5000", 400, "`limit`"),
        (
            "GET",
            "/api/search?q=oil&offset=999&limit=10",
            400,
            "first 1000",
        ),
        ("GET", "/api/search?q=oil&sort=best", 400, "`sort`"),
        ("GET", "/api/search?q=oil&facets=colour", 400, "`colour`"),
        (
            "GET",
            "/api/search?q=oil&colour=red",
            400,
            "unknown parameter `colour`",
        ),
        ("GET", "/api/search", 400, "`q` is missing"),
        ("GET", "/api/search?q=%20%20", 400, "`q` is missing"),
        (
            "GET",
            "/api/article/0000000000000000",
            404,
            "no article has this id",
        ),
        ("GET", "/api/article/x?colour=red", 400, "unknown parameter"),
        ("GET", "/api/nothing", 404, "no such page"),
        ("POST", "/api/search?q=oil", 405, "read-only"),
        ("DELETE", "/api/article/x", 405, "read-only"),
        ("PUT", "/api/stats", 405, "read-only"),
    ];
    for (method, path, status, says) in cases {
        let answer = server.request(method, path);
        assert_eq!(answer.status, *status, "{method} {path}: {}", answer.body);
        assert!(
            answer.content_type.starts_with("application/json"),
            "{method} {path}: {}",
            answer.content_type
        );
        let error = answer.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(says), "{method} {path}: {error}");
    }
    let long = "word ".repeat(300);
    let answer = server.get(&format!("/api/search?q={}", long.replace(' ', "+")));
    assert_eq!(answer.status, 400);
    assert!(answer.json()["error"]
        .as_str()
        .unwrap()
        .contains("1500 bytes"));
    // Invalid UTF-8 in the query string is replaced, not a failure.
    assert_eq!(server.get("/api/search?q=%FF%FEoil").status, 200);
}

#[test]
fn every_answer_carries_the_security_headers() {
    let (_env, server) = seeded();
    for path in [
        "/",
        "/?q=harbour",
        "/api/search?q=harbour",
        "/api/stats",
        "/static/style.css",
        "/static/app.js",
        "/nothing",
        "/api/search?q=oil&since=bad",
    ] {
        let answer = server.get(path);
        assert!(answer.csp.contains("default-src 'none'"), "{path}");
        assert!(answer.csp.contains("script-src 'self'"), "{path}");
        assert!(!answer.csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            answer.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert!(answer.header("set-cookie").is_none(), "{path}");
    }
    // No file of the machine is reachable by path tricks.
    for path in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/../../etc/passwd",
        "/static/style.css/../../../etc/passwd",
        "/article/..%2f..%2fetc%2fpasswd",
    ] {
        let answer = server.get(path);
        assert!(
            answer.status == 404 || answer.status == 400,
            "{path}: {}",
            answer.status
        );
        assert!(!answer.body.contains("root:"), "{path}");
        assert!(!answer.body.contains("[package]"), "{path}");
    }
}

#[test]
fn the_search_page_shows_hits_facets_timeline_and_pages() {
    let (_env, server) = seeded();
    let page = server.get("/?q=Xi+Putin");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    if util::seed_dir().is_some() {
        // The seed is the first hit, its title marked where the query's words are.
        let first = page.body.find("class=\"hit\"").expect("a hit");
        let title = &page.body[first..first + 600];
        assert!(title.contains("<mark>Xi</mark> Jinping"), "{title}");
        assert!(page.body.contains("People"));
    }
    let page = server.get("/?q=the");
    assert!(page.body.contains("class=\"facet\""), "facets are listed");
    assert!(page.body.contains("Eastport Gazette"));
    assert!(page.body.contains("<svg"), "a timeline of the matches");
    // More matches than a page holds: the first ten, and a link to the next page.
    let total = server.get("/api/search?q=the").json()["summary"]["total"]
        .as_u64()
        .unwrap();
    assert!(total > 10, "{total}");
    assert!(page.body.contains(&format!("1–10 of {total} articles")));
    assert!(
        page.body.contains("q=the&#38;page=2\" rel=\"next\""),
        "{}",
        page.body
    );
    let second = server.get("/?q=the&page=2");
    // (Its last number may be short of the total: copies of a story are shown once.)
    assert!(second.body.contains("11–"), "{}", second.body);
    assert!(second.body.contains(&format!(" of {total} articles")));
    // A facet's link filters: the value is in its href, encoded.
    assert!(page.body.contains("source=Eastport+Gazette"));
    let narrowed = server.get("/?q=the&source=Eastport+Gazette");
    assert!(
        narrowed.body.contains("source: Eastport Gazette ×"),
        "the filter can be removed"
    );
    // Nothing matching: a message, and a suggestion when one is near.
    let none = server.get("/?q=harbuor");
    assert_eq!(none.status, 200);
    assert!(none.body.contains("No article matches"));
    assert!(none.body.contains("Did you mean"), "{}", none.body);
    // A bad parameter is a page that says which.
    let bad = server.get("/?q=oil&since=tomorrow");
    assert_eq!(bad.status, 400);
    assert!(bad.content_type.starts_with("text/html"));
    assert!(bad.body.contains("`since` is `tomorrow`"));
    // The empty page says what the index holds; the whole page is small.
    let home = server.get("/");
    let articles = server.get("/api/stats").json()["articles"]
        .as_u64()
        .unwrap();
    assert!(
        home.body.contains(&format!("{articles} articles")),
        "{}",
        home.body
    );
    let css = server.get("/static/style.css");
    let js = server.get("/static/app.js");
    assert!(css.content_type.starts_with("text/css"));
    assert!(js.content_type.starts_with("text/javascript"));
    let weight = page.body.len() + css.body.len() + js.body.len();
    assert!(weight < 100_000, "a results page weighs {weight} bytes");
}

#[test]
fn the_article_page_and_copies() {
    let env = two_copies();
    env.index();
    let server = Server::start(&env.index_dir(), &[]);
    let api = server.get("/api/search?q=central+bank").json();
    let hits = api["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "one story: {api}");
    let copies = hits[0]["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1);
    let page = server.get("/?q=central+bank");
    assert!(page.body.contains("+1 copies"), "{}", page.body);
    let id = hits[0]["id"].as_str().unwrap();
    let article = server.get(&format!("/article/{id}?q=bank"));
    assert_eq!(article.status, 200);
    assert!(article.body.contains("<mark>bank</mark>"));
    assert!(
        article.body.contains("Opposition politicians"),
        "the whole body is shown"
    );
    let copy = copies[0]["id"].as_str().unwrap();
    assert!(
        article.body.contains(&format!("/article/{copy}")),
        "its copy is linked"
    );
    let api_article = server.get(&format!("/api/article/{id}")).json();
    assert_eq!(api_article["copies"][0]["id"], copy);
    let missing = server.get("/article/0123456789abcdef");
    assert_eq!(missing.status, 404);
    assert!(missing.content_type.starts_with("text/html"));
}

#[test]
fn a_base_path_prefixes_every_route_and_link() {
    let env = bundled();
    let proxied = Server::start(&env.index_dir(), &["--base-path", "/morgue/"]);
    assert!(proxied.url.ends_with("/morgue"), "{}", proxied.url);
    let page = proxied.get("/?q=harbour");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"/morgue/static/style.css\""));
    assert!(page.body.contains("href=\"/morgue/article/"));
    assert_eq!(proxied.get("/api/stats").status, 200);
    // The bare base path sends to its page; outside it, nothing.
    let host = proxied.url.trim_end_matches("/morgue").to_string();
    assert_eq!(proxied.get(&proxied.url.clone()).status, 308);
    assert_eq!(proxied.get(&format!("{host}/api/stats")).status, 404);
    util::morgue()
        .args(["serve", "--base-path", "morgue"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--base-path"));
}

#[test]
fn serve_refuses_what_it_cannot_do() {
    // No index: said, with what to run.
    let env = Env::new();
    env.morgue(&["serve", "--bind", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("morgue index"));
    // A port in use: said, naming the address.
    let (_env, server) = seeded();
    let port = server.url.rsplit(':').next().unwrap().to_string();
    let env = bundled();
    env.morgue(&["serve", "--bind", &format!("127.0.0.1:{port}")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!("127.0.0.1:{port}")));
    env.morgue(&["serve", "--bind", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--bind"));
}

#[test]
fn many_requests_at_once_are_answered_and_the_server_stays_up() {
    let (_env, server) = seeded();
    let server = std::sync::Arc::new(server);
    let threads: Vec<_> = (0..24)
        .map(|i| {
            let server = server.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                for j in 0..10 {
                    let q = ["harbour", "council", "the", "xi", "storm*", "budgte~"][(i + j) % 6];
                    statuses.push(
                        server
                            .get(&format!("/api/search?q={q}&facets=source,year"))
                            .status,
                    );
                }
                statuses
            })
        })
        .collect();
    for t in threads {
        for status in t.join().unwrap() {
            assert!(status == 200 || status == 503, "{status}");
        }
    }
    assert_eq!(server.get("/api/stats").status, 200);
}

#[test]
fn another_address_than_loopback_is_warned_about() {
    let env = bundled();
    let server = Server::start(&env.index_dir(), &["--bind", "0.0.0.0:0"]);
    assert!(server.url.starts_with("http://0.0.0.0:"), "{}", server.url);
    let stderr = server.stop();
    assert!(
        stderr.contains("warning") && stderr.contains("network"),
        "{stderr}"
    );
}

#[test]
fn a_reindex_while_serving_is_seen_without_a_restart() {
    let env = bundled();
    let server = Server::start(&env.index_dir(), &[]);
    let before = server.get("/api/search?q=zeppelin").json();
    assert_eq!(before["summary"]["total"], 0);
    env.write(
        "late/zeppelin.json",
        serde_json::json!({"headline": "Zeppelin lands in the harbour", "articleBody": "A zeppelin landed in the harbour on Sunday, to the surprise of the ferry crews and the harbour master."}).to_string(),
    );
    env.index();
    let started = std::time::Instant::now();
    loop {
        let after = server.get("/api/search?q=zeppelin").json();
        if after["summary"]["total"] == 1 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the new article is not served: {after}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn the_article_page_shows_keywords_and_the_capture_date() {
    let env = Env::new();
    env.write(
        "wire/story.xml",
        "<nitf><head><docdata><date.issue norm=\"20240102T000000Z\"/><key-list><keyword key=\"cocoa &amp; sugar\"/></key-list></docdata></head><body><body.head><hedline><hl1>Cocoa prices climb</hl1></hedline></body.head><body.content><p>Cocoa prices climbed for a third week as the harvest fell short.</p></body.content></body></nitf>",
    );
    let page = "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after two weeks of repairs to the breakwater, the port authority said.</p></article></body></html>";
    util::warc::pack(
        &[(
            "https://news.example/harbour".to_string(),
            page.as_bytes().to_vec(),
        )],
        &env.archive().join("crawl/pages.warc.gz"),
    );
    env.index();
    let server = Server::start(&env.index_dir(), &[]);
    let id_of = |q: &str| {
        let api = server.get(&format!("/api/search?q={q}")).json();
        api["hits"][0]["id"].as_str().unwrap().to_string()
    };
    let nitf = server.get(&format!("/article/{}", id_of("cocoa")));
    assert!(nitf.body.contains("<dt>Keywords</dt>"), "{}", nitf.body);
    assert!(nitf.body.contains("cocoa &#38; sugar"), "{}", nitf.body);
    assert!(
        nitf.body.contains("keyword%3A%22cocoa"),
        "a link searching the keyword"
    );
    let warc = server.get(&format!("/article/{}", id_of("harbour")));
    assert!(
        warc.body.contains("<dt>Captured</dt><dd>2024-05-20"),
        "{}",
        warc.body
    );
    assert!(warc.body.contains("https://news.example/harbour"));
    let api = server
        .get(&format!("/api/article/{}", id_of("harbour")))
        .json();
    assert_eq!(api["crawled"], "2024-05-20");
    assert_eq!(api["format"], "warc");
}
