//! Plain-text segmentation: cut the article out of a page saved as text.
//!
//! Input is the text of one page (a browser's "save as text", a w3m dump, a clipping); output is
//! an [`Article`] with title, standfirst, byline, date and body paragraphs. Nothing here matches a
//! particular site: the evidence is general.
//!
//! 1. Each line is measured on its own ([`lines`]): length, function-word density, sentence
//!    punctuation, bullets, promotional phrases, repetition on the page, and recurrence across the
//!    archive ([`Boilerplate`], learnt from the other files of the same folder).
//! 2. Lines too short to judge take the class of their neighbours (jusText's context rules).
//! 3. The article is the densest stretch of prose: the run of lines with the largest sum of
//!    prose words minus furniture, found in one pass (a maximum-sum window, as in Finn's Body
//!    Text Extraction). Related-article lists and footers fall outside it.
//! 4. Above the body, a short backwards walk finds the headline, the standfirst, the byline and
//!    the date; bylines and dates of other articles further down are never looked at.

pub mod lines;

// FxHash: these maps are keyed by words and lines, hashed millions of times per run.
use rustc_hash::FxHashSet as HashSet;

use crate::article::Article;
use crate::extract::boilerplate::Boilerplate;
use crate::extract::byline::parse_byline;
use crate::extract::date::find_date;
use crate::extract::lexicon::DATELINE_WORDS;
use lines::{mark_repeats, Class, Line};

/// Segment the text of one saved page into an article.
///
/// ```
/// use morgue::extract::boilerplate::Boilerplate;
/// use morgue::extract::text::segment_text;
/// let page = "Storm closes port\n\nBy Jane Doe\n\nThe port was closed on Monday after a storm tore \
///             through the harbour and damaged two of the cranes that unload the ships.\n";
/// let article = segment_text(page, &Boilerplate::default());
/// assert_eq!(article.title.as_deref(), Some("Storm closes port"));
/// assert_eq!(article.byline, vec!["Jane Doe"]);
/// assert_eq!(article.body.len(), 1);
/// ```
pub fn segment_text(text: &str, boilerplate: &Boilerplate) -> Article {
    let (lines, content) = judge_lines(text, boilerplate);
    article_from_lines(&lines, &content)
}

/// How each line was judged, for `morgue segment --explain`: (class, weight, in the body region,
/// text). Lines outside the region are never body, whatever their class.
pub fn explain_lines(text: &str, boilerplate: &Boilerplate) -> Vec<(String, f32, bool, String)> {
    let (lines, content) = judge_lines(text, boilerplate);
    let region = main_region(&lines, &content).map(|(a, b)| content[a]..=content[b]);
    lines
        .iter()
        .filter(|l| !l.blank)
        .map(|l| {
            let inside = region.as_ref().is_some_and(|r| r.contains(&l.index));
            (format!("{:?}", l.class), weight(l), inside, l.text.clone())
        })
        .collect()
}

fn judge_lines(text: &str, boilerplate: &Boilerplate) -> (Vec<Line>, Vec<usize>) {
    let raw_lines = unwrap_hard_wrapped(text);
    let mut lines: Vec<Line> = raw_lines
        .iter()
        .enumerate()
        .map(|(i, l)| Line::new(i, l))
        .collect();
    mark_repeats(&mut lines);
    mark_archive_boilerplate(&mut lines, boilerplate);
    let has_stop_words = page_has_stop_words(&lines);
    for line in &mut lines {
        line.classify(has_stop_words);
    }
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
    resolve_context(&mut lines, &content);
    (lines, content)
}

