//! A cheap pass over the raw page before it is parsed, so that no page can cost unbounded
//! time, memory or stack: scripts (but not JSON-LD), styles, comments and inline SVG go, tags
//! nested deeper than any real page are dropped (their text stays), tables nested in tables past
//! [`MAX_TABLE_DEPTH`] and elements past [`MAX_ELEMENTS`] lose their tags too, and what remains
//! is cut at [`MAX_PARSE_BYTES`].
//!
//! The extractor's memory grows with the number of elements times the tables around them
//! (it copies subtrees as it goes): 100,000 rows inside 100 nested tables took 11 GB. The
//! largest real page among the benchmark sets has under 5,000 elements.
//!
//! It is a scanner, not a parser: it only has to find tag boundaries well enough to do these
//! three things, and html5ever repairs whatever it leaves.

/// Deeper nesting than this is a broken or hostile page; real articles stay under ~60.
pub const MAX_DEPTH: usize = 256;

/// Past this much markup (after scripts and styles are gone) the rest of a page is not read:
/// no article needs it, and parsing stays well under a second.
pub const MAX_PARSE_BYTES: usize = 1_000_000;

/// Elements kept, a page's worth four times over: past them, the page is read as text.
pub const MAX_ELEMENTS: usize = 20_000;

/// Tables nested in tables deeper than this are layout, not data: their table tags go.
pub const MAX_TABLE_DEPTH: usize = 8;

/// The tags that make a table.
const TABLE_PARTS: &[&str] = &[
    "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col",
];

/// Longer tags than this carry data (inline images, app state), not markup worth keeping.
const MAX_TAG_BYTES: usize = 16_384;

/// Elements whose content is never article text, skipped whole.
const SKIPPED: &[&str] = &["script", "style", "svg", "noscript", "template", "iframe"];

/// Elements that never nest in the parsed tree: void elements, which have no closing tag, and
/// those whose closing tag is optional, which the parser closes when the next one opens (pages
/// leave thousands of `<p>` and `<li>` unclosed; counting them would look like deep nesting).
const NEVER_NEST: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
];

/// The page, slimmed; `truncated` says that the cap cut it, `flattened` that tags past
/// [`MAX_ELEMENTS`] were dropped.
pub struct Slim {
    pub html: String,
    pub truncated: bool,
    pub flattened: bool,
}

/// Slim `page` down for parsing (see the module comment).
pub fn slim(page: &str) -> Slim {
    slim_within(page, MAX_PARSE_BYTES, MAX_DEPTH)
}

/// [`slim`] with other limits: at most `max_bytes` of markup, nesting flattened past
/// `max_depth`. Public so that property tests can reach the limits with small pages.
pub fn slim_within(page: &str, max_bytes: usize, max_depth: usize) -> Slim {
    let mut out = String::with_capacity(page.len().min(max_bytes) + 16);
    let mut depth = 0usize;
    let mut tables = 0usize;
    let mut elements = 0usize;
    let mut flattened = false;
    let mut rest = page;
    while let Some(lt) = rest.find('<') {
        if out.len() + lt > max_bytes {
            break;
        }
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A '<' that opens no tag ("a < b"): keep it as text.
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        };
        let raw = &rest[..tag.len];
        rest = &rest[tag.len..];
        if tag.unterminated {
            continue;
        }
        if !tag.closing && SKIPPED.contains(&tag.name.as_str()) {
            let keep = tag.name == "script" && is_json_ld(raw);
            let (inner, after) = skip_element(rest, &tag.name);
            if keep {
                out.push_str(raw);
                out.push_str(inner);
                out.push_str("</script>");
            }
            rest = after;
            continue;
        }
        if tag.name == "table" {
            if tag.closing {
                tables = tables.saturating_sub(1);
            } else if !tag.self_closing {
                tables += 1;
            }
        }
        // `</table>` has already left the deep table: it goes as its opening tag went.
        let table_depth = tables + usize::from(tag.closing && tag.name == "table");
        if table_depth > MAX_TABLE_DEPTH && TABLE_PARTS.contains(&tag.name.as_str()) {
            continue;
        }
        if !tag.closing && !tag.declaration {
            elements += 1;
            if elements > MAX_ELEMENTS {
                flattened = true;
            }
        }
        if flattened {
            continue;
        }
        let nests =
            !tag.self_closing && !NEVER_NEST.contains(&tag.name.as_str()) && !tag.declaration;
        if nests && tag.closing {
            if depth > max_depth {
                depth -= 1;
                continue;
            }
            depth = depth.saturating_sub(1);
        } else if nests {
            depth += 1;
            if depth > max_depth {
                continue;
            }
        } else if depth > max_depth {
            // Past the cap every tag goes, those that never nest too: rows and cells kept deep
            // inside flattened tables would each be re-parented up the whole open stack.
            continue;
        }
        if raw.len() > MAX_TAG_BYTES {
            // An inline image or a serialised app state in an attribute: the tag stays, its
            // attributes go.
            out.push('<');
            if tag.closing {
                out.push('/');
            }
            out.push_str(&tag.name);
            out.push('>');
        } else {
            out.push_str(raw);
        }
    }
    // What is left (text after the last tag, or everything from where the cap was reached)
    // goes in up to the cap; tags pushed whole may have overshot it by one tag.
    let truncated = out.len() + rest.len() > max_bytes;
    out.push_str(prefix(rest, max_bytes.saturating_sub(out.len())));
    if truncated {
        let keep = prefix(&out, max_bytes).len();
        out.truncate(keep);
    }
    Slim {
        html: out,
        truncated,
        flattened,
    }
}

