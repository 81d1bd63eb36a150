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

mod header;
pub mod lines;
mod region;

// FxHash: these maps are keyed by words and lines, hashed millions of times per run.
use rustc_hash::FxHashSet as HashSet;

use crate::article::Article;
use crate::extract::boilerplate::Boilerplate;
use header::{absorb_meta_line, header_only, is_meta_line, read_header};
use lines::{mark_repeats, Class, Line};
use region::{main_region, resolve_context, weight};

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