fn article_from_lines(lines: &[Line], content: &[usize]) -> Article {
    let Some((mut first, last)) = main_region(lines, content) else {
        return header_only(lines, content);
    };
    // The region may open with the header itself (dek, "By", name, date): the last byline or
    // date line among its first lines marks where the story starts.
    let head = (first..=last).take(6);
    if let Some(meta) = head
        .filter(|&pos| is_meta_line(&lines[content[pos]]))
        .last()
    {
        let header_like = (first..meta)
            .filter(|&pos| !is_meta_line(&lines[content[pos]]))
            .all(|pos| lines[content[pos]].words <= 40);
        if meta < last && header_like && (first..meta).count() <= 4 {
            first = meta + 1;
        }
    }
    let mut article = Article::default();
    let body_start = content[first];
    let below: HashSet<String> = content[first..]
        .iter()
        .map(|&i| lines[i].key.clone())
        .collect();
    let lede: String = content[first..=last]
        .iter()
        .map(|&i| &lines[i])
        .filter(|l| l.class == Class::Good)
        .take(3)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    read_header(lines, &content[..first], &below, &lede, &mut article);

    let region = &content[first..=last];
    let is_good = |pos: usize| {
        region
            .get(pos)
            .is_some_and(|&i| lines[i].class == Class::Good)
    };
    let mut body_lines: Vec<&Line> = region
        .iter()
        .enumerate()
        .filter(|&(pos, &i)| {
            let l = &lines[i];
            // A list of headlines inside the story is a list of teasers.
            if l.bullet && !l.ends_sentence && l.words < 15 {
                return false;
            }
            // A sentence demoted by context comes back when it stands beside the story's
            // prose, not when it is wedged between prompts.
            matches!(l.class, Class::Good | Class::NearGood)
                || (l.is_sentence()
                    && l.own_class != Class::Bad
                    && (is_good(pos + 1) || (pos > 0 && is_good(pos - 1))))
        })
        .map(|(_, &i)| &lines[i])
        .collect();
    // Bylines and dates often sit in the first lines of the body region.
    while let Some(line) = body_lines.first() {
        if line.words < 25 && absorb_meta_line(line, &mut article) {
            body_lines.remove(0);
        } else {
            break;
        }
    }
    if article.title.is_none() && body_start == content[0] {
        // The page starts with the article: a headline-like first line is the title.
        if let Some(line) = body_lines
            .first()
            .filter(|l| l.is_headline_like() && l.words <= 20)
        {
            article.title = Some(line.text.clone());
            body_lines.remove(0);
        }
    }
    let mut seen = HashSet::default();
    article.body = body_lines
        .into_iter()
        .filter(|l| seen.insert(l.key.as_str()))
        .filter(|l| {
            Some(&l.text) != article.title.as_ref() && Some(&l.text) != article.standfirst.as_ref()
        })
        .map(|l| l.text.clone())
        .collect();
    article
}

/// Plain text wrapped at a fixed width (e-mail, wire copy, Project Gutenberg) has one paragraph
/// spread over many lines separated by blank lines; rejoin them so that each line is a paragraph,
/// as in text saved from a browser.
fn unwrap_hard_wrapped(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    let lengths: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|&n| n > 0)
        .collect();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    let long_lines = lengths.iter().filter(|&&n| n * 10 >= longest * 6).count();
    let continued = lines
        .windows(2)
        .filter(|w| {
            !w[0].is_empty() && !w[1].is_empty() && w[0].chars().count() * 10 >= longest * 6
        })
        .count();
    let wrapped = (40..=120).contains(&longest)
        && lengths.len() >= 6
        && long_lines * 2 >= lengths.len()
        && continued * 3 >= lengths.len();
    if !wrapped {
        return lines.into_iter().map(str::to_string).collect();
    }
    let mut out = Vec::new();
    let mut paragraph = String::new();
    for line in lines {
        if line.trim().is_empty() {
            if !paragraph.is_empty() {
                out.push(std::mem::take(&mut paragraph));
            }
            out.push(String::new());
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line.trim());
        }
    }
    if !paragraph.is_empty() {
        out.push(paragraph);
    }
    out
}

fn mark_archive_boilerplate(lines: &mut [Line], boilerplate: &Boilerplate) {
    if boilerplate.is_empty() {
        return;
    }
    let hits: Vec<bool> = lines
        .iter()
        .map(|l| !l.blank && boilerplate.contains_key(&l.key))
        .collect();
    // A page most of whose prose recurs elsewhere is a copy of another article (wire copy),
    // not a page of furniture: keep it whole.
    let long: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].words >= 12).collect();
    let recurring_long = long.iter().filter(|&&i| hits[i]).count();
    if !long.is_empty() && recurring_long * 2 > long.len() {
        return;
    }
    for (line, hit) in lines.iter_mut().zip(hits) {
        line.archive_boilerplate = hit;
    }
}

