//! A search as a URL's query string says it: the parameters are the CLI's flags by name
//! (`q`, `since`, `until`, `source`, `byline`, `person`, `lang`, `sort`, `recent`, `facets`,
//! `fragments`, `all-copies`, `explain`, `limit`, `offset`; repeat a parameter for several
//! values), each checked with a message naming it, and bounded: a request cannot ask for more
//! work than [`MAX_QUERY_BYTES`], [`MAX_LIMIT`] and [`MAX_WINDOW`] allow.

use crate::search::facets::{Facet, FACET_NAMES};
use crate::search::request::{parse_day, parse_half_life, DAY_FORMS, HALF_LIFE_FORMS};
use crate::search::{Request, SortOrder};

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1_000;
/// The most hits one request returns.
pub const MAX_LIMIT: usize = 100;
/// How deep into the results a request may page (`offset + limit`).
pub const MAX_WINDOW: usize = 1_000;
/// The most values a repeatable parameter takes.
const MAX_VALUES: usize = 20;
/// The longest filter value, in bytes.
const MAX_VALUE_BYTES: usize = 300;
/// Hits per page of the web page.
pub const PAGE_SIZE: usize = 10;

/// Every parameter a search takes, for the message about one it does not know.
const KNOWN: &[&str] = &[
    "q",
    "since",
    "until",
    "source",
    "byline",
    "person",
    "lang",
    "sort",
    "recent",
    "facets",
    "fragments",
    "all-copies",
    "explain",
    "limit",
    "offset",
    "page",
];

/// A parameter that is wrong, said for the person who wrote the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParamError(pub String);

/// A search request read from a query string, with the query string's own values kept for
/// building links that change one thing.
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    pub request: Request,
    /// The pairs as given (only known parameters, `page` and `offset` left out): what a link to
    /// another page or filter starts from.
    pub pairs: Vec<(String, String)>,
    /// The page of the web page, from 1.
    pub page: usize,
}

/// Read a search from the query string's `pairs`; `limit` defaults to `default_limit`.
///
/// # Errors
/// An unknown parameter, a value that is not of its parameter's form, or one over a bound.
pub fn parse(pairs: &[(String, String)], default_limit: usize) -> Result<SearchParams, ParamError> {
    let mut request = Request {
        limit: default_limit,
        fragments: 1,
        ..Request::default()
    };
    let mut page = None;
    let mut kept = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in pairs {
        let name = name.as_str();
        if !KNOWN.contains(&name) {
            return Err(ParamError(format!(
                "unknown parameter `{}`: use {}",
                shorten(name),
                KNOWN.join(", ")
            )));
        }
        let repeatable = matches!(name, "source" | "byline" | "person" | "lang");
        if !repeatable && seen.contains(&name) {
            return Err(ParamError(format!(
                "`{name}` is given more than once: give it once"
            )));
        }
        seen.push(name);
        if repeatable && value.trim().is_empty() {
            // An empty filter box in a form: no filter.
            continue;
        }
        if value.len() > MAX_VALUE_BYTES && name != "q" {
            return Err(ParamError(format!(
                "`{name}` is {} bytes long: at most {MAX_VALUE_BYTES}",
                value.len()
            )));
        }
        match name {
            "q" => {
                check_query(value)?;
                request.query.clone_from(value);
            }
            "since" | "until" if value.trim().is_empty() => continue,
            "since" => request.since = Some(day(name, value, false)?),
            "until" => request.until = Some(day(name, value, true)?),
            "source" => push(&mut request.sources, name, value)?,
            "byline" => push(&mut request.bylines, name, value)?,
            "person" => push(&mut request.people, name, value)?,
            "lang" => push(&mut request.langs, name, value)?,
            "sort" => {
                request.sort = match value.as_str() {
                    "" => SortOrder::Relevance,
                    name => SortOrder::from_name(name).ok_or_else(|| {
                        ParamError(format!(
                            "`sort` is `{}`: use relevance, newest or oldest",
                            shorten(value)
                        ))
                    })?,
                }
            }
            "recent" => {
                request.recent_half_life_days = Some(parse_half_life(value).ok_or_else(|| {
                    ParamError(format!(
                        "`recent` is `{}`: {HALF_LIFE_FORMS}",
                        shorten(value)
                    ))
                })?);
            }
            "facets" => {
                for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                    let facet = Facet::from_name(part).ok_or_else(|| {
                        ParamError(format!(
                            "`facets` names `{}`: use {FACET_NAMES}",
                            shorten(part)
                        ))
                    })?;
                    if !request.facets.contains(&facet) {
                        request.facets.push(facet);
                    }
                }
            }
            "fragments" => request.fragments = number(name, value, 1, 10)?,
            "all-copies" => request.all_copies = flag(name, value)?,
            "explain" => request.explain = flag(name, value)?,
            "limit" => request.limit = number(name, value, 1, MAX_LIMIT)?,
            "offset" => request.offset = number(name, value, 0, MAX_WINDOW)?,
            "page" => page = Some(number(name, value, 1, MAX_WINDOW / PAGE_SIZE)?),
            _ => unreachable!("every known parameter is read"),
        }
        if !matches!(name, "page" | "offset") {
            kept.push((name.to_string(), value.clone()));
        }
    }
    if let (Some(since), Some(until)) = (request.since, request.until) {
        if since > until {
            return Err(ParamError(format!(
                "`since` {since} is after `until` {until}: no day is in between"
            )));
        }
    }
    let page = page.unwrap_or(1);
    if page > 1 {
        request.offset = (page - 1) * request.limit;
    }
    if request.offset + request.limit > MAX_WINDOW {
        return Err(ParamError(format!(
            "`offset` {} and `limit` {} reach past the first {MAX_WINDOW} results: narrow the query instead",
            request.offset, request.limit
        )));
    }
    Ok(SearchParams {
        request,
        pairs: kept,
        page,
    })
}

