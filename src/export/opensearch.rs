//! `morgue index DIR... --engine http://HOST:PORT/INDEX`: the pipeline's articles sent to an
//! OpenSearch or Elasticsearch cluster through its `_bulk` API instead of the local index.
//!
//! - The index is created with the generated body (`mapping`) when missing; one that exists
//!   must carry morgue's schema in its mapping's `_meta`, else it is named with the fix.
//!   Analyzers for every language are set at creation (they cannot be added to an open index);
//!   a prose field's sub-field for a language is added when its first article comes.
//! - Articles are batched by size; a batch that meets 429 or 5xx, or no answer, is sent again
//!   after a growing pause, and a cluster that stays away stops the run with what to do. Each
//!   article the cluster refuses is reported with its file.
//! - The ledger of what was sent (`ledger`) and the pipeline's manifest stay on this machine, in
//!   a folder of the local index's: a re-run sends only changed articles and the ids gone. A run
//!   killed mid-way sends again what its last commit did not cover; ids are the documents' ids,
//!   so nothing is doubled.
//! - Credentials come from `MORGUE_ENGINE_USER` and `MORGUE_ENGINE_PASSWORD` (or the address),
//!   travel in a header, and are never printed; https uses the system's certificate roots.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::{json, Value};

use super::ledger::Ledger;
use super::mapping;
use crate::index::pipeline::{Record, Sink};
use crate::output::json::{ArticleMessage, ExportedArticle};
use crate::output::terminal::clean;

/// A `_bulk` request is sent once it holds this many bytes.
const BATCH_BYTES: usize = 5 << 20;
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

fn percent_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map_or_else(|| text.to_string(), |(_, v)| v.into_owned())
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

/// An article the engine refused.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub path: String,
    pub id: String,
    pub reason: String,
}

/// The cluster as a sink of the indexing pipeline.
pub struct Engine {
    target: Target,
    agent: ureq::Agent,
    /// The local folder of the ledger and the pipeline's manifest.
    state: PathBuf,
    ledger: Ledger,
    /// Languages whose prose sub-fields the index's mapping has.
    mapped: Vec<&'static str>,
    /// The `_bulk` body being gathered, and the path and id of each action in it.
    body: Vec<u8>,
    actions: Vec<(String, String)>,
    refused: Vec<Refusal>,
    /// Ids sent for deletion this run.
    deleted: std::collections::BTreeSet<String>,
}

/// What a request came back with.
struct Answer {
    status: u16,
    body: Value,
}

impl Engine {
    /// Connect to `target`, create its index when missing (or check it is morgue's), and read
    /// the local state kept in `state`.
    ///
    /// # Errors
    /// The cluster cannot be reached or refuses, the index exists with another mapping, or the
    /// local state cannot be read.
    pub fn open(target: Target, state: &Path) -> anyhow::Result<Engine> {
        std::fs::create_dir_all(state).with_context(|| format!("creating {}", state.display()))?;
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
        let mut engine = Engine {
            ledger: Ledger::load(state)?,
            target,
            agent,
            state: state.to_path_buf(),
            mapped: Vec::new(),
            body: Vec::new(),
            actions: Vec::new(),
            refused: Vec::new(),
            deleted: Default::default(),
        };
        engine.prepare_index()?;
        Ok(engine)
    }

    /// The articles refused so far.
    pub fn refused(&self) -> &[Refusal] {
        &self.refused
    }

    /// Articles this run read again and found as they were sent.
    pub fn unchanged(&self) -> usize {
        self.ledger.unchanged()
    }

