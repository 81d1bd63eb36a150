//! The HTTP side of an OpenSearch or Elasticsearch index: its address (credentials kept apart
//! from what is shown), requests sent again while the cluster is busy or away, its answers'
//! errors in one line.

use std::time::Duration;

use anyhow::bail;
use serde_json::Value;

use crate::output::terminal::clean;

/// Pauses before sending a refused or unanswered request again: about 30 s in all.
const RETRY_PAUSES_MS: &[u64] = &[250, 500, 1000, 2000, 4000, 8000, 16000];

/// Where the articles go: the cluster and the index, with credentials kept apart from what is
/// shown.
#[derive(Clone)]
pub struct Target {
    /// `scheme://host:port`, without credentials or path.
    pub base: String,
    pub index: String,
    user: Option<String>,
    password: Option<String>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.shown())
    }
}

impl Target {
    /// `http(s)://[USER:PASSWORD@]HOST[:PORT]/INDEX`. The error never repeats the address (it
    /// may hold a password).
    ///
    /// # Errors
    /// Not an http(s) address with one path segment that is a valid index name.
    pub fn parse(address: &str) -> Result<Target, String> {
        const FORM: &str = "give the engine's address and index, http://HOST:PORT/INDEX";
        let url = url::Url::parse(address.trim()).map_err(|e| format!("{e}: {FORM}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("only http and https are spoken: {FORM}"));
        }
        let host = url.host_str().ok_or_else(|| format!("no host: {FORM}"))?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("an address with ?query or #fragment: {FORM}"));
        }
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        let [index] = segments.as_slice() else {
            return Err(format!(
                "the path must be the index's name alone (the address has {} parts): {FORM}",
                segments.len()
            ));
        };
        let index = percent_decoded(index);
        if !valid_index_name(&index) {
            return Err(format!(
                "`{}` is not an index name (lower-case, without \\ / * ? \" < > | , # : or spaces, not starting with - _ +): {FORM}",
                clean(&index)
            ));
        }
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let user = (!url.username().is_empty()).then(|| percent_decoded(url.username()));
        let password = url.password().map(percent_decoded);
        Ok(Target {
            base: format!("{}://{host}{port}", url.scheme()),
            index,
            user,
            password,
        })
    }

    /// The credentials of the environment, where the address gives none.
    pub fn with_environment(mut self) -> Target {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        self.user = self.user.or_else(|| var("MORGUE_ENGINE_USER"));
        self.password = self.password.or_else(|| var("MORGUE_ENGINE_PASSWORD"));
        self
    }

    /// The address as shown to people: never the credentials.
    pub fn shown(&self) -> String {
        clean(&format!("{}/{}", self.base, self.index)).into_owned()
    }

    /// A folder name for this target's local state: host, port and index.
    pub fn state_name(&self) -> String {
        let raw = format!("{}_{}", self.base, self.index);
        raw.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }

    fn authorization(&self) -> Option<String> {
        use base64::Engine as _;
        let user = self.user.as_deref()?;
        let pair = format!("{user}:{}", self.password.as_deref().unwrap_or_default());
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    }
}

/// A part of a URL with its `%XX` escapes undone (a `+` stays a `+`: this is not a form).
fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// OpenSearch's (and Elasticsearch's) rules for an index name.
fn valid_index_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.starts_with(['-', '_', '+'])
        && name
            .chars()
            .all(|c| !c.is_uppercase() && !c.is_whitespace() && !"\\/*?\"<>|,#:".contains(c))
}

/// A connection to one index of a cluster.
pub struct Client {
    target: Target,
    agent: ureq::Agent,
}

