//! `morgue serve`: the index (local, or an engine's with `--engine`) as a web application and an
//! HTTP API, read-only.
//!
//! - [`params`]: a query string read into a search [`Request`](crate::search::Request), every
//!   parameter checked and bounded;
//! - [`api`]: `/api/search`, `/api/article/ID`, `/api/stats`, answering JSON built from the
//!   same messages as the CLI's `--json` ([`crate::output::json`]);
//! - [`pages`]: the search page and the article page, HTML from templates (`templates/`) that
//!   escape every value; the stylesheet and script are compiled in (`assets/`).
//!
//! Archived pages are hostile input, so every answer carries a Content-Security-Policy that
//! allows no inline script and no other origin, and work per request is bounded: the query's
//! size and the result window ([`params`]), searches running at once ([`MAX_RUNNING`]) and
//! waiting ([`MAX_WAITING`]), and a deadline per request ([`DEADLINE`]). Over a bound the answer
//! is a 4xx or 503 with a message; the server stays up.

pub mod api;
pub mod pages;
pub mod params;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use crate::engine::backend::Backend;
use crate::search::aliases::Aliases;
use crate::search::{Request, Results};

/// Searches run at once: about the cores there are, so that a burst queues instead of
/// thrashing.
pub const MAX_RUNNING: usize = 4;
/// Requests waiting for a turn; more are answered 503 at once.
pub const MAX_WAITING: usize = 256;
/// How long a request may wait and run in all before it is answered 503.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// How `morgue serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Where the pages live under the host, as a reverse proxy forwards them: "" or "/morgue".
    pub base_path: String,
}

/// What every request reads.
pub struct Shared {
    pub backend: Backend,
    pub aliases: Arc<Aliases>,
    pub base: String,
    running: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
}

impl Shared {
    /// Search with the server's aliases (the query checked not to be empty by the
    /// caller, which answers an empty one with a 400 of its own).
    ///
    /// # Errors
    /// The index cannot be read, or the query is empty after all.
    pub fn search(&self, request: Request) -> anyhow::Result<Results> {
        let request = Request {
            aliases: self.aliases.clone(),
            ..request
        };
        self.backend.search(&request)
    }
}

/// The shared state as handlers receive it.
pub type AppState = Arc<Shared>;

/// Why a request was not answered as asked, with the status that says so.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }

    /// An article id the index does not hold.
    pub fn no_article() -> Failure {
        Failure::new(
            StatusCode::NOT_FOUND,
            "no article has this id: the index may have been rebuilt since the link was made",
        )
    }

    fn busy() -> Failure {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy with other searches: try again in a moment",
        )
    }

    fn too_slow() -> Failure {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the search took longer than {} s: narrow it (fewer words, a date range)",
                DEADLINE.as_secs()
            ),
        )
    }

    fn internal(err: &anyhow::Error) -> Failure {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{err:#}"))
    }
}

/// Check `--base-path`: empty, or `/` and path words (letters, digits, `-`, `_`, `.`), no
/// trailing slash. Returned without a trailing slash.
///
/// # Errors
/// Anything else, said for the flag.
pub fn base_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let ok = trimmed.starts_with('/')
        && trimmed[1..].split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    if ok {
        Ok(trimmed.to_string())
    } else {
        Err("use a path such as /morgue: a slash, then letters, digits, -, _ or . (more parts separated by /)".to_string())
    }
}

/// The application: every route, under `base`.
pub fn app(backend: Backend, aliases: Aliases, base: &str) -> Router {
    let shared = Arc::new(Shared {
        backend,
        aliases: Arc::new(aliases),
        base: base.to_string(),
        running: Arc::new(Semaphore::new(MAX_RUNNING)),
        waiting: Arc::new(Semaphore::new(MAX_WAITING)),
    });
    let at = |path: &str| format!("{base}{path}");
    let mut router = Router::new()
        .route(&at("/"), get(pages::search))
        .route(&at("/article/{id}"), get(pages::article))
        .route(&at("/api/search"), get(api::search))
        .route(&at("/api/article/{id}"), get(api::article))
        .route(&at("/api/stats"), get(api::stats))
        .route(&at("/static/style.css"), get(pages::style))
        .route(&at("/static/app.js"), get(pages::script));
    if !base.is_empty() {
        let to = format!("{base}/");
        router = router.route(
            base,
            get(move || async move { axum::response::Redirect::permanent(&to) }),
        );
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .with_state(shared)
        .layer(axum::middleware::map_response(secure))
}

/// Serve `backend` until interrupted (Ctrl-C or SIGTERM). `ready` is told the address bound (the
/// port chosen when 0 was asked) once requests are accepted.
///
/// # Errors
/// The address cannot be bound, or the server fails.
pub fn run(
    backend: Backend,
    aliases: Aliases,
    config: &Config,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
        ready(listener.local_addr()?);
        axum::serve(listener, app(backend, aliases, &config.base_path))
            .with_graceful_shutdown(stopped())
            .await?;
        anyhow::Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// Run `work` on a blocking thread, within the bounds: a place in the queue (else 503 at once),
/// a turn among [`MAX_RUNNING`], and [`DEADLINE`] for both (else 503; the work itself finishes
/// in the background, still holding its turn, so that slow searches cannot pile up).
pub async fn bounded<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&Shared) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Failure> {
    let Ok(_place) = state.waiting.clone().try_acquire_owned() else {
        return Err(Failure::busy());
    };
    let deadline = tokio::time::Instant::now() + DEADLINE;
    let turn = match tokio::time::timeout_at(deadline, state.running.clone().acquire_owned()).await
    {
        Ok(Ok(turn)) => turn,
        _ => return Err(Failure::busy()),
    };
    let shared = state.clone();
    let task = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        work(&shared)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(err))) => Err(Failure::internal(&err)),
        Ok(Err(_panicked)) => Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the search failed unexpectedly",
        )),
        Err(_late) => Err(Failure::too_slow()),
    }
}

/// Unknown paths and methods other than GET: a page for people, JSON under `/api/`.
async fn not_found(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    method: Method,
) -> Response {
    let failure = if method == Method::GET || method == Method::HEAD {
        Failure::new(StatusCode::NOT_FOUND, "no such page")
    } else {
        Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "morgue serve is read-only: only GET is answered",
        )
    };
    if uri.path().starts_with(&format!("{}/api/", state.base)) {
        api::failure(failure)
    } else {
        pages::failure(&state, failure)
    }
}

/// Headers on every answer: scripts and styles from this origin only, no inline script, no
/// framing, no sniffing, no referrer.
async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        api::failure(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path(""), Ok(String::new()));
        assert_eq!(base_path("/"), Ok(String::new()));
        assert_eq!(base_path("/morgue/"), Ok("/morgue".to_string()));
        assert_eq!(base_path("/a/b-c"), Ok("/a/b-c".to_string()));
        for bad in ["morgue", "/a//b", "/../etc", "/a b", "/<x>", "/a?b"] {
            assert!(base_path(bad).is_err(), "{bad}");
        }
    }
}