/// Whether the page's language has function words we know; if not, prose is judged by length
/// and punctuation alone.
fn page_has_stop_words(lines: &[Line]) -> bool {
    let (words, stops) = lines
        .iter()
        .filter(|l| l.words >= 8)
        .fold((0.0, 0.0), |(w, s), l| {
            (w + l.words as f32, s + l.stop_density * l.words as f32)
        });
    words == 0.0 || stops / words >= 0.08
}

/// jusText's context rules: a short or near-good line takes the class of the good or bad lines
/// around it.
fn resolve_context(lines: &mut [Line], content: &[usize]) {
    let mut original: Vec<Class> = content.iter().map(|&i| lines[i].class).collect();
    if !original.contains(&Class::Good) {
        // A page of middling paragraphs only (a short story, a note): the best of them are the
        // article, rather than nothing at all.
        for class in &mut original {
            if *class == Class::NearGood {
                *class = Class::Good;
            }
        }
    }
    // The nearest deciding class on each side of every line, found in one pass each way (a
    // page of a million short lines must not cost a million squared steps). Beyond the page's
    // ends lies furniture.
    let nearest = |skip_near_good: bool, forward: bool| -> Vec<Class> {
        let mut out = vec![Class::Bad; original.len()];
        let mut last = Class::Bad;
        let order: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new(0..original.len())
        } else {
            Box::new((0..original.len()).rev())
        };
        for pos in order {
            out[pos] = last;
            match original[pos] {
                Class::Short => {}
                Class::NearGood if skip_near_good => {}
                c => last = c,
            }
        }
        out
    };
    let (prev_firm, next_firm) = (nearest(true, true), nearest(true, false));
    let (prev_any, next_any) = (nearest(false, true), nearest(false, false));
    let neighbour = |pos: usize, step: isize, skip_near_good: bool| -> Class {
        match (step < 0, skip_near_good) {
            (true, true) => prev_firm[pos],
            (false, true) => next_firm[pos],
            (true, false) => prev_any[pos],
            (false, false) => next_any[pos],
        }
    };
    let mut resolved = original.clone();
    for (pos, class) in original.iter().enumerate() {
        if *class != Class::Short {
            continue;
        }
        let (prev, next) = (neighbour(pos, -1, true), neighbour(pos, 1, true));
        resolved[pos] = match (prev, next) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ => {
                let near_prev = prev == Class::Bad && neighbour(pos, -1, false) == Class::NearGood;
                let near_next = next == Class::Bad && neighbour(pos, 1, false) == Class::NearGood;
                if near_prev || near_next {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
        };
    }
    for (pos, class) in original.iter().enumerate() {
        if *class != Class::NearGood {
            continue;
        }
        let (prev, next) = (neighbour(pos, -1, true), neighbour(pos, 1, true));
        resolved[pos] = if prev == Class::Bad && next == Class::Bad {
            Class::Bad
        } else {
            Class::Good
        };
    }
    for (&i, class) in content.iter().zip(resolved) {
        // Short lines promoted by context stay marked Short-then-Good: bullets stay out.
        lines[i].class = if class == Class::Good && lines[i].bullet && lines[i].words < 8 {
            Class::Bad
        } else {
            class
        };
    }
}

/// How much a line adds to (or takes from) the article region around it.
fn weight(line: &Line) -> f32 {
    if line.section_end {
        // Comments and related stories follow: the article does not go on past this.
        return -25.0;
    }
    match line.class {
        // A list of long bullets is more often a list of teasers than part of the story.
        Class::Good if line.bullet => line.words as f32 * 0.1,
        Class::Good => line.words as f32,
        Class::NearGood => line.words as f32 * 0.5,
        Class::Short => -2.0,
        Class::Bad if line.promo || line.archive_boilerplate => {
            -(line.words as f32).clamp(4.0, 12.0)
        }
        Class::Bad => -(line.words as f32 * 0.5).clamp(2.0, 12.0),
    }
}

