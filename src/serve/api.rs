//! The HTTP API: JSON answers made of the CLI's `--json` messages (their contract is in
//! [`crate::output::json`]).

use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::params::{self, ParamError};
use super::{bounded, AppState, Failure};
use crate::output::json::{
    ArticleAnswer, ArticleMessage, CopyRefMessage, ErrorAnswer, FacetsMessage, HighlightsMessage,
    HitMessage, Message, SearchAnswer, SummaryMessage,
};

/// The pairs of a raw query string (invalid UTF-8 replaced, as a browser's form would not send).
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// `GET /api/search`.
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let started = Instant::now();
    let parsed = match params::parse(&pairs(raw.as_deref()), 10) {
        Ok(p) => p,
        Err(ParamError(message)) => return failure(Failure::new(StatusCode::BAD_REQUEST, message)),
    };
    if parsed.request.query.trim().is_empty() {
        return failure(Failure::new(
            StatusCode::BAD_REQUEST,
            "`q` is missing or empty: give a query, such as ?q=putin",
        ));
    }
    let request = parsed.request;
    let answer = bounded(&state, move |shared| {
        let offset = request.offset;
        let results = shared.search(request)?;
        let facets = results
            .facets
            .as_ref()
            .map(|counts| FacetsMessage::new(counts).facets);
        let elapsed_ms = (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
        let body = serde_json::to_vec(&SearchAnswer {
            hits: results
                .hits
                .iter()
                .enumerate()
                .map(|(i, hit)| Message::Hit(HitMessage::new(offset + i + 1, hit)))
                .collect(),
            facets,
            summary: Message::Summary(SummaryMessage {
                hits: results.hits.len(),
                total: results.total,
                elapsed_ms,
                relaxed: results.relaxed,
                suggestion: results.suggestion.as_deref(),
            }),
        })?;
        Ok(body)
    })
    .await;
    match answer {
        Ok(body) => json(StatusCode::OK, body),
        Err(f) => failure(f),
    }
}

/// `GET /api/article/ID`.
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = query_only(raw.as_deref());
    let query = match query {
        Ok(q) => q,
        Err(f) => return failure(f),
    };
    let answer = bounded(&state, move |shared| {
        let Some((stored, marks)) = shared.backend.article(&id, &shared.aliases, &query)? else {
            return Ok(None);
        };
        let pairs = |ranges: &[std::ops::Range<usize>]| -> Vec<[usize; 2]> {
            ranges.iter().map(|r| [r.start, r.end]).collect()
        };
        let body = serde_json::to_vec(&ArticleAnswer {
            article: Message::Article(ArticleMessage::new(
                &stored.path,
                stored.format,
                &stored.article,
            )),
            id: &stored.id,
            copies: stored.copies.iter().map(CopyRefMessage::new).collect(),
            highlights: HighlightsMessage {
                title: pairs(&marks.title),
                standfirst: pairs(&marks.standfirst),
                body: marks.body.iter().map(|b| pairs(b)).collect(),
            },
        })?;
        Ok(Some(body))
    })
    .await;
    match answer {
        Ok(Some(body)) => json(StatusCode::OK, body),
        Ok(None) => failure(Failure::no_article()),
        Err(f) => failure(f),
    }
}

/// `GET /api/stats`.
pub async fn stats(State(state): State<AppState>) -> Response {
    let answer = bounded(&state, |shared| {
        let stats = shared.backend.stats()?;
        Ok(serde_json::to_vec(&stats)?)
    })
    .await;
    match answer {
        Ok(body) => json(StatusCode::OK, body),
        Err(f) => failure(f),
    }
}

/// The `q` of a query string that takes nothing else (the article page and its API).
///
/// # Errors
/// Another parameter, or a query over the bound.
pub fn query_only(raw: Option<&str>) -> Result<String, Failure> {
    let mut query = String::new();
    let bad = |message| Failure::new(StatusCode::BAD_REQUEST, message);
    for (name, value) in pairs(raw) {
        if name != "q" {
            return Err(bad(format!(
                "unknown parameter `{}`: an article takes only q (the words to mark)",
                params::shorten(&name)
            )));
        }
        params::check_query(&value).map_err(|ParamError(m)| bad(m))?;
        query = value;
    }
    Ok(query)
}

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A failure as the API says it: `{"error": "…"}` with its status.
pub fn failure(failure: Failure) -> Response {
    let body = serde_json::to_vec(&ErrorAnswer {
        error: &failure.message,
    })
    .unwrap_or_default();
    json(failure.status, body)
}
