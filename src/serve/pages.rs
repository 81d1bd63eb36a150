//! The web pages: the search page (`/`) and the article page (`/article/ID`), rendered from
//! the templates in `templates/` (askama: compiled in, every value escaped for HTML unless a
//! template says otherwise, which none does). Text from the archive reaches a page only as
//! template values; highlights are pieces of text cut at the search's byte offsets, marked by
//! the template, never markup found in the text. Links are built here, their values encoded.

use std::ops::Range;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use time::Date;

use super::api::{pairs, query_only};
use super::params::{self, ParamError, SearchParams, PAGE_SIZE};
use super::{bounded, AppState, Failure, Shared};
use crate::search::article::{Marks, StoredArticle};
use crate::search::copies::Member;
use crate::search::facets::{self, Facet};
use crate::search::snippet::Snippet;
use crate::search::timeline::{self, Period};
use crate::search::{self, Hit, Results};

/// Longest title shown in a list of hits, in bytes (a page may carry a 10 MB title).
const MAX_TITLE: usize = 300;
/// Longest title on an article's page.
const MAX_ARTICLE_TITLE: usize = 2_000;
/// Longest standfirst shown in a list of hits.
const MAX_STANDFIRST: usize = 600;
/// Longest byline, source or facet value shown.
const MAX_NAME: usize = 120;
/// Most bylines and names shown per hit.
const MAX_NAMES: usize = 6;
/// Keywords shown on an article's page at most (an agency's file may list hundreds).
const MAX_KEYWORDS: usize = 50;
/// Most of a body an article page shows (the rest is in the original file).
const MAX_BODY_BYTES: usize = 2 << 20;
/// Values listed per facet.
const FACET_VALUES: usize = 8;

/// The facets the search page lists, in order.
const PAGE_FACETS: [Facet; 6] = [
    Facet::Source,
    Facet::Year,
    Facet::Person,
    Facet::Org,
    Facet::Place,
    Facet::Byline,
];

/// A run of text, marked or not.
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

/// A link with its text.
pub struct Link {
    pub href: String,
    pub text: String,
}

/// A facet's value: a link that filters, and its count.
pub struct FacetValue {
    pub href: String,
    pub text: String,
    pub count: u64,
}

pub struct FacetView {
    pub title: &'static str,
    pub values: Vec<FacetValue>,
}

pub struct HitView {
    pub href: String,
    pub title: Vec<Piece>,
    pub meta: String,
    pub standfirst: Vec<Piece>,
    pub snippets: Vec<Vec<Piece>>,
    pub names: Vec<Link>,
    pub copies: Vec<Link>,
}

/// One bar of the timeline, in the SVG's units.
pub struct Bar {
    pub href: String,
    pub label: String,
    pub x: usize,
    pub y: usize,
    pub height: usize,
}

pub struct TimelineView {
    pub bars: Vec<Bar>,
    pub width: usize,
    pub bar_width: usize,
    pub first: String,
    pub last: String,
    pub by: &'static str,
}

/// A sort order as a link; `current` for the one shown.
pub struct SortLink {
    pub href: String,
    pub text: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub base: String,
    pub q: String,
    pub since: String,
    pub until: String,
    pub about: Option<String>,
    pub total: usize,
    pub first: usize,
    pub last: usize,
    pub relaxed: bool,
    pub suggestion: Option<Link>,
    pub hits: Vec<HitView>,
    pub facets: Vec<FacetView>,
    pub active: Vec<Link>,
    pub timeline: Option<TimelineView>,
    pub sorts: Vec<SortLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub page: usize,
    pub elapsed: String,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub base: String,
    pub q: String,
    pub heading: String,
    pub title: Vec<Piece>,
    pub standfirst: Vec<Piece>,
    pub date: Option<String>,
    pub source: Option<Link>,
    pub bylines: Vec<Link>,
    pub path: String,
    pub url: Option<String>,
    pub url_text: Option<String>,
    pub lang: Option<String>,
    pub format: &'static str,
    pub body: Vec<Vec<Piece>>,
    pub cut: bool,
    pub people: Vec<Link>,
    pub orgs: Vec<Link>,
    pub places: Vec<Link>,
    /// The source's own keywords and tags, each a search for it.
    pub keywords: Vec<Link>,
    /// When a web archive captured the page.
    pub crawled: Option<String>,
    pub copies: Vec<Link>,
    pub back: String,
}

