//! Text for people: one block per hit, highlights in bold colour on a terminal, plain otherwise.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::article::iso_date::format_date;
use crate::article::{Article, Format};
use crate::output::terminal::clean;
use crate::search::explain::HitExplain;
use crate::search::facets::{self, Counts};
use crate::search::plan::Plan;
use crate::search::snippet::Snippet;
use crate::search::Hit;

/// Styles for each part of a hit; all plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Palette {
    title: Style,
    meta: Style,
    highlight: Style,
    path: Style,
}

impl Palette {
    /// The colours used on a terminal.
    pub fn coloured() -> Palette {
        Palette {
            title: Style::new().bold(),
            meta: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            highlight: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            path: Style::new().fg_color(Some(AnsiColor::Green.into())),
        }
    }

    /// No escape codes at all.
    pub fn plain() -> Palette {
        Palette::default()
    }
}

/// People (and places) named under a hit, at most.
const NAMES_SHOWN: usize = 4;

/// Write one hit as a block of text followed by a blank line.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_hit<W: Write>(out: &mut W, rank: usize, hit: &Hit, p: &Palette) -> io::Result<()> {
    let title = hit.title.as_deref().unwrap_or("(untitled)");
    write!(out, "{rank:>2}. ")?;
    write_styled_snippet(
        out,
        hit.snippets.iter().find(|s| s.field == "title"),
        title,
        p.title,
        p,
    )?;
    writeln!(out)?;
    let mut meta: Vec<String> = Vec::new();
    if let Some(d) = hit.date {
        meta.push(format_date(d));
    }
    if let Some(s) = &hit.source {
        meta.push(clean(s).into_owned());
    }
    if !hit.byline.is_empty() {
        meta.push(clean(&hit.byline.join(", ")).into_owned());
    }
    if !meta.is_empty() {
        writeln!(
            out,
            "    {}{}{}",
            p.meta.render(),
            meta.join(" · "),
            p.meta.render_reset()
        )?;
    }
    if let Some(standfirst) = &hit.standfirst {
        write!(out, "    ")?;
        let snippet = hit.snippets.iter().find(|s| s.field == "standfirst");
        write_styled_snippet(out, snippet, standfirst, Style::new(), p)?;
        writeln!(out)?;
    }
    for snippet in hit.snippets.iter().filter(|s| s.field == "body") {
        write!(out, "    ")?;
        write_highlighted(out, snippet, Style::new(), p)?;
        writeln!(out)?;
    }
    // Who is in the story: its people first, then places, at most a few of each.
    let named: Vec<String> = hit
        .people
        .iter()
        .take(NAMES_SHOWN)
        .chain(hit.places.iter().take(NAMES_SHOWN))
        .map(|n| clean(n).into_owned())
        .collect();
    if !named.is_empty() {
        writeln!(
            out,
            "    {}named: {}{}",
            p.meta.render(),
            named.join(", "),
            p.meta.render_reset()
        )?;
    }
    if !hit.copies.is_empty() {
        let sources: Vec<String> = hit
            .copies
            .iter()
            .filter_map(|c| c.source.as_deref())
            .map(|s| clean(s).into_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let from = if sources.is_empty() {
            String::new()
        } else {
            format!(" ({})", sources.join(", "))
        };
        let n = hit.copies.len();
        let word = if n == 1 { "copy" } else { "copies" };
        writeln!(
            out,
            "    {}+{n} {word}{from}{}",
            p.meta.render(),
            p.meta.render_reset()
        )?;
    }
    if let Some(e) = &hit.explain {
        write_explain(out, e, p)?;
    }
    writeln!(
        out,
        "    {}{}{}",
        p.path.render(),
        clean(&hit.path),
        p.path.render_reset()
    )?;
    writeln!(out)
}

