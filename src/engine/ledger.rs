//! What an engine outside morgue holds, as morgue sent it: each source file's article ids with a
//! hash of each article's line, and the commit they describe. The export folder and a remote
//! engine keep one each, so that a re-run sends only the articles whose text changed and the
//! ids that are gone.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::index::pipeline::Record;
use crate::output::json::{ArticleMessage, ExportedArticle};

/// The ledger's file, in the folder it describes.
pub const FILE: &str = "morgue-export-ids.jsonl";

/// A source file's articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct FileIds {
    key: String,
    ids: Vec<String>,
    /// The language of each article (`""` for none), in the order of `ids`.
    langs: Vec<String>,
    /// A hash of each article's line, in the order of `ids`: a file read again (a folder is read
    /// whole when one of its files changed) sends only the articles whose line changed.
    #[serde(default)]
    hashes: Vec<String>,
}

/// The first line of the file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    commit: String,
}

/// The ids sent, per source file, and this run's changes.
#[derive(Debug, Default)]
pub struct Ledger {
    files: BTreeMap<String, FileIds>,
    commit: Option<String>,
    /// Articles of every file, by language code.
    languages: BTreeMap<String, usize>,
    /// Articles this run removed (their file gone or read again), by id with their line's hash;
    /// and the ids it holds again (sent, or found unchanged).
    removed: BTreeMap<String, String>,
    kept: BTreeSet<String>,
    /// Articles read again this run and found unchanged, so not sent.
    unchanged: usize,
}

impl Ledger {
    /// The ledger in `dir`; empty when there is none.
    ///
    /// # Errors
    /// It cannot be read, or a line is damaged.
    pub fn load(dir: &Path) -> anyhow::Result<Ledger> {
        let path = dir.join(FILE);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let mut ledger = Ledger::default();
        let mut lines = text.lines();
        ledger.commit = lines
            .next()
            .and_then(|l| serde_json::from_str::<Header>(l).ok())
            .map(|h| h.commit);
        for (n, line) in lines.enumerate() {
            let entry: FileIds = serde_json::from_str(line).with_context(|| {
                format!(
                    "{} line {} is damaged; start again into a new folder",
                    path.display(),
                    n + 2
                )
            })?;
            for lang in entry.langs.iter().filter(|l| !l.is_empty()) {
                *ledger.languages.entry(lang.clone()).or_default() += 1;
            }
            ledger.files.insert(entry.key.clone(), entry);
        }
        Ok(ledger)
    }

    /// Write the ledger into `dir` as the state of commit `token` (atomically).
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn save(&mut self, dir: &Path, token: &str) -> anyhow::Result<()> {
        let mut text = serde_json::to_string(&Header {
            commit: token.to_string(),
        })?;
        text.push('\n');
        for entry in self.files.values() {
            text.push_str(&serde_json::to_string(entry)?);
            text.push('\n');
        }
        crate::export::write_atomically(&dir.join(FILE), text.as_bytes())?;
        self.commit = Some(token.to_string());
        Ok(())
    }

    /// The last commit's token, and whether nothing is held ([`crate::index::Sink::last_commit`]).
    pub fn last_commit(&self) -> (Option<String>, bool) {
        (self.commit.clone(), self.files.is_empty())
    }

    /// A file's articles are gone (or about to be sent again).
    pub fn delete_file(&mut self, file_key: &str) {
        let Some(gone) = self.files.remove(file_key) else {
            return;
        };
        let hashes = gone
            .hashes
            .into_iter()
            .chain(std::iter::repeat(String::new()));
        for ((id, lang), hash) in gone.ids.into_iter().zip(gone.langs).zip(hashes) {
            if let Some(n) = self.languages.get_mut(&lang) {
                *n = n.saturating_sub(1);
            }
            self.removed.insert(id, hash);
        }
        self.languages.retain(|_, n| *n > 0);
    }

    /// Articles held for these files.
    pub fn articles_of(&self, file_keys: &[String]) -> usize {
        file_keys
            .iter()
            .filter_map(|k| self.files.get(k))
            .map(|f| f.ids.len())
            .sum()
    }

    /// Every file held.
    pub fn file_keys(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    /// Record an article of `file_key` whose line is `line`: `true` when it must be sent (new,
    /// or changed since it was sent), `false` when the engine holds it as it is.
    fn add(&mut self, file_key: &str, id: &str, lang: Option<&str>, line: &str) -> bool {
        // 64 bits of a hash tell an article's line from its earlier one.
        let hash = blake3::hash(line.as_bytes()).to_hex()[..16].to_string();
        let send = self.removed.get(id) != Some(&hash);
        if !send {
            self.unchanged += 1;
        }
        let lang = lang.unwrap_or_default().to_string();
        if !lang.is_empty() {
            *self.languages.entry(lang.clone()).or_default() += 1;
        }
        let entry = self
            .files
            .entry(file_key.to_string())
            .or_insert_with(|| FileIds {
                key: file_key.to_string(),
                ..FileIds::default()
            });
        entry.ids.push(id.to_string());
        entry.langs.push(lang);
        entry.hashes.push(hash);
        self.kept.insert(id.to_string());
        send
    }

    /// Record `record` and give its exported line when it must be sent (new, or changed since
    /// it was sent); `None` when the engine holds it as it is.
    ///
    /// # Errors
    /// The article cannot be written as JSON.
    pub fn line_to_send(&mut self, record: &Record) -> anyhow::Result<Option<String>> {
        let line = serde_json::to_string(&ExportedArticle {
            id: record.id,
            article: ArticleMessage::new(record.path, record.format, record.article),
        })?;
        let lang = record.article.lang.as_deref();
        Ok(self
            .add(record.file_key, record.id, lang, &line)
            .then_some(line))
    }

    /// Forget that an article of `file_key` was sent (the engine refused it): a later run sends
    /// it again if its file is read again.
    pub fn refused(&mut self, file_key: &str, id: &str) {
        if let Some(entry) = self.files.get_mut(file_key) {
            if let Some(at) = entry.ids.iter().position(|i| i == id) {
                if let Some(hash) = entry.hashes.get_mut(at) {
                    hash.clear();
                }
            }
        }
    }

    /// The ids gone this run: removed, and not held again.
    pub fn deleted_ids(&self) -> Vec<&String> {
        self.removed
            .keys()
            .filter(|id| !self.kept.contains(*id))
            .collect()
    }

    /// Articles this run read again and found as they were sent.
    pub fn unchanged(&self) -> usize {
        self.unchanged
    }

    /// Articles held.
    pub fn articles(&self) -> usize {
        self.files.values().map(|f| f.ids.len()).sum()
    }

    /// Source files held.
    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// Articles held by language code (none for articles without one).
    pub fn languages(&self) -> &BTreeMap<String, usize> {
        &self.languages
    }
}
