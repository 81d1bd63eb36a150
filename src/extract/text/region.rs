//! Where the article lies on the page: short lines take the class of their neighbours
//! (jusText's context rules), each line weighs for or against the article, and the article is
//! the densest stretch of prose, found as a maximum-sum window.

use super::lines::{Class, Line};

/// Words from which a paragraph of sentences stands on its own evidence.
const LONG_PARAGRAPH_WORDS: usize = 40;

/// jusText's context rules: a short or near-good line takes the class of the good or bad lines
/// around it.
pub(super) fn resolve_context(lines: &mut [Line], content: &[usize]) {
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
        // A paragraph of many sentences is prose whatever surrounds it (a recipe between an
        // interview's captions); the rule is for lines too short to judge alone.
        let paragraph = {
            let line = &lines[content[pos]];
            line.words >= LONG_PARAGRAPH_WORDS && line.is_sentence()
        };
        resolved[pos] = if prev == Class::Bad && next == Class::Bad && !paragraph {
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
pub(super) fn weight(line: &Line) -> f32 {
    if line.ends_section() {
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
pub(super) fn main_region(lines: &[Line], content: &[usize]) -> Option<(usize, usize)> {
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
        if pos == content.len() || lines[content[pos]].ends_section() {
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
    // And the story may go on below such a box, when the part below counts for less than the
    // part above (sections further down are discounted).
    let mut below = best.map_or(0, |(_, s)| s) + 1;
    while let Some(Some((sum, a, b))) = windows.get(below) {
        let about_box = (last..*a).any(|pos| lines[content[pos]].about_box);
        if *sum < SUBSTANTIAL / 2.0 || a - last > INLINE_BOX_LINES + 1 || about_box {
            break;
        }
        last = *b;
        below += 1;
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
pub(super) fn best_window(
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

/// Enumerated lists that the story announces ("…the countries ranked as follows:" then "1. …",
/// "2. …"): the stretches of content positions, from the first item to the end of the last,
/// that belong to the story whatever their lines look like alone (short names, bare links). A
/// list may run on past the densest stretch of prose, which ends where the prose does.
pub(super) fn announced_lists(
    lines: &[Line],
    content: &[usize],
    first: usize,
    last: usize,
) -> Vec<(usize, usize)> {
    // Lines allowed between two items (a link, a note under each).
    const MAX_BETWEEN: usize = 3;
    let mut lists = Vec::new();
    let mut pos = first;
    while pos <= last && pos + 1 < content.len() {
        let announces = lines[content[pos]].text.ends_with(':') && lines[content[pos]].words >= 4;
        if !announces || item_number(&lines[content[pos + 1]].text) != Some(1) {
            pos += 1;
            continue;
        }
        let start = pos + 1;
        let (mut last_item, mut number, mut between) = (start, 1, 0);
        let mut next = start + 1;
        while next < content.len() && next - last_item <= MAX_BETWEEN + 1 {
            if item_number(&lines[content[next]].text) == Some(number + 1) {
                between = next - last_item - 1;
                (last_item, number) = (next, number + 1);
            }
            next += 1;
        }
        if number >= 2 {
            // The last item keeps as many lines under it as the one before it had.
            let end = (last_item + between).min(content.len() - 1);
            lists.push((start, end));
            pos = end;
        }
        pos += 1;
    }
    lists
}

/// The number a list item opens with: "1) …", "2. …", "3 - …".
fn item_number(text: &str) -> Option<u32> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &text[digits..];
    let marked = rest.starts_with(") ") || rest.starts_with(". ") || rest.starts_with(" - ");
    marked.then(|| text[..digits].parse().ok()).flatten()
}