#[derive(Template)]
#[template(path = "failure.html")]
pub struct FailurePage {
    pub base: String,
    pub q: String,
    pub status: u16,
    pub message: String,
}

/// `GET /`: the query box, and the hits when there is a query.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let started = std::time::Instant::now();
    let given = pairs(raw.as_deref());
    let mut parsed = match params::parse(&given, PAGE_SIZE) {
        Ok(p) => p,
        Err(ParamError(message)) => {
            return failure(&state, Failure::new(StatusCode::BAD_REQUEST, message))
        }
    };
    if parsed.request.query.trim().is_empty() {
        let answer = bounded(&state, |shared| {
            let stats = shared.backend.stats()?;
            Ok(about(&stats))
        })
        .await;
        return match answer {
            Ok(about) => page(&SearchPage {
                about: Some(about),
                ..empty_page(&state.base, &parsed)
            }),
            Err(f) => failure(&state, f),
        };
    }
    parsed.request.facets = PAGE_FACETS.to_vec();
    parsed.request.facets.push(Facet::Day);
    parsed.request.fragments = 2;
    let answer = bounded(&state, move |shared| {
        let results = shared.search(parsed.request.clone())?;
        Ok(results_page(shared, &parsed, &results, started))
    })
    .await;
    match answer {
        Ok(p) => page(&p),
        Err(f) => failure(&state, f),
    }
}

/// `GET /article/ID`: the whole article, the query's words marked.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = match query_only(raw.as_deref()) {
        Ok(q) => q,
        Err(f) => return failure(&state, f),
    };
    let answer = bounded(&state, move |shared| {
        let Some((stored, marks)) = shared.backend.article(&id, &shared.aliases, &q)? else {
            return Ok(None);
        };
        Ok(Some(article_page(shared, &q, &stored, &marks)))
    })
    .await;
    match answer {
        Ok(Some(p)) => page(&p),
        Ok(None) => failure(&state, Failure::no_article()),
        Err(f) => failure(&state, f),
    }
}

/// `GET /static/style.css`.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("assets/style.css"))
}

/// `GET /static/app.js`.
pub async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    )
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A failure as a page.
pub fn failure(state: &Shared, failure: Failure) -> Response {
    let status = failure.status;
    let body = FailurePage {
        base: state.base.clone(),
        q: String::new(),
        status: status.as_u16(),
        message: failure.message,
    }
    .render()
    .unwrap_or_else(|_| "error".to_string());
    (status, Html(body)).into_response()
}

fn page(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the page could not be made: {e}"),
        )
            .into_response(),
    }
}

/// What the index holds, in a line for the empty search page.
fn about(stats: &search::stats::Stats) -> String {
    let mut line = format!("{} articles", stats.articles);
    if let (Some(a), Some(b)) = (stats.date_min, stats.date_max) {
        line.push_str(&format!(", {a} to {b}"));
    }
    if !stats.sources.is_empty() {
        line.push_str(&format!(", {} sources", stats.sources.len()));
    }
    line
}

fn empty_page(base: &str, parsed: &SearchParams) -> SearchPage {
    let r = &parsed.request;
    SearchPage {
        base: base.to_string(),
        q: r.query.clone(),
        since: value_of(&parsed.pairs, "since"),
        until: value_of(&parsed.pairs, "until"),
        about: None,
        total: 0,
        first: 0,
        last: 0,
        relaxed: false,
        suggestion: None,
        hits: Vec::new(),
        facets: Vec::new(),
        active: Vec::new(),
        timeline: None,
        sorts: Vec::new(),
        previous: None,
        next: None,
        page: parsed.page,
        elapsed: String::new(),
    }
}

