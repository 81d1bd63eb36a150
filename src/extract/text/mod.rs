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
use lines::{mark_about_boxes, mark_repeats, Class, Line};
use region::{announced_lists, main_region, resolve_context, weight};

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
    mark_about_boxes(&mut lines);
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

    let lists = announced_lists(lines, content, first, last);
    let in_list = |pos: usize| lists.iter().any(|&(a, b)| (a..=b).contains(&(first + pos)));
    let end = lists.iter().map(|&(_, b)| b).fold(last, usize::max);
    let region = &content[first..=last];
    let is_good = |pos: usize| {
        region
            .get(pos)
            .is_some_and(|&i| lines[i].class == Class::Good)
    };
    let mut body_lines: Vec<&Line> = content[first..=end]
        .iter()
        .enumerate()
        .filter(|&(pos, &i)| {
            let l = &lines[i];
            if in_list(pos) {
                return true;
            }
            if first + pos > last {
                return false;
            }
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
    // The page starts with the article: a headline-like first line is the title. So it is when
    // only the article's own address and date come before it (news corpora save pages so).
    let opens_with_article = body_start == content[0];
    let opens_with_its_address = !opens_with_article
        && content
            .iter()
            .take_while(|&&i| i < body_start)
            .all(|&i| is_meta_line(&lines[i]));
    if article.title.is_none() && (opens_with_article || opens_with_its_address) {
        if let Some(line) = body_lines
            .first()
            .filter(|l| l.is_headline_like() && (opens_with_its_address || l.words <= 20))
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
    let wrapped = (40..=120).contains(&longest)
        && lengths.len() >= 6
        && long_lines * 2 >= lengths.len()
        && continued_lines(&lines, &lengths, longest) * 3 >= lengths.len();
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

/// Lines of a long length that the next line continues as wrapped text does: the line broke
/// because the next word would not fit on it. Lines of a list or a credit block that merely
/// follow each other do not count. The width is taken below the longest line, which may
/// overflow it (an address, a table). `lengths` are the non-blank lines' lengths in characters.
fn continued_lines(lines: &[&str], lengths: &[usize], longest: usize) -> usize {
    let width = {
        let mut sorted = lengths.to_vec();
        sorted.sort_unstable();
        sorted.get(sorted.len() * 9 / 10).copied().unwrap_or(0)
    };
    lines
        .windows(2)
        .filter(|w| {
            let this = w[0].chars().count();
            let next = w[1].split_whitespace().next().unwrap_or("");
            if next.is_empty() || this * 10 < longest * 6 {
                return false;
            }
            // Unspaced script (Chinese, Japanese) wraps between any two characters.
            let next_word = next
                .chars()
                .position(crate::lang::is_unspaced)
                .map_or_else(|| next.chars().count(), |at| at.max(1));
            this + 1 + next_word > width
        })
        .count()
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
    fn a_headline_under_the_pages_address_and_date_is_the_title() {
        // livedoor's layout: address, date, headline, body; a headline asking a question reads
        // as a sentence and opened the body.
        let page = "http://news.livedoor.com/article/detail/4778030/\n2010-05-22T14:30:00+0900\n\
                    友人代表のスピーチ、独女はどうこなしている？\n\
                    もうすぐジューン・ブライドと呼ばれる６月。独女の中には自分の式はまだなのに呼ばれてばかり……という「お祝い貧乏」状態の人も多いのではないだろうか？\n\
                    さてそんなとき、独女はどう対応したらいいか？\n";
        let a = segment_text(page, &Boilerplate::default());
        assert_eq!(
            a.title.as_deref(),
            Some("友人代表のスピーチ、独女はどうこなしている？")
        );
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2010-05-22"));
        assert_eq!(a.body.len(), 2, "{:#?}", a.body);
        let mixed = page.replace("友人代表のスピーチ", "twitterの写真");
        assert!(segment_text(&mixed, &Boilerplate::default())
            .title
            .is_some_and(|t| t.starts_with("twitterの写真")));
    }

    #[test]
    fn lines_that_merely_follow_each_other_are_not_joined() {
        // A credit block: each line could have held the next line's first word, so the text was
        // not wrapped at a width, whatever the lines' lengths.
        let page = "http://news.livedoor.com/article/detail/6690674/\n2000-06-26T09:45:00+0900\n\
                    快適なスマホライフのための必須アプリ\n\
                    「マトリックス レボリューションズ」(c)Warner Bros. Entertainment Inc.\n\
                    「チャーリーズ・エンジェル」(c)2003 Columbia Pictures Industries, Inc. All Right Reserved\n\
                    「ダ・ヴィンチ・コード／字幕版」(c)2006 COLUMBIA PICTURES INDUSTRIES, INC. ALL RIGHTS RESERVED.\n\
                    「ハムナプトラ 失われた砂漠の都」(c)1999 Universal Studios.\n\
                    「フラガール」(c)2006 BLACK DIAMONDS\n";
        let a = segment_text(page, &Boilerplate::default());
        assert_eq!(
            a.title.as_deref(),
            Some("快適なスマホライフのための必須アプリ")
        );
        assert_eq!(unwrap_hard_wrapped(page).len(), 8);
    }

    /// A paragraph of plain prose, `n` words long, about `topic`.
    fn prose(topic: &str, n: usize) -> String {
        let words: Vec<String> = (0..n)
            .map(|i| match i % 8 {
                0 => "the".to_string(),
                1 => topic.to_string(),
                2 => "was".to_string(),
                3 => "in".to_string(),
                4 => "the".to_string(),
                5 => format!("town{i}"),
                6 => "and".to_string(),
                _ => "it".to_string(),
            })
            .collect();
        let mut text = words.join(" ");
        text.replace_range(..1, "T");
        text + "."
    }

    #[test]
    fn a_list_the_story_announces_is_kept_whole() {
        let page = format!(
            "Deals not to miss\n\n{}\n\n{} Here are the offers:\n\n\
             1) Lego Star Wars 75188\nhttp://amzn.to/2iJFhRj\n2) Polistil 960574 track\n\
             http://amzn.to/2hZfWFJ\n3) Thriller (vinyl)\nhttp://amzn.to/2B5WGKP\n\n\
             Share this\nFacebook\nTwitter\n",
            prose("sale", 40),
            prose("shop", 30)
        );
        let a = segment_text(&page, &Boilerplate::default());
        let body = a.body.join("\n");
        assert!(body.contains("1) Lego Star Wars"), "{body}");
        assert!(
            body.ends_with("3) Thriller (vinyl)\nhttp://amzn.to/2B5WGKP"),
            "{body}"
        );
        assert!(!body.contains("Facebook"));
    }

    #[test]
    fn a_promotional_phrase_in_passing_leaves_a_paragraph_in_the_story() {
        let passing = format!(
            "{} It is one of the most popular in the shop.",
            prose("pad", 40)
        );
        let page = format!(
            "Controller prices fall\n\n{}\n\n{passing}\n\n{}\n",
            prose("price", 30),
            prose("colour", 30)
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert!(a.body.contains(&passing), "{:#?}", a.body);
        let prompt = "Sign up for our newsletter: the most popular stories every morning.";
        let page = format!("{page}\n{prompt}\n");
        assert!(!segment_text(&page, &Boilerplate::default())
            .body
            .contains(&prompt.to_string()));
    }

    #[test]
    fn a_long_paragraph_between_captions_is_prose() {
        // An interview with a recipe under each answer: each recipe sits between captions that
        // every answer repeats, and is short of function words.
        let recipe = |dish: &str| {
            format!(
                "— {dish}. Base: 2 yolks, 150 g soft butter, 30 g sugar, 200 g flour. Filling: \
                 300 g cream cheese, 300 g soft curd, 2 eggs, 3 tomatoes, salt, spices. Bake 40 \
                 minutes, 180 degrees, golden crust; serve warm, green salad, fresh basil."
            )
        };
        let answer = |who: &str, dish: &str| {
            format!(
                "{who}\nPhoto: personal archive\n\n{}\n\nExclusive recipe for a quick supper.\n\
                 {}\nVote on the last page!\n\n",
                prose(who, 40),
                recipe(dish)
            )
        };
        let page = format!(
            "Twelve food bloggers\n\n{}\n\n{}{}{}",
            prose("blog", 40),
            answer("Anna", "Tomato quiche"),
            answer("Olga", "Pizza dough"),
            prose("vote", 40)
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert!(a.body.contains(&recipe("Tomato quiche")), "{:#?}", a.body);
        assert!(a.body.contains(&recipe("Pizza dough")), "{:#?}", a.body);
    }

    #[test]
    fn the_sites_copyright_notice_ends_the_story() {
        // Below the story, a related box, then the site's legal small print: long sentences
        // that outweigh a short story unless the notice marks the footer.
        let story = [prose("meal", 30), prose("plan", 30), prose("phase", 30)];
        let legal = [
            prose("website", 30),
            prose("results", 45),
            prose("physician", 65),
        ];
        let page = format!(
            "Meal prep for the plan\n\n{}\n\nRelated Articles\nWhy breakfast matters\nNutrition\n\
             Coming soon: a new bar\nNutrition\nFacebook\nPinterest\nJoin our newsletter\n\n{}\n\
             © 2019 Beachbody, LLC. All rights reserved.\n{}\n",
            story.join("\n\n"),
            legal.join("\n\n"),
            prose("trademark", 58)
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.body, story.to_vec());
        assert!(is_copyright_line(
            "© 2019 Beachbody, LLC. All rights reserved."
        ));
        assert!(is_copyright_line("Copyright © 2019 CBS Interactive Inc."));
        assert!(!is_copyright_line("© AFP"));
        assert!(
            !is_copyright_line("© ñ€ ünï"),
            "a word cut mid-character is no year"
        );
    }

    fn is_copyright_line(text: &str) -> bool {
        Line::new(0, text).section_end
    }

    #[test]
    fn a_story_goes_on_below_a_box_inside_it() {
        // A "Trending" box in the middle of a story, then the rest of it and the footer.
        let top = [prose("rescue", 45), prose("police", 58), prose("girl", 49)];
        let rest = [prose("jury", 30), prose("judge", 35)];
        let page = format!(
            "Girl rescued\n\n{}\n\nTrending News\n• Man arrested after car found\n\
             • Guards charged\n\n{}\n\n© 2019 CBS Interactive Inc.\nMore World\n",
            top.join("\n\n"),
            rest.join("\n\n")
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.body, [&top[..], &rest[..]].concat());
    }

    #[test]
    fn a_box_about_the_writer_ends_the_story_and_one_about_the_company_does_not() {
        // A blog post, then a box about its writer (a long paragraph the story would otherwise
        // go on into, as it does below a box of related stories).
        let story = [prose("song", 45), prose("school", 50)];
        let bio = prose("teacher", 60);
        let page = format!(
            "Songs for children\n\nCarlos Nadalim 27/09/2018\n\n{}\n\nSobre Carlos Nadalim\n\
             Carlos Nadalim\n\n{bio}\n\nFacebook\n",
            story.join("\n\n")
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.body, story.to_vec());
        assert_eq!(a.title.as_deref(), Some("Songs for children"));

        // A press release names its company throughout; its box about the company is part of it.
        let release = [
            prose("my6sense", 45),
            prose("my6sense", 40),
            prose("my6sense", 42),
        ];
        let about = prose("platform", 30);
        let page = format!(
            "my6sense Names a Chief Strategy Officer\n\n{}\n\nAbout my6sense\n{about}\n\n\
             Share on facebook\n",
            release.join("\n\n")
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.body, [&release[..], &[about][..]].concat());

        // Headlines and sentences that open with the word are no boxes.
        for text in [
            "About 200 killed in floods",
            "About the plan, he said nothing.",
        ] {
            assert!(!Line::new(0, text).about_box, "{text}");
        }
        assert!(Line::new(0, "About the author").about_box);
        // Above a story, such a heading is the page's title: an about-us page under its menu.
        let page = format!(
            "  • Startseite\n  • Termine\n  • Impressum\n2gewinnt | Kabarett | Satire\n\
             Über uns\n{}\n{}\n",
            prose("duo", 60),
            prose("bühne", 55)
        );
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.title.as_deref(), Some("Über uns"));
        assert!(Line::new(0, "Über Moritz Bachmann").about_box);
    }

    #[test]
    fn a_page_of_about_headings_is_read_in_bounded_time() {
        // Every heading is a pass over the lines above it, for the first few only.
        let page = "About Someone Else\n".repeat(200_000) + &prose("story", 60);
        let a = segment_text(&page, &Boilerplate::default());
        assert_eq!(a.body, [prose("story", 60)]);
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