/// The densest stretch of prose: the run of content lines with the largest total weight.
/// Headings that open comments or related stories split the page into sections. Comments under
/// a short story can outweigh it, but they come after it: a section that follows a substantial
/// one counts for less, the more so the further down it is.
/// Returns positions into `content`.
fn main_region(lines: &[Line], content: &[usize]) -> Option<(usize, usize)> {
    const SUBSTANTIAL: f32 = 40.0;
    const DISCOUNT_PER_HEADING: f32 = 0.5;
    // A "Related articles" box inside a story: a heading, a few teaser lines, then the story
    // again. The part of the story above such a box joins the window below it.
    const INLINE_BOX_LINES: usize = 5;
    // The best window of each section, in page order.
    let mut windows: Vec<Option<(f32, usize, usize)>> = Vec::new();
    let mut best: Option<(f32, usize)> = None; // (effective sum, section)
    let mut seen_substantial = false;
    let mut discount = 1.0f32;
    let mut section_start = 0;
    for pos in 0..=content.len() {
        if pos == content.len() || lines[content[pos]].section_end {
            let window = best_window(lines, content, section_start, pos);
            if let Some((sum, _, _)) = window {
                let effective = sum * discount;
                if best.is_none_or(|(e, _)| effective > e) {
                    best = Some((effective, windows.len()));
                }
                seen_substantial |= sum >= SUBSTANTIAL;
            }
            windows.push(window);
            if seen_substantial {
                discount *= DISCOUNT_PER_HEADING;
            }
            section_start = pos + 1;
        }
    }
    let (_, mut section) = best?;
    let (_, mut first, mut last) = windows[section].expect("the best section has a window");
    while section > 0 {
        let Some((sum, a, b)) = windows[section - 1] else {
            break;
        };
        // Positions between the end of the window above and the start of this one: the
        // heading and the box's teasers.
        if sum < SUBSTANTIAL / 2.0 || first - b > INLINE_BOX_LINES + 1 {
            break;
        }
        first = a;
        section -= 1;
    }
    // The window may open or close on furniture or teasers whose weight happened to be
    // positive; it starts and ends at prose.
    let is_prose = |pos: usize| {
        let line = &lines[content[pos]];
        line.class == Class::Good && !line.bullet
    };
    while first < last && !is_prose(first) {
        first += 1;
    }
    while last > first && !is_prose(last) {
        last -= 1;
    }
    Some((first, last))
}

/// The maximum-sum window of `content[from..to]` (Kadane's algorithm).
fn best_window(
    lines: &[Line],
    content: &[usize],
    from: usize,
    to: usize,
) -> Option<(f32, usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let (mut sum, mut start) = (0.0f32, from);
    for pos in from..to {
        if sum <= 0.0 {
            sum = 0.0;
            start = pos;
        }
        sum += weight(&lines[content[pos]]);
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, pos));
        }
    }
    best
}

