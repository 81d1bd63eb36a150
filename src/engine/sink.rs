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

use anyhow::{bail, Context};
use serde_json::json;

use super::client::{reason_of, Client, Target};
use super::ledger::Ledger;
use super::mapping;
use crate::index::pipeline::{Record, Sink};

/// A `_bulk` request is sent once it holds this many bytes.
const BATCH_BYTES: usize = 5 << 20;

/// An article the engine refused.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub path: String,
    pub id: String,
    pub reason: String,
}

/// The cluster as a sink of the indexing pipeline.
pub struct Engine {
    client: Client,
    /// The local folder of the ledger and the pipeline's manifest.
    state: PathBuf,
    ledger: Ledger,
    /// Languages whose prose sub-fields the index's mapping has.
    mapped: Vec<&'static str>,
    /// The `_bulk` body being gathered, and the path, file key and id of each action in it.
    body: Vec<u8>,
    actions: Vec<(String, String, String)>,
    refused: Vec<Refusal>,
    /// Ids sent for deletion this run.
    deleted: std::collections::BTreeSet<String>,
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
        let mut engine = Engine {
            ledger: Ledger::load(state)?,
            client: Client::new(target),
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
        self.client.shown()
    }

    /// Create the index when missing; check an existing one is morgue's, of this schema.
    fn prepare_index(&mut self) -> anyhow::Result<()> {
        let shown = self.client.shown();
        let Some(mapping) = self.client.mapping()? else {
            let body = json!({
                "settings": mapping::opensearch_settings(&mapping::all_prose_languages()),
                "mappings": {
                    "dynamic": "strict",
                    "_meta": mapping::opensearch_meta(&[]),
                    "properties": mapping::opensearch_properties(&[]),
                },
            });
            self.client
                .accepted_json("PUT", "", &body, "to create the index")?;
            return Ok(());
        };
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
        self.client
            .accepted_json("PUT", "/_mapping", &body, &format!("the {code} sub-fields"))?;
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
        let answer = self.client.accepted(
            "POST",
            "/_bulk",
            Some((&body, "application/x-ndjson")),
            &format!("a batch of {} articles", actions.len()),
        )?;
        let items = answer["items"].as_array().map_or(&[][..], Vec::as_slice);
        for (item, (path, file_key, id)) in items.iter().zip(actions) {
            let (kind, result) = match item.as_object().and_then(|o| o.iter().next()) {
                Some((k, v)) => (k.as_str(), v),
                None => continue,
            };
            let status = result["status"].as_u64().unwrap_or(0);
            // Deleting what is not there is what was wanted.
            if status < 300 || (kind == "delete" && status == 404) {
                continue;
            }
            self.ledger.refused(&file_key, &id);
            self.refused.push(Refusal {
                path,
                id,
                reason: reason_of(&result["error"]),
            });
        }
        Ok(())
    }
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
        let Some(line) = self.ledger.line_to_send(record)? else {
            return Ok(());
        };
        if let Some(lang) = record.article.lang.as_deref() {
            self.map_language(lang)?;
        }
        let action = json!({"index": {"_id": record.id}});
        self.body.extend_from_slice(action.to_string().as_bytes());
        self.body.push(b'\n');
        self.body.extend_from_slice(line.as_bytes());
        self.body.push(b'\n');
        self.actions.push((
            record.path.to_string(),
            record.file_key.to_string(),
            record.id.to_string(),
        ));
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
            self.actions
                .push((String::new(), String::new(), id.clone()));
            self.deleted.insert(id);
        }
        self.flush()?;
        self.client
            .accepted("POST", "/_refresh", None, "to refresh the index")?;
        self.ledger.save(&self.state, token)
    }
}
