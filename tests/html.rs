//! Saved web pages through the real binary: fields, encodings, and pages built to hurt.

use crate::util::{assert_success, Env};
use serde_json::Value;

/// `morgue segment --json FILE` as one JSON object, with the command's stderr.
fn segment(env: &Env, path: &std::path::Path) -> (Value, String) {
    let out = env
        .morgue(&["segment", "--json"])
        .arg(path)
        .output()
        .unwrap();
    assert_success(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout.lines().next().expect("one article");
    (
        serde_json::from_str(first).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The fields of the bundled lifeboat page, as `segment` and `search` both show them.
fn assert_lifeboat_fields(article: &Value) {
    assert_eq!(article["format"], "html");
    assert_eq!(
        article["title"],
        "Lifeboat station reopens after two-year rebuild"
    );
    assert_eq!(
        article["byline"],
        serde_json::json!(["Maya Okafor", "Tom Ferris"])
    );
    assert_eq!(article["date"], "2024-03-09");
    assert_eq!(article["source"], "Eastport Gazette");
}

fn body(article: &Value) -> String {
    article["body"].as_str().unwrap_or_default().to_string()
}

#[test]
fn bundled_pages_segment_into_every_field() {
    let env = Env::new();
    let page = crate::util::bundled_corpus().join("pages/lifeboat-station-reopens.html");
    let (a, _) = segment(&env, &page);
    assert_lifeboat_fields(&a);
    assert_eq!(
        a["standfirst"],
        "Volunteers return to a station built to withstand the storms that wrecked the old one."
    );
    assert_eq!(
        a["url"],
        "https://gazette.example/news/2024/03/09/lifeboat-station-reopens"
    );
    assert_eq!(a["lang"], "en");
    let text = body(&a);
    assert!(text.starts_with("The Eastport lifeboat station reopened on Friday"));
    assert!(text.ends_with("meet the crew who will sail it."));
    for furniture in [
        "Sport",
        "Related stories",
        "Lena Hart",
        "Sign up",
        "well done to all the volunteers",
        "All rights reserved",
        "window.dataLayer",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} left in the body");
    }
}

#[test]
fn declared_legacy_charset_is_honoured_and_the_dateline_is_not_body() {
    let env = Env::new();
    let page = crate::util::bundled_corpus().join("pages/marktplatz-gesperrt-latin1.html");
    let (a, stderr) = segment(&env, &page);
    assert_eq!(a["title"], "Marktplatz wird für drei Wochen gesperrt");
    assert_eq!(a["byline"], serde_json::json!(["Jürgen Weiß"]));
    assert_eq!(a["date"], "2023-05-14");
    assert_eq!(a["lang"], "de");
    let text = body(&a);
    assert!(text.contains("Bürgermeisterin Käthe Grünwald"), "{text}");
    assert!(!text.contains('\u{fffd}'));
    assert!(!text.contains("Startseite"));
    assert!(!text.starts_with("Oberau, 14.05.2023"));
    assert!(stderr.contains("decoded as windows-1252"), "{stderr}");
}

/// A page with a body of real prose, in `charset`, declared as `label` (or not at all).
fn legacy_page(
    text: &str,
    label: Option<&str>,
    encoding: &'static encoding_rs::Encoding,
) -> Vec<u8> {
    let declaration = label
        .map(|l| format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={l}\">"))
        .unwrap_or_default();
    let paragraph = format!("<p>{text}</p>\n").repeat(4);
    let page = format!(
        "<html><head>{declaration}<title>{text}</title></head><body><article><h1>{text}</h1>{paragraph}</article></body></html>"
    );
    let (bytes, _, unmappable) = encoding.encode(&page);
    assert!(!unmappable, "the test text fits {}", encoding.name());
    bytes.into_owned()
}

#[test]
fn legacy_encodings_declared_or_guessed_give_no_mojibake() {
    let env = Env::new();
    let cases: [(&str, &str, Option<&str>, &'static encoding_rs::Encoding); 5] = [
        (
            "sjis.html",
            "東京の市場で魚の価格が上がり、漁業者は燃料費の高騰が原因だと話している。",
            Some("Shift_JIS"),
            encoding_rs::SHIFT_JIS,
        ),
        (
            "gbk.html",
            "上海港口的集装箱吞吐量今年增长了百分之五，工人们说工作比以前更忙了。",
            Some("gbk"),
            encoding_rs::GBK,
        ),
        (
            "latin2.html",
            "Władze miasta zapowiedziały remont głównej ulicy, który potrwa do końca października.",
            Some("iso-8859-2"),
            encoding_rs::ISO_8859_2,
        ),
        (
            "undeclared-1252.html",
            "Le café crème coûte désormais trois euros à Élancourt, une hausse jugée brutale par les habitués.",
            None,
            encoding_rs::WINDOWS_1252,
        ),
        (
            "undeclared-sjis.html",
            "大阪の商店街では、祭りの準備が始まり、多くの店が提灯を飾っている。",
            None,
            encoding_rs::SHIFT_JIS,
        ),
    ];
    for (name, text, label, encoding) in cases {
        let path = env.write(name, legacy_page(text, label, encoding));
        let (a, _) = segment(&env, &path);
        assert_eq!(a["title"], text, "{name}");
        assert!(body(&a).contains(text), "{name}: {}", body(&a));
    }
    // A byte-order mark beats any declaration.
    let mut utf16 = vec![0xff, 0xfe];
    let page = legacy_page(
        "Ferry timetable changes for the winter season on every route",
        Some("iso-8859-1"),
        encoding_rs::UTF_8,
    );
    for unit in String::from_utf8(page).unwrap().encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let path = env.write("bom.html", utf16);
    let (a, _) = segment(&env, &path);
    assert_eq!(
        a["title"],
        "Ferry timetable changes for the winter season on every route"
    );
}

#[test]
fn hostile_pages_end_in_an_answer_or_a_one_line_report() {
    let env = Env::new();
    let prose = "<p>The council approved the new budget on Tuesday after a long debate about the cost of repairing the town's bridges and roads.</p>";
    for tag in ["div", "b", "span", "table", "blockquote", "font"] {
        env.write(
            &format!("deep/{tag}.html"),
            format!(
                "<html><body><h1>Deep {tag}</h1>{}{prose}{prose}{}</body></html>",
                format!("<{tag}>").repeat(100_000),
                format!("</{tag}>").repeat(100_000)
            ),
        );
    }
    env.write(
        "deep/unclosed.html",
        format!(
            "<html><body><h1>Unclosed tags</h1>{}{prose}{prose}",
            "<div><p><li><td><a href='x'>".repeat(20_000)
        ),
    );
    // 50 MB: scripts and inline images, then the article, then 30 MB of repeated prose.
    let mut big = String::from("<html><head><title>Big page</title>");
    big.push_str(&format!(
        "<script>{}</script>",
        "var x = 1; ".repeat(1_000_000)
    ));
    big.push_str(&format!(
        "<img src=\"data:image/png;base64,{}\">",
        "A".repeat(10_000_000)
    ));
    big.push_str("</head><body><h1>Big page</h1>");
    big.push_str(&prose.repeat(30_000_000 / prose.len()));
    big.push_str("</body></html>");
    assert!(big.len() > 50_000_000);
    env.write("big/page.html", &big);
    env.write(
        "bad/scripts-only.html",
        format!(
            "<html><head><script>{}</script></head><body><script>render()</script></body></html>",
            "x();".repeat(1000)
        ),
    );
    env.write("bad/empty.html", "");
    env.write(
        "bad/only-markup.htm",
        "<html><head></head><body><div><span></span></div></body></html>",
    );

    let out = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["scripts-only.html", "empty.html", "only-markup.htm"] {
        assert_eq!(
            stderr.matches(name).count(),
            1,
            "{name} reported once in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("page.html") && stderr.contains("only the first"),
        "{stderr}"
    );
    assert!(stderr.contains("indexed 8 articles"), "{stderr}");
    // The pages wrap one text: copies of one story, each shown with --all-copies.
    let (hits, _, _) = env.search_json("council budget bridges", &["-n", "20", "--all-copies"]);
    assert_eq!(hits.len(), 8);
    for tag in ["div", "b", "span", "table", "blockquote", "font"] {
        assert!(
            hits.iter().any(|h| h["title"] == format!("Deep {tag}")),
            "Deep {tag} indexed"
        );
    }
}

#[test]
fn pages_are_recognised_without_an_extension_and_searchable() {
    let env = Env::new();
    let page =
        std::fs::read(crate::util::bundled_corpus().join("pages/lifeboat-station-reopens.html"))
            .unwrap();
    env.write("saved/lifeboat", page);
    env.index();
    let (hits, _, _) = env.search_json("lifeboat slipway", &[]);
    assert_eq!(hits.len(), 1);
    assert_lifeboat_fields(&hits[0]);
    // What the extractor cut away is not searchable.
    let (hits, _, _) = env.search_json("\"Lena Hart\"", &[]);
    assert!(
        hits.is_empty(),
        "a related story's byline is not the article's"
    );
}