/// A page without prose (a title and a few short lines): keep what there is.
fn header_only(lines: &[Line], content: &[usize]) -> Article {
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
fn read_header(
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
        if line.text.eq_ignore_ascii_case("by") || line.text.eq_ignore_ascii_case("von") {
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
    let first = above.first().map(|&i| &lines[i]);
    if let Some(first) = first.filter(|f| f.is_headline_like() && !f.repeated) {
        let plain_header =
            above.len() <= 8 && above.iter().all(|&i| !lines[i].bullet && !lines[i].promo);
        if plain_header {
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
fn standfirst_below(
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

/// Words of four letters or more, lower-case: what a headline and its story share.
fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// Lines no headline looks like: file names, numbered items, captions, "View all »", sponsor
/// notes.
fn looks_like_junk(text: &str) -> bool {
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
fn is_meta_line(line: &Line) -> bool {
    line.words < 16
        && (matches!(
            line.text.to_lowercase().as_str(),
            "by" | "von" | "par" | "por"
        ) || absorb_meta_line(line, &mut Article::default()))
}

/// If `line` is a byline or a date line, record it in `article` and return true.
fn absorb_meta_line(line: &Line, article: &mut Article) -> bool {
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
    } else if let Some(names) = parse_byline(&line.text, false) {
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

    const SEED: &str = include_str!("../../../corpus/xi-putin-best-friend.txt");

    #[test]
    fn seed_title_and_standfirst() {
        let a = segment_text(SEED, &Boilerplate::default());
        assert_eq!(
            a.title.as_deref(),
            Some("Xi Jinping says Vladimir Putin is his ‘best friend’")
        );
        assert_eq!(
            a.standfirst.as_deref(),
            Some("Chinese president gives Russian leader ‘friendship medal’ during Beijing visit")
        );
        assert!(
            a.byline.is_empty(),
            "related-article bylines leaked: {:?}",
            a.byline
        );
        assert_eq!(a.date, None);
    }

    #[test]
    fn seed_body_is_the_eleven_paragraphs() {
        let a = segment_text(SEED, &Boilerplate::default());
        assert_eq!(a.body.len(), 11, "{:#?}", a.body);
        assert!(a.body[0].starts_with("Chinese premier Xi Jinping has awarded"));
        assert!(a.body[10].starts_with("“This closeness is aimed"));
        assert!(a
            .body
            .iter()
            .all(|p| !p.contains("newsletter") && !p.contains("Continue reading")));
    }

    #[test]
    fn first_line_is_title_of_a_plain_article() {
        let page = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m) for the three months to December, from $639m year-earlier.\n\nThe firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections and higher advert sales.\n";
        let a = segment_text(page, &Boilerplate::default());
        assert_eq!(
            a.title.as_deref(),
            Some("Ad sales boost Time Warner profit")
        );
        assert_eq!(a.body.len(), 2);
    }

    #[test]
    fn byline_and_date_lines_move_to_fields() {
        let page = "Budget row deepens\n\nBy Laura Smith and John Roe\nPublished 8 June 2018 10:02\n\nThe chancellor faced fresh criticism on Friday as the row over the budget deepened among members of his own party.\n\nSeveral MPs said they would vote against the measures when they come before the house next week.\n";
        let a = segment_text(page, &Boilerplate::default());
        assert_eq!(a.title.as_deref(), Some("Budget row deepens"));
        assert_eq!(a.byline, vec!["Laura Smith", "John Roe"]);
        assert_eq!(a.date, crate::extract::date::make_date(2018, 6, 8));
        assert_eq!(a.body.len(), 2);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let page = "Grain exports rise\n\nWheat exports rose sharply in the third quarter as\nbuyers in Asia returned to the market after a long\nabsence, traders said on Tuesday in the capital.\n\nPrices were steady at the close of trading, with\nvolumes well above the average of the past month\nand more sales expected before the end of the year.\n";
        let a = segment_text(page, &Boilerplate::default());
        assert_eq!(a.body.len(), 2, "{:#?}", a.body);
        assert!(a.body[0].contains("as buyers in Asia"));
    }

    #[test]
    fn empty_text_gives_empty_article() {
        assert!(segment_text("", &Boilerplate::default()).is_empty());
        assert!(segment_text("\n\n  \n", &Boilerplate::default()).is_empty());
    }

    #[test]
    fn recurring_lines_are_learnt_as_boilerplate() {
        let furniture =
            "Get the best of our journalism delivered to you every single morning of the week";
        let pages: Vec<String> = (0..4)
            .map(|i| format!("Story {i}\n\nThe council met on Monday {i} and agreed a new plan for the town centre after years of delay and debate.\n{furniture}\n"))
            .collect();
        let model = Boilerplate::learn(pages.iter().map(String::as_str));
        assert!(!model.is_empty());
        let a = segment_text(&pages[0], &model);
        assert_eq!(a.body.len(), 1, "{:#?}", a.body);
    }
}
