//! `morgue serve` in a real browser: Debian's headless Chromium, driven over the DevTools
//! protocol. Skipped (with the reason printed) when Chromium is not installed, unless
//! MORGUE_REQUIRE_BROWSER=1 (set by `.ci/run`, which installs it), where that fails instead.
//!
//! Screenshots of the main pages are written to `target/screenshots/` (copied into `docs/` by
//! hand when the pages change).

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use crate::search::two_copies;
use crate::util::server::Server;
use crate::util::{self, bundled, hostile_pages, Env};

/// Chromium, or `None` (the reason printed) when it is not installed.
fn browser() -> Option<Browser> {
    let path = std::env::var_os("MORGUE_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
        });
    let Some(path) = path else {
        if std::env::var("MORGUE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("no Chromium found and MORGUE_REQUIRE_BROWSER=1: install Debian's chromium");
        }
        eprintln!("skipped: no Chromium (install Debian's chromium, or set MORGUE_CHROMIUM)");
        return None;
    };
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        // Tests may run as root in a container, where Chromium's sandbox cannot start.
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(vec![OsStr::new("--disable-dev-shm-usage")])
        .build()
        .expect("launch options");
    Some(Browser::new(options).expect("Chromium starts"))
}

fn eval(tab: &Tab, script: &str) -> Value {
    tab.evaluate(script, false)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url)
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    loaded(tab, url);
}