fn results_page(
    shared: &Shared,
    parsed: &SearchParams,
    results: &Results,
    started: std::time::Instant,
) -> SearchPage {
    let base = shared.base.as_str();
    let r = &parsed.request;
    let links = Links {
        base,
        pairs: &parsed.pairs,
    };
    let hits: Vec<HitView> = results
        .hits
        .iter()
        .map(|hit| hit_view(base, &r.query, hit))
        .collect();
    let first = if hits.is_empty() { 0 } else { r.offset + 1 };
    let last = r.offset + hits.len();
    let reachable = results.total.min(params::MAX_WINDOW);
    let previous = (parsed.page > 1).then(|| links.with_page(parsed.page - 1));
    let next = (last < reachable).then(|| links.with_page(parsed.page + 1));
    let facets = results.facets.as_ref().map_or_else(Vec::new, |counts| {
        PAGE_FACETS
            .iter()
            .filter_map(|facet| {
                let values = counts.get(facet)?;
                let values: Vec<FacetValue> = facets::top(values, FACET_VALUES)
                    .into_iter()
                    .map(|(value, count)| FacetValue {
                        href: links.narrowed(*facet, value),
                        text: cut(value, MAX_NAME),
                        count,
                    })
                    .collect();
                (!values.is_empty()).then(|| FacetView {
                    title: facet_title(*facet),
                    values,
                })
            })
            .collect()
    });
    let timeline = timeline::of_results(results, None)
        .ok()
        .and_then(|t| timeline_view(&links, &t));
    let sorts = search::SortOrder::ALL
        .into_iter()
        .map(|order| SortLink {
            href: links.replaced("sort", Some(order.name())),
            text: order.name(),
            current: order == r.sort,
        })
        .collect();
    let suggestion = results.suggestion.as_ref().map(|s| Link {
        href: links.replaced("q", Some(s)),
        text: s.clone(),
    });
    SearchPage {
        total: results.total,
        first,
        last,
        relaxed: results.relaxed,
        suggestion,
        hits,
        facets,
        active: active_filters(&links),
        timeline,
        sorts,
        previous,
        next,
        elapsed: format!("{:.0} ms", started.elapsed().as_secs_f64() * 1000.0),
        ..empty_page(base, parsed)
    }
}

fn facet_title(facet: Facet) -> &'static str {
    match facet {
        Facet::Source => "Sources",
        Facet::Byline => "Bylines",
        Facet::Year => "Years",
        Facet::Person => "People",
        Facet::Org => "Organisations",
        Facet::Place => "Places",
        Facet::Day => "Days",
    }
}

/// The filters in force, each as a link that removes it.
fn active_filters(links: &Links) -> Vec<Link> {
    links
        .pairs
        .iter()
        .enumerate()
        .filter(|(_, (name, value))| {
            matches!(
                name.as_str(),
                "since" | "until" | "source" | "byline" | "person" | "lang"
            ) && !value.trim().is_empty()
        })
        .map(|(i, (name, value))| Link {
            href: links.without(i),
            text: format!("{name}: {}", cut(value, MAX_NAME)),
        })
        .collect()
}