/// A query within [`MAX_QUERY_BYTES`].
///
/// # Errors
/// A longer one, said with its length.
pub fn check_query(value: &str) -> Result<(), ParamError> {
    if value.len() > MAX_QUERY_BYTES {
        return Err(ParamError(format!(
            "the query is {} bytes long: at most {MAX_QUERY_BYTES}",
            value.len()
        )));
    }
    Ok(())
}

fn day(name: &str, value: &str, end: bool) -> Result<time::Date, ParamError> {
    parse_day(value, end)
        .ok_or_else(|| ParamError(format!("`{name}` is `{}`: {DAY_FORMS}", shorten(value))))
}

fn push(values: &mut Vec<String>, name: &str, value: &str) -> Result<(), ParamError> {
    if values.len() == MAX_VALUES {
        return Err(ParamError(format!(
            "`{name}` is given more than {MAX_VALUES} times: give fewer"
        )));
    }
    values.push(value.trim().to_string());
    Ok(())
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ParamError> {
    match value.trim().parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ParamError(format!(
            "`{name}` is `{}`: use a whole number from {min} to {max}",
            shorten(value)
        ))),
    }
}

fn flag(name: &str, value: &str) -> Result<bool, ParamError> {
    match value {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ParamError(format!(
            "`{name}` is `{}`: use true or false",
            shorten(value)
        ))),
    }
}

/// A value as an error message quotes it: at most 40 characters, control characters dropped.
pub fn shorten(value: &str) -> String {
    let mut out: String = value.chars().filter(|c| !c.is_control()).take(40).collect();
    if value.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_cli_flags_by_name() {
        let p = parse(
            &pairs(&[
                ("q", "xi putin"),
                ("since", "2019"),
                ("until", "2019-03"),
                ("source", "Reuters"),
                ("source", "BBC"),
                ("person", "Putin"),
                ("sort", "newest"),
                ("facets", "source,people"),
                ("all-copies", "1"),
                ("page", "3"),
            ]),
            10,
        )
        .unwrap();
        let r = &p.request;
        assert_eq!(r.query, "xi putin");
        assert_eq!(r.since.unwrap().to_string(), "2019-01-01");
        assert_eq!(r.until.unwrap().to_string(), "2019-03-31");
        assert_eq!(r.sources, ["Reuters", "BBC"]);
        assert_eq!(r.people, ["Putin"]);
        assert_eq!(r.sort, SortOrder::Newest);
        assert_eq!(r.facets, [Facet::Source, Facet::Person]);
        assert!(r.all_copies);
        assert_eq!((p.page, r.offset), (3, 20));
        assert!(p.pairs.iter().all(|(n, _)| n != "page"));
    }

    #[test]
    fn names_the_parameter_that_is_wrong() {
        let err = |list: &[(&str, &str)]| parse(&pairs(list), 10).unwrap_err().0;
        assert!(err(&[("since", "yesterday")]).starts_with("`since` is `yesterday`"));
        assert!(err(&[("sort", "best")]).contains("relevance, newest or oldest"));
        assert!(err(&[("limit", "100000")]).starts_with("`limit`"));
        assert!(err(&[("offset", "-1")]).starts_with("`offset`"));
        assert!(err(&[("offset", "995"), ("limit", "10")]).contains("first 1000"));
        assert!(err(&[("facets", "colour")]).contains("`colour`"));
        assert!(err(&[("<script>", "1")]).starts_with("unknown parameter `<script>`"));
        assert!(err(&[("q", "a"), ("q", "b")]).contains("more than once"));
        assert!(err(&[("since", "2020"), ("until", "2019")]).contains("after"));
        assert!(err(&[("q", &"x".repeat(5_000))]).contains("5000 bytes"));
        assert!(err(&[("explain", "perhaps")]).contains("true or false"));
    }

    #[test]
    fn empty_form_fields_are_no_filter() {
        let p = parse(&pairs(&[("q", "oil"), ("since", ""), ("source", " ")]), 10).unwrap();
        assert!(p.request.since.is_none() && p.request.sources.is_empty());
    }
}