/// A hit's score, term by term: `score 21.4 = title:putin 9.1 + body:"best friend" 6.0 + …`.
fn write_explain<W: Write>(out: &mut W, e: &HitExplain, p: &Palette) -> io::Result<()> {
    let mut parts: Vec<String> = e
        .matched
        .iter()
        .map(|c| format!("{}:{} {:.2}", c.field, clean(&c.term), c.score))
        .collect();
    if e.proximity > 0.0 {
        parts.push(format!("proximity {:.2}", e.proximity));
    }
    let mut recency = e
        .recency
        .map(|r| format!(" × recency {r:.2}"))
        .unwrap_or_default();
    if let Some(n) = e.named {
        recency.push_str(&format!(" × people named {n:.2}"));
    }
    writeln!(
        out,
        "    {}score {:.2}{recency} = {}{}",
        p.meta.render(),
        e.relevance,
        parts.join(" + "),
        p.meta.render_reset()
    )
}

/// How the query was read (`--explain`), one fact per line.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_plan<W: Write>(out: &mut W, plan: &Plan) -> io::Result<()> {
    writeln!(out, "query: {}", clean(&plan.parsed))?;
    let list = |items: &[String]| clean(&items.join(", ")).into_owned();
    if !plan.terms.is_empty() {
        writeln!(out, "  terms: {}", list(&plan.terms))?;
    }
    if !plan.phrases.is_empty() {
        writeln!(out, "  phrases: {}", list(&plan.phrases))?;
    }
    for a in &plan.aliases {
        writeln!(
            out,
            "  alias: {} = {}",
            clean(&a.name),
            clean(&a.variants.join(" | "))
        )?;
    }
    for f in &plan.fuzzy {
        writeln!(
            out,
            "  fuzzy: {} within {} edits",
            clean(&f.word),
            f.distance
        )?;
    }
    if !plan.prefixes.is_empty() {
        writeln!(out, "  prefixes: {}*", clean(&plan.prefixes.join("*, ")))?;
    }
    for d in &plan.dropped {
        writeln!(out, "  changed: {}", clean(d))?;
    }
    writeln!(out)
}

/// Values shown per facet in text; `--json` gives them all.
const FACET_VALUES_SHOWN: usize = 10;

/// Counts per facet over all `total` matching articles.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_facets<W: Write>(out: &mut W, counts: &Counts, total: usize) -> io::Result<()> {
    writeln!(out, "Facets of all {total} matching articles:")?;
    for (facet, values) in counts {
        let shown: Vec<String> = facets::top(values, FACET_VALUES_SHOWN)
            .into_iter()
            .map(|(v, n)| format!("{} ({n})", clean(v)))
            .collect();
        let more = values.len().saturating_sub(FACET_VALUES_SHOWN);
        let more = if more > 0 {
            format!(" · and {more} more")
        } else {
            String::new()
        };
        let shown = if shown.is_empty() {
            "(none)".to_string()
        } else {
            shown.join(" · ")
        };
        writeln!(out, "  {:<7} {shown}{more}", format!("{}:", facet.name()))?;
    }
    Ok(())
}

/// A field shown with its highlights when it matched, else as is in `base` style.
fn write_styled_snippet<W: Write>(
    out: &mut W,
    snippet: Option<&Snippet>,
    text: &str,
    base: Style,
    p: &Palette,
) -> io::Result<()> {
    match snippet {
        Some(s) if s.text == text => write_highlighted(out, s, base, p),
        _ => write!(
            out,
            "{}{}{}",
            base.render(),
            clean(text),
            base.render_reset()
        ),
    }
}

/// The snippet's text in `base` style with its highlights in the highlight style.
fn write_highlighted<W: Write>(
    out: &mut W,
    s: &Snippet,
    base: Style,
    p: &Palette,
) -> io::Result<()> {
    let mut at = 0;
    for r in &s.highlights {
        write!(out, "{}{}", base.render(), clean(&s.text[at..r.start]))?;
        write!(
            out,
            "{}{}{}",
            p.highlight.render(),
            clean(&s.text[r.clone()]),
            p.highlight.render_reset()
        )?;
        at = r.end;
    }
    write!(
        out,
        "{}{}{}",
        base.render(),
        clean(&s.text[at..]),
        base.render_reset()
    )
}