fn hit_view(base: &str, query: &str, hit: &Hit) -> HitView {
    let snippet = |field: &str| hit.snippets.iter().find(|s| s.field == field);
    let title = match (snippet("title"), &hit.title) {
        (Some(s), _) => pieces(&s.text, &s.highlights, MAX_TITLE),
        (None, Some(t)) => pieces(t, &[], MAX_TITLE),
        (None, None) => pieces(&hit.path, &[], MAX_TITLE),
    };
    let standfirst = match (snippet("standfirst"), &hit.standfirst) {
        (Some(s), _) => pieces(&s.text, &s.highlights, MAX_STANDFIRST),
        (None, Some(t)) => pieces(t, &[], MAX_STANDFIRST),
        (None, None) => Vec::new(),
    };
    let snippets = hit
        .snippets
        .iter()
        .filter(|s: &&Snippet| s.field == "body")
        .map(|s| pieces(&s.text, &s.highlights, 2_000))
        .collect();
    let names = hit
        .people
        .iter()
        .take(MAX_NAMES)
        .map(|p| Link {
            href: search_link(base, &[("q", query), ("person", p)]),
            text: cut(p, MAX_NAME),
        })
        .collect();
    let copies = hit
        .copies
        .iter()
        .map(|m| copy_link(base, query, m))
        .collect();
    HitView {
        href: article_link(base, &hit.id, query),
        title,
        meta: meta_line(hit.date, hit.source.as_deref(), &hit.byline),
        standfirst,
        snippets,
        names,
        copies,
    }
}

/// "2019-06-05 · Xinhua · Jane Doe, John Roe".
fn meta_line(date: Option<Date>, source: Option<&str>, byline: &[String]) -> String {
    let mut parts = Vec::new();
    if let Some(d) = date {
        parts.push(d.to_string());
    }
    if let Some(s) = source {
        parts.push(cut(s, MAX_NAME));
    }
    if !byline.is_empty() {
        let names: Vec<String> = byline
            .iter()
            .take(MAX_NAMES)
            .map(|b| cut(b, MAX_NAME))
            .collect();
        parts.push(names.join(", "));
    }
    parts.join(" · ")
}

fn copy_link(base: &str, query: &str, m: &Member) -> Link {
    let mut text = meta_line(m.date, m.source.as_deref(), &[]);
    if text.is_empty() {
        text = cut(&m.path, MAX_NAME);
    }
    Link {
        href: article_link(base, &m.id, query),
        text,
    }
}

fn article_page(shared: &Shared, q: &str, stored: &StoredArticle, marks: &Marks) -> ArticlePage {
    let base = shared.base.as_str();
    let a = &stored.article;
    let heading = a.title.as_deref().unwrap_or(&stored.path);
    let mut body = Vec::new();
    let mut used = 0;
    let mut cut_short = false;
    for (i, paragraph) in a.body.iter().enumerate() {
        if used >= MAX_BODY_BYTES {
            cut_short = true;
            break;
        }
        let room = MAX_BODY_BYTES - used;
        let ranges = marks.body.get(i).map_or(&[][..], Vec::as_slice);
        body.push(pieces(paragraph, ranges, room));
        cut_short |= paragraph.len() > room;
        used += paragraph.len();
    }
    let names = |list: &[String], param: &str| -> Vec<Link> {
        list.iter()
            .map(|n| Link {
                href: match param {
                    "person" => search_link(base, &[("q", n), ("person", n)]),
                    _ => search_link(
                        base,
                        &[("q", &format!("{param}:\"{}\"", n.replace('"', " ")))],
                    ),
                },
                text: cut(n, MAX_NAME),
            })
            .collect()
    };
    let url = a.url.as_deref().filter(|u| is_web_address(u));
    ArticlePage {
        base: base.to_string(),
        q: q.to_string(),
        heading: cut(heading, 200),
        title: pieces(heading, &marks.title, MAX_ARTICLE_TITLE),
        standfirst: a
            .standfirst
            .as_deref()
            .map(|s| pieces(s, &marks.standfirst, 20_000))
            .unwrap_or_default(),
        date: a.date.map(|d| d.to_string()),
        source: a.source.as_deref().map(|s| Link {
            href: search_link(base, &[("q", q), ("source", s)]),
            text: cut(s, MAX_NAME),
        }),
        bylines: a
            .byline
            .iter()
            .take(MAX_NAMES)
            .map(|b| Link {
                href: search_link(base, &[("q", q), ("byline", b)]),
                text: cut(b, MAX_NAME),
            })
            .collect(),
        path: cut(&stored.path, 4_000),
        url: url.map(str::to_string),
        url_text: a.url.as_deref().map(|u| cut(u, 4_000)),
        lang: a.lang.clone(),
        format: stored.format.as_str(),
        body,
        cut: cut_short,
        people: names(&a.people, "person"),
        orgs: names(&a.orgs, "org"),
        places: names(&a.places, "place"),
        keywords: names(&a.keywords[..a.keywords.len().min(MAX_KEYWORDS)], "keyword"),
        crawled: a.crawled.map(|d| d.to_string()),
        copies: stored
            .copies
            .iter()
            .map(|m| copy_link(base, q, m))
            .collect(),
        back: if q.is_empty() {
            format!("{base}/")
        } else {
            search_link(base, &[("q", q)])
        },
    }
}

