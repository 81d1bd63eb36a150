//! Above the body: the headline, the standfirst, the byline and the date, found by a short walk
//! back from the body over the lines above it. Bylines and dates further down the page belong to
//! other articles and are never looked at.

// FxHash: keyed by words, looked up for every line above the body.
use rustc_hash::FxHashSet as HashSet;

use super::lines::{Class, Line};
use crate::article::Article;
use crate::extract::byline::{is_lone_opener, parse_byline, parse_undated_byline};
use crate::extract::date::find_date;
use crate::extract::lexicon::DATELINE_WORDS;

/// A page without prose (a title and a few short lines): keep what there is.
pub(super) fn header_only(lines: &[Line], content: &[usize]) -> Article {
    let mut article = Article::default();
    read_header(lines, content, &HashSet::default(), "", &mut article);
    if article.title.is_none() {
        article.title = content
            .iter()
            .map(|&i| &lines[i])
            .find(|l| !l.promo)
            .map(|l| l.text.clone());
    }
    article
}

/// Walk back from the body over the lines above it to find headline, standfirst, byline, date.
/// `below` holds the keys of the lines from the body on: a line repeated there is furniture
/// (a newsletter prompt at top and bottom), while a headline repeated above the body is not.
/// `lede` is the start of the body: a headline shares its subject, and so its words.
pub(super) fn read_header(
    lines: &[Line],
    above: &[usize],
    below: &HashSet<String>,
    lede: &str,
    article: &mut Article,
) {
    const HEADER_LINES: usize = 30;
    let mut candidates: Vec<&Line> = Vec::new();
    let mut pending_names: Option<Vec<String>> = None;
    let mut seen = HashSet::default();
    for &i in above.iter().rev().take(HEADER_LINES) {
        let line = &lines[i];
        if is_lone_opener(&line.text) {
            // "By" on its own line with the name on the next one (WSJ and others).
            if let Some(names) = pending_names.take() {
                article.byline = names;
            }
            continue;
        }
        if line.words < 16 && absorb_meta_line(line, article) {
            continue;
        }
        if article.byline.is_empty() && line.words <= 5 {
            pending_names = parse_byline(&line.text, true);
        }
        let key = line.key.as_str();
        let furniture = line.promo || line.archive_boilerplate || line.bullet || line.section_end;
        if furniture || !seen.insert(key) || looks_like_junk(&line.text) {
            continue;
        }
        let prose_like = line.words >= 6 && line.class != Class::Bad;
        if line.is_headline_like() || prose_like {
            candidates.push(line);
        }
    }
    // A short header under a headline-like first line (a fact box, a clipping): the first line of
    // the file is the title, whatever short lines follow it.
    // Its address or date on a line of its own may come first (news corpora save them so).
    let first = above
        .iter()
        .map(|&i| &lines[i])
        .find(|l| !l.blank && !is_meta_line(l));
    if let Some(first) = first.filter(|f| f.is_headline_like() && !f.repeated) {
        let plain_header =
            above.len() <= 8 && above.iter().all(|&i| !lines[i].bullet && !lines[i].promo);
        // A file that opens with the article's own address or date, then a headline: a saved
        // article, not a page with navigation above its story.
        let saved_article = above.first().is_some_and(|&i| {
            let opening = &lines[i];
            opening.index < first.index && is_meta_line(opening)
        });
        if plain_header || saved_article {
            article.title = Some(first.text.clone());
            article.standfirst = standfirst_below(lines, above, first.index, lede);
            return;
        }
    }
    let lede_words = content_words(lede);
    let body_start = above.last().map_or(0, |&i| i + 1);
    let score = |(rank, line): (usize, &&Line)| -> f32 {
        let words = content_words(&line.text);
        let shared = words.iter().filter(|w| lede_words.contains(*w)).count();
        let overlap = if words.is_empty() {
            0.0
        } else {
            shared as f32 / words.len() as f32
        };
        let nearness = 1.0 - rank as f32 / candidates.len().max(1) as f32;
        let mut score =
            2.0 * overlap + 0.5 * nearness - 0.05 * (body_start - line.index).min(40) as f32;
        if below.contains(&line.key) {
            // Also below the story: a prompt at top and bottom, or the story's own title in a
            // list of links; what it shares with the lede tells them apart.
            score -= 0.8;
        } else if line.repeated {
            score += 0.4; // a headline repeated above the story (page title, then h1)
        }
        if line.words <= 2 {
            score -= 1.0;
        }
        if !line.is_headline_like() {
            score -= 0.6;
        }
        score
    };
    let Some((_, best)) = candidates
        .iter()
        .enumerate()
        .map(|c| (score(c), *c.1))
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return;
    };
    // The dek often reads like a better title than the headline above it: a longer line right
    // under a headline-like one is the standfirst.
    let above_best = candidates
        .iter()
        .find(|c| c.index < best.index && best.index - c.index <= 3 && c.is_headline_like());
    match above_best {
        Some(title) if title.words >= 3 && (best.words > title.words || best.ends_sentence) => {
            article.title = Some(title.text.clone());
            article.standfirst = Some(best.text.clone());
        }
        _ if best.is_headline_like() => {
            article.title = Some(best.text.clone());
            article.standfirst = standfirst_below(lines, above, best.index, lede);
        }
        _ => {}
    }
}

