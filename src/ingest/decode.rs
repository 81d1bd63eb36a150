//! Bytes to text: BOMs, UTF-8, UTF-16 and legacy encodings.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Text decoded from a file, with a note when it was not plain UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// "decoded as windows-1252", "decoded as UTF-16LE": worth telling the user once.
    pub repaired: Option<String>,
}

/// Why a file's bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum NotText {
    Empty,
    Binary,
}

/// Decode bytes to text: a BOM decides first, then valid UTF-8, then the encoding a web page
/// declares for itself (see [`declared_charset`]), then a guess among legacy encodings
/// (chardetng, the detector Firefox uses). NUL bytes without a UTF-16 BOM mean binary.
///
/// # Errors
/// `NotText::Empty` for no visible bytes, `NotText::Binary` for binary content.
pub fn decode_declared(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded, NotText> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(NotText::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let repaired = (encoding != UTF_8).then(|| format!("decoded as {}", encoding.name()));
        return Ok(Decoded {
            text: text.into_owned(),
            repaired,
        });
    }
    if looks_binary(bytes) {
        return Err(NotText::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            repaired: None,
        });
    }
    let encoding = declared
        .filter(|e| *e != UTF_8)
        .unwrap_or_else(|| guess_legacy_encoding(bytes));
    let (text, _, _) = encoding.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        repaired: Some(format!("decoded as {}", encoding.name())),
    })
}

/// The encoding a page declares in its first 4 KiB: `<meta charset="...">` or the
/// `http-equiv="Content-Type"` form, as browsers read it (a UTF-16 label in ASCII-readable
/// markup is a mistake and means UTF-8).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    use std::sync::LazyLock;
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.-]+)"#)
            .expect("valid pattern")
    });
    let head = &bytes[..bytes.len().min(4096)];
    let label = CHARSET.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label).map(Encoding::output_encoding)
}

/// Fewer non-ASCII bytes than this is too little evidence for a detector: a lone "£" in English
/// text looks as much like Polish "Ł" to it. Windows-1252, the Web's default for legacy Latin
/// text, is then the safer reading.
const MIN_EVIDENCE_BYTES: usize = 10;

fn guess_legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    if bytes.iter().filter(|b| !b.is_ascii()).count() < MIN_EVIDENCE_BYTES {
        return WINDOWS_1252;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Binary content: NUL bytes or many control characters in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
        decode_declared(bytes, None)
    }

    #[test]
    fn declared_charsets_are_read_and_trusted_over_guesses() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">";
        let encoding = declared_charset(page).unwrap();
        assert_eq!(encoding.name(), "Shift_JIS");
        let (bytes, _, _) =
            encoding.encode("<p>\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{8a18}\u{4e8b}</p>");
        let d = decode_declared(&bytes, Some(encoding)).unwrap();
        assert!(d.text.contains("\u{65e5}\u{672c}\u{8a9e}"));
        assert_eq!(
            declared_charset(b"<meta charset='utf-16'>").unwrap().name(),
            "UTF-8"
        );
        assert!(declared_charset(b"<p>no declaration</p>").is_none());
    }

    #[test]
    fn windows_1252_is_decoded_not_replaced() {
        let d = decode(b"Caf\xe9 cr\xe8me at \x80 5 in the caf\xe9 near the station").unwrap();
        assert!(d.text.contains("Café crème"));
        assert!(d.text.contains('€'));
        assert!(d.repaired.is_some());
    }

    #[test]
    fn a_lone_pound_sign_is_windows_1252() {
        let d = decode(b"Shares rose to \xa3600m in the three months to December.").unwrap();
        assert!(d.text.contains("£600m"), "{}", d.text);
    }

    #[test]
    fn plenty_of_evidence_goes_to_the_detector() {
        let russian = "Они - настоящие гении кулинарного искусства и фотографии.";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(russian);
        assert_eq!(decode(&bytes).unwrap().text, russian);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Grüße".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().text, "Grüße");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode("\u{feff}Hello".as_bytes()).unwrap();
        assert_eq!(d.text, "Hello");
        assert!(d.repaired.is_none());
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00").unwrap_err(),
            NotText::Binary
        );
        assert_eq!(decode(b"  \n\n").unwrap_err(), NotText::Empty);
        assert_eq!(decode(b"").unwrap_err(), NotText::Empty);
    }
}