/// Write one segmented article, found in the file shown as `path`, for a person to read.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_article<W: Write>(
    out: &mut W,
    path: &str,
    format: Format,
    a: &Article,
) -> io::Result<()> {
    writeln!(out, "{} ({})", clean(path), format.as_str())?;
    let field =
        |name: &str, value: Option<&str>| format!("  {name:<11}{}", clean(value.unwrap_or("-")));
    writeln!(out, "{}", field("title", a.title.as_deref()))?;
    writeln!(out, "{}", field("standfirst", a.standfirst.as_deref()))?;
    let byline = a.byline.join(", ");
    writeln!(
        out,
        "{}",
        field("byline", (!byline.is_empty()).then_some(byline.as_str()))
    )?;
    let date = a.date.map(format_date);
    writeln!(out, "{}", field("date", date.as_deref()))?;
    for (name, value) in [("source", &a.source), ("url", &a.url), ("lang", &a.lang)] {
        if value.is_some() {
            writeln!(out, "{}", field(name, value.as_deref()))?;
        }
    }
    writeln!(out, "  body")?;
    for paragraph in &a.body {
        writeln!(out, "    | {}", clean(paragraph))?;
    }
    writeln!(out)
}

/// Widest bar of a timeline, in characters.
const BAR_WIDTH: u64 = 50;

/// A timeline as a bar per period, then the peak periods with their best article's title.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_timeline<W: Write>(
    out: &mut W,
    line: &crate::search::timeline::Timeline,
    peaks: &[(crate::search::timeline::Bucket, Option<String>)],
) -> io::Result<()> {
    use crate::search::timeline::Period;
    let label = |d: time::Date| match line.by {
        Period::Year => format!("{:04}", d.year()),
        Period::Month => format!("{:04}-{:02}", d.year(), u8::from(d.month())),
        Period::Week | Period::Day => format_date(d),
    };
    let most = line
        .buckets
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(1);
    for b in &line.buckets {
        let width = (b.count * BAR_WIDTH).div_ceil(most) as usize;
        writeln!(
            out,
            "{:<10} {:<50} {}",
            label(b.start),
            "█".repeat(width),
            b.count
        )?;
    }
    if !peaks.is_empty() {
        writeln!(out)?;
        writeln!(out, "Busiest {}s:", line.by.name())?;
        for (b, title) in peaks {
            let title = title.as_deref().map_or_else(|| "(untitled)".into(), clean);
            writeln!(out, "  {:<10} {:>5}  {title}", label(b.start), b.count)?;
        }
    }
    Ok(())
}

/// Names with their counts and the best article naming each.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_names<W: Write>(
    out: &mut W,
    kind: &str,
    names: &[(&str, u64)],
    samples: &[Option<Hit>],
    total: usize,
) -> io::Result<()> {
    let plural = match kind {
        "org" => "organisations",
        "place" => "places",
        _ => "people",
    };
    writeln!(out, "The {plural} most named in {total} matching articles:")?;
    for ((name, count), sample) in names.iter().zip(samples) {
        writeln!(out, "{count:>6}  {}", clean(name))?;
        if let Some(hit) = sample {
            let date = hit.date.map(format_date).unwrap_or_default();
            let title = hit.title.as_deref().unwrap_or("(untitled)");
            writeln!(out, "        {date} {}", clean(title))?;
        }
    }
    Ok(())
}

/// A group of copies: the first published, then each copy with its date and source.
///
/// # Errors
/// Writing to `out` failed.
pub fn write_copies<W: Write>(
    out: &mut W,
    group: &[crate::search::copies::Member],
) -> io::Result<()> {
    let first = &group[0];
    writeln!(
        out,
        "{} copies of: {}",
        group.len(),
        clean(first.title.as_deref().unwrap_or("(untitled)"))
    )?;
    for m in group {
        let date = m
            .date
            .map(format_date)
            .unwrap_or_else(|| "(undated)".into());
        let source = m.source.as_deref().map(clean).unwrap_or_default();
        writeln!(out, "    {date}  {source:<24}  {}", clean(&m.path))?;
    }
    writeln!(out)
}