/// The dek under the headline at `title_index`: the first prose-like line between it and the body
/// that is not a byline, a date or furniture.
pub(super) fn standfirst_below(
    lines: &[Line],
    above: &[usize],
    title_index: usize,
    lede: &str,
) -> Option<String> {
    above
        .iter()
        .map(|&i| &lines[i])
        .filter(|l| l.index > title_index)
        .filter(|l| {
            !l.promo && !l.bullet && !l.repeated && !is_meta_line(l) && !looks_like_junk(&l.text)
        })
        .find(|l| {
            l.words >= 6
                && (l.own_class != Class::Bad || l.is_headline_like())
                && !lede.starts_with(&l.text)
        })
        .map(|l| l.text.clone())
}

/// Words of four letters or more, lower-case: what a headline and its story share. In text
/// without spaces (Chinese, Japanese), every pair of neighbouring characters, as the index
/// reads it.
pub(super) fn content_words(text: &str) -> HashSet<String> {
    let mut out = HashSet::default();
    if text.is_ascii() {
        // Cut by bytes: the lede and every candidate headline of every text page are read, and
        // decoding them a character at a time was 1.9% of indexing's instructions.
        for word in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if word.len() >= 4 {
                let mut word = String::from_utf8_lossy(word).into_owned();
                word.make_ascii_lowercase();
                out.insert(word);
            }
        }
        return out;
    }
    content_words_by_chars(text)
}

/// [`content_words`] read a character at a time (any text).
fn content_words_by_chars(text: &str) -> HashSet<String> {
    let mut out = HashSet::default();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().any(crate::lang::is_unspaced) {
            let chars: Vec<char> = word.chars().collect();
            out.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
        } else if word.chars().count() >= 4 {
            out.insert(word.to_lowercase());
        }
    }
    out
}

/// Lines no headline looks like: file names, numbered items, captions, "View all »", sponsor
/// notes.
pub(super) fn looks_like_junk(text: &str) -> bool {
    let lower = text.to_lowercase();
    let file_name = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e));
    let numbered = text.split_whitespace().next().is_some_and(|w| {
        w.len() <= 4 && w.ends_with('.') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
    });
    let caption = [
        "image:", "photo:", "video:", "watch:", "listen:", "caption:", "foto:", "bild:",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    // Breadcrumbs and category lists: "Start » Filme » Schauspieler", "News / Politik / Welt".
    let trail = text.contains(['»', '›'])
        || text.matches(" / ").count() >= 2
        || text.matches(" | ").count() >= 2;
    // Identifiers: "940x80_statischer-Banner".
    let identifier = !text.contains(' ') && text.contains(['_', '-']);
    file_name
        || numbered
        || caption
        || trail
        || identifier
        || text.ends_with('>')
        || lower.contains("sponsored")
}

/// A byline or date line, or a lone "By" (with the name on the next line).
pub(super) fn is_meta_line(line: &Line) -> bool {
    line.words < 16
        && (is_lone_opener(&line.text) || absorb_meta_line(line, &mut Article::default()))
}

/// If `line` is a byline or a date line, record it in `article` and return true.
pub(super) fn absorb_meta_line(line: &Line, article: &mut Article) -> bool {
    // The page's address on a line of its own (saved with the text, as news corpora do).
    let text = line.text.as_str();
    if (text.starts_with("http://") || text.starts_with("https://"))
        && !text.contains(char::is_whitespace)
    {
        article.url.get_or_insert_with(|| text.to_string());
        return true;
    }
    let mut absorbed = false;
    if let Some((date, range)) = find_date(&line.text) {
        let rest = format!("{} {}", &line.text[..range.start], &line.text[range.end..]);
        let leftover = rest
            .split_whitespace()
            .filter(|w| {
                let w = w.to_lowercase();
                !DATELINE_WORDS.contains(&w.trim_end_matches([',', '.', ':']))
                    && w.chars().any(char::is_alphabetic)
            })
            .count();
        let byline = parse_byline(&rest, false);
        // "New Delhi, News Nation Bureau | Updated : 19 November 2019, 09:01 AM": a short line
        // that is not a sentence may carry a place or an outlet beside its date.
        let short_dateline = leftover <= 6 && line.words < 16 && !line.ends_sentence;
        if leftover <= 2 || short_dateline || byline.is_some() {
            article.date.get_or_insert(date);
            if let Some(names) = byline {
                if article.byline.is_empty() {
                    article.byline = names;
                }
            }
            absorbed = true;
        }
    } else if let Some(names) = parse_undated_byline(&line.text, false) {
        if article.byline.is_empty() {
            article.byline = names;
        }
        absorbed = true;
    }
    absorbed
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_content_words_are_cut_as_characters_are(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "Putin", "SAID", "the", "1987", "x9y8", " ", "-", "'s", ".", "\n", "\x0B", "\u{1e}",
            ]), 0..20)
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(content_words(&text), content_words_by_chars(&text));
        }
    }
}
