//! An archive of pages written to attack whatever shows them: script in titles and bylines,
//! `javascript:` addresses, breakouts from `<title>` and `<script>`, attribute injection in
//! source names, template syntax, right-to-left overrides, a 10 MB title. Every payload that
//! runs sets `window.pwned`, so a browser can tell.
//!
//! Each page's body holds the word "hostile", so that one search lists them all.

use serde_json::json;

use super::Env;

/// What a payload does when it runs.
pub const RUN: &str = "window.pwned=1";

/// Markup that runs [`RUN`], in the forms attacks take.
pub fn payloads() -> Vec<String> {
    vec![
        format!("<script>{RUN}</script>"),
        format!("<img src=x onerror=\"{RUN}\">"),
        format!("\"><script>{RUN}</script>"),
        format!("'><svg onload=\"{RUN}\">"),
        format!("</title><script>{RUN}</script>"),
        format!("</script><script>{RUN}</script>"),
        format!("\" onmouseover=\"{RUN}\" x=\""),
        format!("' autofocus onfocus='{RUN}' x='"),
        format!("<iframe src=\"javascript:{RUN}\"></iframe>"),
        format!("<a href=\"javascript:{RUN}\">click</a>"),
        format!("<body onload=\"{RUN}\">"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url=javascript:{RUN}\">"),
        format!(
            "<style>body{{display:none}}</style><link rel=stylesheet href=//evil.example/x.css>"
        ),
        format!("<object data=\"data:text/html,<script>{RUN}</script>\"></object>"),
        format!("<base href=\"javascript:{RUN}//\">"),
        "{{ 7*7 }} {% for x in y %} ${7*7} <%= 7*7 %> {{{raw}}}".to_string(),
        "\u{202E}gnp.exe\u{202C} right-to-left \u{2066}isolate\u{2069}".to_string(),
        format!("&lt;script&gt;{RUN}&lt;/script&gt;"),
        "\u{1b}[31mred\u{1b}[0m \u{0}nul \u{7}bell".to_string(),
        format!("<math><mtext><table><mglyph><style><img src=x onerror=\"{RUN}\">"),
    ]
}

/// Write the hostile archive into `env`'s archive: at least 30 files, HTML, text and JSON.
pub fn write(env: &Env) {
    let payloads = payloads();
    for (i, p) in payloads.iter().enumerate() {
        // Saved web pages: the payload in the title, the headline, the byline, the source
        // and the address.
        let escaped_attr = p.replace('"', "&quot;");
        env.write(
            &format!("pages/attack-{i:02}.html"),
            format!(
                r#"<!doctype html><html><head><title>{p} hostile title {i}</title>
<meta property="og:title" content="{escaped_attr} hostile {i}">
<meta property="og:site_name" content="{escaped_attr}">
<meta name="author" content="{escaped_attr}">
<meta property="og:url" content="javascript:{RUN}">
<link rel="canonical" href="javascript:{RUN}">
<meta name="description" content="{escaped_attr} standfirst">
</head><body><article><h1>{p} hostile headline {i}</h1>
<p class="byline">By {p} Smith</p>
<p>This hostile page number {i} says {p} in its body, with Vladimir Putin and {p} named, in the first paragraph of a story long enough to be an article.</p>
<p>A second paragraph mentions hostile markup again: {p}. The reader must see it as text.</p>
</article></body></html>"#
            ),
        );
        // Pages saved as text: the payload stays literal text.
        env.write(
            &format!("text/attack-{i:02}.txt"),
            format!(
                "{p} hostile text {i}\n\nBy {p}\n\n12 March 2021\n\nThe hostile text page {i} carries {p} in its body, next to Xi Jinping, to see how it is shown.\n\nSource: {p}\n"
            ),
        );
        // JSON exports: every field hostile, the address `javascript:`.
        env.write(
            &format!("json/attack-{i:02}.json"),
            json!({
                "headline": format!("{p} hostile json {i}"),
                "description": p,
                "author": p,
                "publisher": format!("{p} Press"),
                "url": format!("javascript:{RUN}"),
                "datePublished": "2021-03-12",
                "articleBody": format!("The hostile export {i} holds {p} in a paragraph about Olaf Scholz and the {p} council.\n\nAnother paragraph: {p}."),
            })
            .to_string(),
        );
    }
    // A title of 10 MB, in a page and in an export.
    let huge = format!(
        "hostile {} end",
        "<b>A</b>".repeat(10 << 20 >> 8).repeat(1 << 5)
    );
    env.write(
        "huge/title.json",
        json!({"headline": huge, "articleBody": "The hostile huge title article has a short body.", "publisher": "Huge \"Quotes\" & <Co>"})
            .to_string(),
    );
    env.write(
        "huge/title.html",
        format!("<html><head><title>{huge}</title></head><body><h1>{huge}</h1><p>The hostile huge page has a body paragraph of some length so that it is read as an article.</p></body></html>"),
    );
}