/// Wait until the tab's page has loaded (`what` names it in the failure).
fn loaded(tab: &Tab, what: &str) {
    let started = std::time::Instant::now();
    loop {
        let state = tab
            .evaluate("document.readyState", false)
            .ok()
            .and_then(|r| r.value);
        if state.as_ref().and_then(Value::as_str) == Some("complete") {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} did not load"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Click the first element `selector` finds, and wait for the page it leads to.
fn click(tab: &Tab, selector: &str) {
    let before = tab.get_url();
    tab.wait_for_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
    // The navigation starts after the click returns: wait for the address to change.
    let started = std::time::Instant::now();
    while tab.get_url() == before {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "clicking {selector} on {before} led nowhere"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    loaded(tab, selector);
}

fn screenshot(tab: &Tab, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("a screenshot");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

#[test]
fn a_reader_searches_narrows_and_reads() {
    let Some(browser) = browser() else { return };
    let env = bundled();
    let seeded = util::seed_dir().is_some_and(|seed| {
        util::copy_tree(&seed, &env.archive().join("seed"));
        env.index();
        true
    });
    let server = Server::start(&env.index_dir(), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &format!("{}/", server.url));
    screenshot(&tab, "home.png");
    // "/" focuses the box (the page's script ran under the Content-Security-Policy).
    tab.press_key("/").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.id"), "q");
    let query = if seeded { "Xi Putin" } else { "harbour" };
    let home = tab.get_url();
    tab.type_str(query).unwrap().press_key("Enter").unwrap();
    while tab.get_url() == home {
        std::thread::sleep(Duration::from_millis(20));
    }
    loaded(&tab, "the results");
    tab.wait_for_element("li.hit").unwrap();
    let first = eval(&tab, "document.querySelector('li.hit h2').textContent");
    if seeded {
        assert!(
            first
                .as_str()
                .unwrap()
                .contains("Xi Jinping says Vladimir Putin"),
            "{first}"
        );
    }
    assert!(tab.get_url().contains("q="), "the query is in the URL");

    // A broader query, then a facet narrows it: fewer or as many articles, the filter shown.
    open(&tab, &format!("{}/?q=the", server.url));
    screenshot(&tab, "search.png");
    let before = eval(&tab, "document.querySelector('.summary').textContent");
    click(&tab, ".facet a");
    assert!(tab.get_url().contains("source=") || tab.get_url().contains("since="));
    tab.wait_for_element(".chip").unwrap();
    let after = eval(&tab, "document.querySelector('.summary').textContent");
    assert_ne!(before, after, "the facet narrowed the results");
    // The timeline narrows the dates.
    open(&tab, &format!("{}/?q=the", server.url));
    let bars = eval(&tab, "document.querySelectorAll('.timeline a').length");
    assert!(bars.as_u64().unwrap() >= 2, "{bars}");
    click(&tab, ".timeline a");
    assert!(tab.get_url().contains("since="), "{}", tab.get_url());

    // The article page: the whole text, the query's words marked.
    open(
        &tab,
        &format!("{}/?q={}", server.url, query.replace(' ', "+")),
    );
    click(&tab, "li.hit h2 a");
    tab.wait_for_element("article.article").unwrap();
    screenshot(&tab, "article.png");
    let paragraphs = eval(&tab, "document.querySelectorAll('.body p').length");
    assert!(paragraphs.as_u64().unwrap() >= 2, "{paragraphs}");
    assert!(
        eval(&tab, "document.querySelectorAll('mark').length")
            .as_u64()
            .unwrap()
            >= 1
    );

    // At a phone's width nothing is wider than the screen.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
            width: 390,
            height: 844,
            device_scale_factor: 2.0,
            mobile: true,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        },
    )
    .unwrap();
    open(&tab, &format!("{}/?q=the", server.url));
    screenshot(&tab, "phone.png");
    let overflow = eval(
        &tab,
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "wider than a phone by {overflow}"
    );
}

#[test]
fn a_reader_follows_a_copy() {
    let Some(browser) = browser() else { return };
    let env = two_copies();
    env.index();
    let server = Server::start(&env.index_dir(), &[]);
    let tab = browser.new_tab().unwrap();
    open(&tab, &format!("{}/?q=central+bank", server.url));
    assert_eq!(eval(&tab, "document.querySelectorAll('li.hit').length"), 1);
    tab.wait_for_element("details.copies summary")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('details.copies').open"),
        true
    );
    let shown = eval(&tab, "document.querySelector('li.hit h2').textContent");
    click(&tab, "details.copies a");
    tab.wait_for_element("article.article").unwrap();
    let copy = eval(&tab, "document.querySelector('h1').textContent");
    assert_ne!(shown, copy, "the copy is the other article");
    assert!(
        eval(&tab, "document.body.textContent.includes('central bank')")
            .as_bool()
            .unwrap()
    );
}

#[test]
fn no_script_of_the_hostile_archive_runs_in_the_browser() {
    let Some(browser) = browser() else { return };
    let env = Env::new();
    hostile_pages::write(&env);
    env.index();
    let server = Server::start(&env.index_dir(), &[]);
    let tab = browser.new_tab().unwrap();
    let mut pages: Vec<String> = Vec::new();
    for q in ["hostile", "script", "huge"] {
        pages.push(format!("{}/?q={q}", server.url));
    }
    for p in hostile_pages::payloads() {
        let q: String = form_urlencoded::byte_serialize(p.as_bytes()).collect();
        pages.push(format!("{}/?q={q}", server.url));
    }
    // Every article, through the API's ids.
    let api = server
        .get("/api/search?q=hostile&limit=100&all-copies=1")
        .json();
    for hit in api["hits"].as_array().unwrap() {
        pages.push(format!(
            "{}/article/{}?q=script",
            server.url,
            hit["id"].as_str().unwrap()
        ));
    }
    assert!(pages.len() >= 70, "{}", pages.len());
    for url in &pages {
        open(&tab, url);
        // Focus and hover every element, as a reader's mouse and keyboard would.
        eval(
            &tab,
            "for (const e of document.querySelectorAll('*')) { e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); if (e.focus) e.focus(); } true",
        );
        let ran = eval(&tab, "window.pwned !== undefined");
        assert_eq!(ran, false, "a script of the archive ran on {url}");
        // Nothing the archive holds became an element: every <mark>, link and paragraph is ours.
        let foreign = eval(
            &tab,
            "document.querySelectorAll('iframe, object, embed, img, style, base, body script:not([src])').length",
        );
        assert_eq!(foreign, 0, "{url}");
    }
}