/// What a request came back with.
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Client {
    /// A client of `target` (no request is sent yet): https checks certificates against the
    /// system's roots.
    pub fn new(target: Target) -> Client {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            .tls_config(tls)
            .build()
            .into();
        Client { target, agent }
    }

    /// The target, as shown.
    pub fn shown(&self) -> String {
        self.target.shown()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}{path}", self.target.base, self.target.index)
    }

    /// One request, sent again after a pause while the cluster answers 429 or 5xx or does not
    /// answer; the answer's status and JSON body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<(&[u8], &str)>,
    ) -> anyhow::Result<Answer> {
        let url = self.url(path);
        let mut last = String::new();
        for (attempt, pause) in std::iter::once(&0).chain(RETRY_PAUSES_MS).enumerate() {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(*pause));
            }
            let answer = self.send_once(method, &url, body);
            match answer {
                Ok(a) if a.status == 429 || (500..600).contains(&a.status) => {
                    last = format!("it answered {}", a.status);
                }
                Ok(a) => return Ok(a),
                Err(e) => last = e,
            }
        }
        bail!(
            "the engine at {} did not take the request ({last}) after {} tries over {} s: everything up to the last commit is there; run again when it answers",
            self.target.shown(),
            RETRY_PAUSES_MS.len() + 1,
            RETRY_PAUSES_MS.iter().sum::<u64>() / 1000
        )
    }

    fn send_once(
        &self,
        method: &str,
        url: &str,
        body: Option<(&[u8], &str)>,
    ) -> Result<Answer, String> {
        let auth = self.target.authorization();
        let result = match (method, body) {
            ("GET", _) => {
                let mut r = self.agent.get(url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
            ("HEAD", _) => {
                let mut r = self.agent.head(url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
            (m, Some((bytes, kind))) => {
                let mut r = if m == "PUT" {
                    self.agent.put(url)
                } else {
                    self.agent.post(url)
                };
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.header("Content-Type", kind).send(bytes)
            }
            (_, None) => {
                let mut r = self.agent.post(url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.send_empty()
            }
        };
        // Errors are told by kind: their text could carry the address.
        let mut response = result.map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_string()
            .map_err(|e| transport_error(&e))?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer { status, body })
    }

    /// [`Client::request`], and the answer's body when the engine took it; `what` names the
    /// request in the error when it did not ("the search", "a batch of 40 articles").
    ///
    /// # Errors
    /// The engine did not answer, or answered 300 or more.
    pub fn accepted(
        &self,
        method: &str,
        path: &str,
        body: Option<(&[u8], &str)>,
        what: &str,
    ) -> anyhow::Result<Value> {
        let answer = self.request(method, path, body)?;
        if answer.status >= 300 {
            bail!(
                "the engine at {} refused {what} ({}): {}",
                self.target.shown(),
                answer.status,
                reason_of(&answer.body)
            );
        }
        Ok(answer.body)
    }

    /// [`Client::accepted`] with a JSON body.
    ///
    /// # Errors
    /// As [`Client::accepted`].
    pub fn accepted_json(
        &self,
        method: &str,
        path: &str,
        body: &Value,
        what: &str,
    ) -> anyhow::Result<Value> {
        let bytes = body.to_string();
        self.accepted(
            method,
            path,
            Some((bytes.as_bytes(), "application/json")),
            what,
        )
    }

    /// The index's mapping, or `None` when there is no such index.
    ///
    /// # Errors
    /// The cluster cannot be reached, refuses the credentials, or answers otherwise.
    pub fn mapping(&self) -> anyhow::Result<Option<Value>> {
        let shown = self.target.shown();
        let answer = self
            .send_once("GET", &self.url("/_mapping"), None)
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot reach the engine at {shown} ({e}): is it running, and is the address right?"
                )
            })?;
        match answer.status {
            200 => Ok(Some(
                answer
                    .body
                    .as_object()
                    .and_then(|o| o.values().next())
                    .map(|m| m["mappings"].clone())
                    .unwrap_or(Value::Null),
            )),
            404 => Ok(None),
            401 | 403 => bail!(
                "the engine at {shown} refused the credentials ({}): set MORGUE_ENGINE_USER and MORGUE_ENGINE_PASSWORD",
                answer.status
            ),
            status => bail!(
                "the engine at {shown} answered {status} when asked for the index: {}",
                reason_of(&answer.body)
            ),
        }
    }
}

/// A transport error in words, without the address it was for.
fn transport_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => format!("{}", io.kind()),
        ureq::Error::Timeout(_) => "no answer in time".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::Tls(t) => format!("TLS: {t}"),
        other => clean(&other.to_string()).chars().take(200).collect(),
    }
}

/// An engine's error object in one line: its type and reason, cleaned and cut.
pub fn reason_of(error: &Value) -> String {
    let e = if error["error"].is_object() {
        &error["error"]
    } else {
        error
    };
    let text = match (e["type"].as_str(), e["reason"].as_str()) {
        (Some(t), Some(r)) => format!("{t}: {r}"),
        (None, Some(r)) => r.to_string(),
        _ => e.to_string(),
    };
    clean(&text).chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gives_its_index_and_credentials_and_shows_neither_password() {
        let t = Target::parse("https://ann:p%40ss+w0rd@search.example:9200/news").unwrap();
        assert_eq!(t.base, "https://search.example:9200");
        assert_eq!(t.index, "news");
        assert_eq!(t.user.as_deref(), Some("ann"));
        // `%40` is undone; a `+` stays a `+` (an address is not a form).
        assert_eq!(t.password.as_deref(), Some("p@ss+w0rd"));
        assert_eq!(t.shown(), "https://search.example:9200/news");
        assert!(!format!("{t:?}").contains("w0rd"));
        let bad = Target::parse("http://ann:s3cret@host:9200/a/b").unwrap_err();
        assert!(!bad.contains("s3cret"), "{bad}");
    }
}