/// Whether `url` may be a link: an http(s) address without spaces or control characters
/// (`javascript:` and the like are shown as text only).
fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn timeline_view(links: &Links, t: &timeline::Timeline) -> Option<TimelineView> {
    if t.buckets.len() < 2 {
        return None;
    }
    const HEIGHT: usize = 60;
    let peak = t.buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let bar_width = (600 / t.buckets.len()).clamp(2, 24);
    let bars = t
        .buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let end = period_end(t.by, b.start);
            let height = if b.count == 0 {
                0
            } else {
                ((b.count as f64 / peak as f64) * HEIGHT as f64).ceil() as usize
            };
            Bar {
                href: links.dated(b.start, end),
                label: format!("{} – {}: {} articles", b.start, end, b.count),
                x: i * bar_width,
                y: HEIGHT - height,
                height,
            }
        })
        .collect();
    Some(TimelineView {
        bars,
        width: t.buckets.len() * bar_width,
        bar_width: bar_width.saturating_sub(1).max(1),
        first: period_label(t.by, t.buckets[0].start),
        last: period_label(t.by, t.buckets[t.buckets.len() - 1].start),
        by: t.by.name(),
    })
}

/// A period as people name it: "2019", "2019-03", or its first day.
fn period_label(by: Period, start: Date) -> String {
    match by {
        Period::Year => start.year().to_string(),
        Period::Month => format!("{}-{:02}", start.year(), u8::from(start.month())),
        Period::Week | Period::Day => start.to_string(),
    }
}

/// The last day of the period starting on `start`.
fn period_end(by: Period, start: Date) -> Date {
    by.next(start).and_then(Date::previous_day).unwrap_or(start)
}

/// `text` cut to at most `max` bytes (at a character boundary, "…" added) as pieces, the
/// byte ranges in `marks` marked (those past the cut dropped, one across it shortened).
pub fn pieces(text: &str, marks: &[Range<usize>], max: usize) -> Vec<Piece> {
    let end = if text.len() > max {
        (0..=max)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0)
    } else {
        text.len()
    };
    let mut out = Vec::new();
    let mut at = 0;
    for r in marks {
        let (start, stop) = (r.start.min(end), r.end.min(end));
        if start < at
            || start >= stop
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(stop)
        {
            continue;
        }
        if start > at {
            out.push(Piece {
                text: text[at..start].to_string(),
                mark: false,
            });
        }
        out.push(Piece {
            text: text[start..stop].to_string(),
            mark: true,
        });
        at = stop;
    }
    let mut rest = text[at..end].to_string();
    if end < text.len() {
        rest.push('…');
    }
    if !rest.is_empty() {
        out.push(Piece {
            text: rest,
            mark: false,
        });
    }
    out
}

/// `text` cut to at most `max` bytes, "…" added when cut.
fn cut(text: &str, max: usize) -> String {
    pieces(text, &[], max).into_iter().map(|p| p.text).collect()
}

