//! Text bound for a terminal, made harmless: archives are hostile input, and a title, a byline
//! or a file name may carry escape sequences that retitle the window, clear the screen, write
//! the clipboard (OSC 52), or hide text. Every control character, and the bidirectional
//! overrides that reorder what is shown, becomes visible as an escape (`\x1b`, `\u{202e}`);
//! other text is untouched. JSON output needs none of this: serde escapes control characters.

use std::borrow::Cow;

/// `text` with every control character shown as an escape instead of acting on the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls (tab, newline and carriage return included: the printers lay out lines
/// themselves), DEL, and the bidirectional embeddings, overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_text_stays() {
        assert_eq!(clean("Xi Jinping says"), "Xi Jinping says");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}]0;owned\u{7}b"), "a\\x1b]0;owned\\x07b");
        assert_eq!(clean("\u{1b}[2J\r\u{8}\0"), "\\x1b[2J\\x0d\\x08\\x00");
        assert_eq!(clean("x\u{9b}31m"), "x\\x9b31m");
        assert_eq!(clean("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(clean("tab\there"), "tab\\x09here");
        assert_eq!(clean("émigré 习近平"), "émigré 习近平");
    }
}