    /// The target, as shown.
    pub fn shown(&self) -> String {
        self.target.shown()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}{path}", self.target.base, self.target.index)
    }

    /// One request, sent again after a pause while the cluster answers 429 or 5xx or does not
    /// answer; the answer's status and JSON body.
    fn request(
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

    /// Create the index when missing; check an existing one is morgue's, of this schema.
    fn prepare_index(&mut self) -> anyhow::Result<()> {
        let shown = self.target.shown();
        let answer = self
            .send_once("GET", &self.url("/_mapping"), None)
            .map_err(|e| anyhow::anyhow!("cannot reach the engine at {shown} ({e}): is it running, and is the address right?"))?;
        match answer.status {
            200 => {
                let mapping = answer
                    .body
                    .as_object()
                    .and_then(|o| o.values().next())
                    .map(|m| m["mappings"].clone())
                    .unwrap_or(Value::Null);
                let schema = mapping["_meta"]["morgue_schema"].as_u64();
                if schema != Some(u64::from(crate::index::schema::SCHEMA_VERSION)) {
                    let made = schema.map_or_else(
                        || "not by morgue".to_string(),
                        |s| format!("by a morgue of schema {s}"),
                    );
                    bail!(
                        "the index at {shown} exists with another mapping (made {made}; this morgue writes schema {}): delete it (curl -XDELETE {shown}) and run again, or give another index name",
                        crate::index::schema::SCHEMA_VERSION
                    );
                }
                let all = mapping::all_prose_languages();
                self.mapped = mapping["_meta"]["languages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|l| all.iter().find(|c| Some(**c) == l.as_str()).copied())
                    .collect();
                Ok(())
            }
            404 => {
                let body = json!({
                    "settings": mapping::opensearch_settings(&mapping::all_prose_languages()),
                    "mappings": {
                        "dynamic": "strict",
                        "_meta": mapping::opensearch_meta(&[]),
                        "properties": mapping::opensearch_properties(&[]),
                    },
                });
                let answer = self.request("PUT", "", Some((body.to_string().as_bytes(), "application/json")))?;
                if answer.status >= 300 {
                    bail!(
                        "the engine at {shown} refused to create the index ({}): {}",
                        answer.status,
                        reason_of(&answer.body)
                    );
                }
                Ok(())
            }
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

    /// Give the index's prose fields a sub-field for `lang` when it has its own stemmer and
    /// none yet.
    fn map_language(&mut self, lang: &str) -> anyhow::Result<()> {
        let Some(code) = mapping::prose_languages([lang]).first().copied() else {
            return Ok(());
        };
        if self.mapped.contains(&code) {
            return Ok(());
        }
        let mut languages = self.mapped.clone();
        languages.push(code);
        languages.sort_unstable();
        let body = json!({
            "_meta": mapping::opensearch_meta(&languages),
            "properties": mapping::opensearch_properties(&languages),
        });
        let answer = self.request(
            "PUT",
            "/_mapping",
            Some((body.to_string().as_bytes(), "application/json")),
        )?;
        if answer.status >= 300 {
            bail!(
                "the engine at {} refused the {code} sub-fields ({}): {}",
                self.target.shown(),
                answer.status,
                reason_of(&answer.body)
            );
        }
        self.mapped = languages;
        Ok(())
    }

    /// Send the gathered actions; note each refused article.
    fn flush(&mut self) -> anyhow::Result<()> {
        if self.actions.is_empty() {
            return Ok(());
        }
        let body = std::mem::take(&mut self.body);
        let actions = std::mem::take(&mut self.actions);
        let answer = self.request("POST", "/_bulk", Some((&body, "application/x-ndjson")))?;
        if answer.status >= 300 {
            bail!(
                "the engine at {} refused a batch of {} articles ({}): {}",
                self.target.shown(),
                actions.len(),
                answer.status,
                reason_of(&answer.body)
            );
        }
        let items = answer.body["items"].as_array().cloned().unwrap_or_default();
        for (item, (path, id)) in items.iter().zip(actions) {
            let (kind, result) = match item.as_object().and_then(|o| o.iter().next()) {
                Some((k, v)) => (k.as_str(), v),
                None => continue,
            };
            let status = result["status"].as_u64().unwrap_or(0);
            // Deleting what is not there is what was wanted.
            if status < 300 || (kind == "delete" && status == 404) {
                continue;
            }
            self.ledger.refused(&id);
            self.refused.push(Refusal {
                path,
                id,
                reason: reason_of(&result["error"]),
            });
        }
        Ok(())
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
fn reason_of(error: &Value) -> String {
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

impl Sink for Engine {
    fn last_commit(&self) -> anyhow::Result<(Option<String>, bool)> {
        Ok(self.ledger.last_commit())
    }

    fn delete_file(&mut self, file_key: &str) {
        self.ledger.delete_file(file_key);
    }

    fn articles_of(&self, file_keys: &[String]) -> anyhow::Result<usize> {
        Ok(self.ledger.articles_of(file_keys))
    }

    fn file_keys(&self) -> anyhow::Result<Vec<String>> {
        Ok(self.ledger.file_keys())
    }

    fn add(&mut self, record: &Record) -> anyhow::Result<()> {
        let line = serde_json::to_string(&ExportedArticle {
            id: record.id,
            article: ArticleMessage::new(record.path, record.format, record.article),
        })?;
        let lang = record.article.lang.as_deref();
        if !self.ledger.add(record.file_key, record.id, lang, &line) {
            return Ok(());
        }
        if let Some(lang) = lang {
            self.map_language(lang)?;
        }
        let action = json!({"index": {"_id": record.id}});
        self.body.extend_from_slice(action.to_string().as_bytes());
        self.body.push(b'\n');
        self.body.extend_from_slice(line.as_bytes());
        self.body.push(b'\n');
        self.actions
            .push((record.path.to_string(), record.id.to_string()));
        if self.body.len() >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn commit(&mut self, token: &str) -> anyhow::Result<()> {
        let gone: Vec<String> = self
            .ledger
            .deleted_ids()
            .into_iter()
            .filter(|id| !self.deleted.contains(*id))
            .cloned()
            .collect();
        for id in gone {
            let action = json!({"delete": {"_id": id}});
            self.body.extend_from_slice(action.to_string().as_bytes());
            self.body.push(b'\n');
            self.actions.push((String::new(), id.clone()));
            self.deleted.insert(id);
        }
        self.flush()?;
        let answer = self.request("POST", "/_refresh", None)?;
        if answer.status >= 300 {
            bail!(
                "the engine at {} could not refresh the index ({}): {}",
                self.target.shown(),
                answer.status,
                reason_of(&answer.body)
            );
        }
        self.ledger.save(&self.state, token)
    }
}