fn value_of(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// `BASE/?name=value&…`, every value encoded.
fn search_link(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    format!("{base}/?{}", query.finish())
}

/// `BASE/article/ID?q=…`.
fn article_link(base: &str, id: &str, query: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    if query.is_empty() {
        format!("{base}/article/{id}")
    } else {
        let q: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
        format!("{base}/article/{id}?q={q}")
    }
}

/// Links to the same search with one thing changed.
struct Links<'a> {
    base: &'a str,
    pairs: &'a [(String, String)],
}

impl Links<'_> {
    fn build<'p>(&self, pairs: impl Iterator<Item = (&'p str, &'p str)>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            query.append_pair(name, value);
        }
        format!("{}/?{}", self.base, query.finish())
    }

    fn current(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    fn with_page(&self, page: usize) -> String {
        let page = page.to_string();
        self.build(self.current().chain([("page", page.as_str())]))
    }

    /// `name` set to `value` (or removed), the page back to the first.
    fn replaced(&self, name: &str, value: Option<&str>) -> String {
        self.build(
            self.current()
                .filter(|(n, _)| *n != name)
                .chain(value.map(|v| (name, v))),
        )
    }

    fn without(&self, index: usize) -> String {
        self.build(
            self.current()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, p)| p),
        )
    }

    fn dated(&self, since: Date, until: Date) -> String {
        let (since, until) = (since.to_string(), until.to_string());
        self.build(
            self.current()
                .filter(|(n, _)| !matches!(*n, "since" | "until"))
                .chain([("since", since.as_str()), ("until", until.as_str())]),
        )
    }

    /// The search narrowed to a facet's value.
    fn narrowed(&self, facet: Facet, value: &str) -> String {
        match facet {
            Facet::Source => self.build(self.current().chain([("source", value)])),
            Facet::Byline => self.build(self.current().chain([("byline", value)])),
            Facet::Person => self.build(self.current().chain([("person", value)])),
            Facet::Year | Facet::Day => {
                let (since, until) = (value.to_string(), value.to_string());
                self.build(
                    self.current()
                        .filter(|(n, _)| !matches!(*n, "since" | "until"))
                        .chain([("since", since.as_str()), ("until", until.as_str())]),
                )
            }
            Facet::Org | Facet::Place => {
                let q = self
                    .current()
                    .find(|(n, _)| *n == "q")
                    .map_or("", |(_, v)| v);
                let narrowed = format!("{q} {}:\"{}\"", facet.name(), value.replace('"', " "));
                self.replaced("q", Some(&narrowed))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn pieces_mark_by_offsets_and_cut() {
        assert_eq!(
            text(&pieces("Xi meets Putin", &[0..2, 9..14], 100)),
            "[Xi] meets [Putin]"
        );
        assert_eq!(
            text(&pieces("Xi meets Putin", &[0..2, 9..14], 11)),
            "[Xi] meets [Pu]…"
        );
        // Reversed or off-boundary ranges are skipped, one past the end is cut: never a panic.
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 3..1;
        assert_eq!(
            text(&pieces("héllo", &[1..2, reversed, 0..9], 100)),
            "[héllo]"
        );
        assert_eq!(text(&pieces("abc", &[0..2, 1..3], 100)), "[ab]c");
        assert_eq!(text(&pieces("", &[], 0)), "");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(is_web_address("https://example.com/a"));
        assert!(is_web_address("HTTP://example.com"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "http://a b",
            "//evil",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn links_encode_every_value() {
        let pairs = vec![("q".to_string(), "a&b=\"c\"<".to_string())];
        let links = Links {
            base: "/m",
            pairs: &pairs,
        };
        assert_eq!(links.with_page(2), "/m/?q=a%26b%3D%22c%22%3C&page=2");
        assert_eq!(
            links.narrowed(Facet::Org, "Acme \"X\""),
            "/m/?q=a%26b%3D%22c%22%3C+org%3A%22Acme++X+%22"
        );
    }
}