/// At most `bytes` bytes of `s`, backing off to a character boundary.
fn prefix(s: &str, bytes: usize) -> &str {
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// One tag as found in the raw page.
struct Tag {
    /// Lower-case element name ("" for declarations such as `<!DOCTYPE>`).
    name: String,
    closing: bool,
    self_closing: bool,
    declaration: bool,
    /// No '>' before the end of the page: the rest is a broken tag and is dropped.
    unterminated: bool,
    /// Bytes from '<' to '>' inclusive.
    len: usize,
}

impl Tag {
    /// The tag at the start of `s` (which starts with '<'), or `None` when the '<' opens none.
    fn read(s: &str) -> Option<Tag> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(1) == Some(&b'/');
        if closing {
            i += 1;
        }
        let declaration = matches!(bytes.get(1), Some(b'!' | b'?'));
        let name_start = i;
        if !declaration {
            if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
            {
                i += 1;
            }
        }
        let name = s[name_start..i].to_ascii_lowercase();
        // Find the '>' that ends the tag, stepping over quoted attribute values (a quote only
        // opens a value right after '=', as in the HTML tokenizer: `<div "="">` is a tag).
        let mut quote = None;
        let mut after_equals = false;
        while let Some(&b) = bytes.get(i) {
            match (quote, b) {
                (None, b'"' | b'\'') if after_equals => quote = Some(b),
                (Some(q), _) if b == q => quote = None,
                (None, b'>') => {
                    let self_closing = i > 0 && bytes[i - 1] == b'/';
                    return Some(Tag {
                        name,
                        closing,
                        self_closing,
                        declaration,
                        unterminated: false,
                        len: i + 1,
                    });
                }
                _ => {}
            }
            if quote.is_none() && !b.is_ascii_whitespace() {
                after_equals = b == b'=';
            }
            i += 1;
        }
        Some(Tag {
            name,
            closing,
            self_closing: false,
            declaration,
            unterminated: true,
            len: s.len(),
        })
    }
}

fn is_json_ld(open_tag: &str) -> bool {
    open_tag.to_ascii_lowercase().contains("ld+json")
}

/// The content of an element whose start tag was just read, and the text after its end tag
/// (everything, when it is never closed).
fn skip_element<'a>(s: &'a str, name: &str) -> (&'a str, &'a str) {
    let mut from = 0;
    while let Some(offset) = s[from..].find("</") {
        let at = from + offset;
        let candidate = &s.as_bytes()[at + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            let after = s[at..].find('>').map_or("", |gt| &s[at + gt + 1..]);
            return (&s[..at], after);
        }
        from = at + 2;
    }
    (s, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_comments_go_json_ld_stays() {
        let page = r#"<html><head><script>var a = "<p>";</script><style>p{}</style>
            <script type="application/ld+json">{"headline":"H"}</script></head>
            <body><!-- note --><p>Text &amp; more</p><svg><text>x</text></svg></body></html>"#;
        let slim = slim(page).html;
        assert!(!slim.contains("var a"));
        assert!(!slim.contains("p{}"));
        assert!(!slim.contains("note"));
        assert!(!slim.contains("<svg"));
        assert!(slim.contains(r#"{"headline":"H"}"#));
        assert!(slim.contains("<p>Text &amp; more</p>"));
    }

    #[test]
    fn deep_nesting_is_flattened_but_text_kept() {
        let page = format!(
            "<body>{}deep text{}</body>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let slim = slim(&page).html;
        assert!(slim.matches("<div>").count() <= MAX_DEPTH);
        assert!(slim.contains("deep text"));
    }

    #[test]
    fn inline_data_does_not_count_against_the_cap() {
        let page = format!(
            "<head><img src=\"data:image/png;base64,{}\"></head><body><p>Text</p></body>",
            "A".repeat(MAX_PARSE_BYTES * 2)
        );
        let slim = slim(&page);
        assert!(!slim.truncated);
        assert!(slim.html.contains("<img><"), "{}", &slim.html[..40]);
        assert!(slim.html.contains("<p>Text</p>"));
    }

    #[test]
    fn huge_pages_are_cut_at_a_character_boundary() {
        let page = format!("<p>{}</p>", "é".repeat(MAX_PARSE_BYTES));
        let slim = slim(&page);
        assert!(slim.truncated);
        assert!(slim.html.len() <= MAX_PARSE_BYTES);
    }

    #[test]
    fn stray_angle_brackets_and_unclosed_tags_survive() {
        let slim = slim("<p>a < b and 3<4</p><div class=\"x").html;
        assert!(slim.contains("a &lt; b"));
        assert!(!slim.contains("class"));
        let odd = super::slim("<div \"=\"\"><p>Lorem ipsum</p></div>").html;
        assert!(odd.contains("<p>Lorem ipsum</p>"), "{odd}");
    }
}
