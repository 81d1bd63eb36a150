//! `morgue export`: the segmented articles written out for other engines, as a [`Sink`] of the
//! same pipeline as the local index (so the same incremental rules, threads and crash safety).
//!
//! ```text
//! OUT/
//!   runs/000001/chunk-000001.ndjson   one article a line: `segment --json`'s object plus `id`
//!   runs/000002/chunk-000002.ndjson   a re-export writes only the articles of changed files...
//!   runs/000002/deleted.txt           ...and the ids of articles that are gone, one a line
//!   manifest.json                     every run's chunks: articles, bytes, sha256; the totals
//!   opensearch-index.json             the OpenSearch/Elasticsearch index body (`mapping`)
//!   quickwit-index.yaml               the Quickwit index config (`mapping`)
//!   README.md                         the commands that load it
//!   SHA256SUMS                        every chunk's checksum, for `sha256sum -c`
//!   morgue-manifest.jsonl, morgue-export-ids.jsonl   morgue's own: the files and ids exported
//! ```
//!
//! A run's chunks and deletions are written by each commit, then the state naming the commit; a
//! run stopped before a commit leaves chunk files no manifest lists, which the next run removes
//! and writes again. Ids are the local index's (file key and position), so that loading a
//! changed article again replaces it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::{ledger, mapping};
use crate::index::pipeline::{Record, Sink};

/// The public manifest.
pub const MANIFEST: &str = "manifest.json";
/// Which ids each source file gave, and the commit it describes (morgue's own).
const IDS: &str = ledger::FILE;
/// Held while a run writes, so that two exports never write one folder at once.
const LOCK: &str = "morgue-export.lock";
/// The folder of the runs.
const RUNS: &str = "runs";
/// The index name the generated configs and commands use.
pub const INDEX_NAME: &str = "morgue";

/// A chunk of articles written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChunkEntry {
    /// Relative to the export's folder.
    pub file: String,
    pub articles: usize,
    pub bytes: u64,
    pub sha256: String,
}

/// One run of `morgue export`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RunEntry {
    pub run: u32,
    pub chunks: Vec<ChunkEntry>,
    /// The ids gone since the run before (a file removed, or changed to fewer articles).
    pub deleted: Option<ChunkEntry>,
}

/// `manifest.json`: what the export holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// The version of morgue that wrote it, and its index schema.
    pub morgue: String,
    pub schema: u32,
    /// Articles the export holds after every run (added, replaced and deleted ones counted).
    pub articles: usize,
    /// Source files they come from.
    pub files: usize,
    /// Languages of the articles (codes), with how many.
    pub languages: BTreeMap<String, usize>,
    /// Every run, oldest first: to load the export, each run's chunks then its deletions.
    pub runs: Vec<RunEntry>,
}

/// A chunk being written.
struct Open {
    file: String,
    out: BufWriter<File>,
    hash: Sha256,
    articles: usize,
    bytes: u64,
}

/// The export folder as a sink of the indexing pipeline.
pub struct Export {
    dir: PathBuf,
    chunk_size: u64,
    manifest: Manifest,
    /// The ids of each source file in the last commit, and this run's changes.
    ledger: ledger::Ledger,
    /// This run: its number, and what it has written so far.
    run: RunEntry,
    open: Option<Open>,
    /// The lock on the folder, held while this export lives.
    _lock: File,
}

impl Export {
    /// Open (or start) the export in `dir`, writing chunks of about `chunk_size` bytes.
    ///
    /// # Errors
    /// The folder cannot be created or read, another export is writing to it, or its files are
    /// not an export's.
    pub fn open(dir: &Path, chunk_size: u64) -> anyhow::Result<Export> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let lock = File::create(dir.join(LOCK))
            .with_context(|| format!("creating {}", dir.join(LOCK).display()))?;
        if lock.try_lock().is_err() {
            bail!(
                "another `morgue export` is writing to {}; wait for it to finish",
                dir.display()
            );
        }
        let manifest_path = dir.join(MANIFEST);
        let manifest: Manifest = match fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} is not a morgue export's manifest; export into an empty folder",
                    manifest_path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A folder that holds other things is not taken over.
                let foreign = fs::read_dir(dir)?
                    .filter_map(Result::ok)
                    .any(|e| !is_ours(&e.file_name().to_string_lossy()));
                if foreign {
                    bail!(
                        "{} holds files that are not a morgue export; export into an empty or new folder",
                        dir.display()
                    );
                }
                Manifest::default()
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading {}", manifest_path.display()))
            }
        };
        let ledger = ledger::Ledger::load(dir)?;
        let run = RunEntry {
            run: manifest.runs.last().map_or(1, |r| r.run + 1),
            ..RunEntry::default()
        };
        let export = Export {
            dir: dir.to_path_buf(),
            chunk_size: chunk_size.max(1),
            manifest,
            ledger,
            run,
            open: None,
            _lock: lock,
        };
        export.remove_unlisted()?;
        Ok(export)
    }

    /// `err` from a run into this export, with what to do when the disk is full.
    pub fn explain_write_error(&self, err: anyhow::Error) -> anyhow::Error {
        if crate::index::out_of_room(&err) {
            let shown = crate::output::terminal::clean(&crate::ingest::walk::path_text(&self.dir))
                .into_owned();
            err.context(format!(
                "the disk holding {shown} is full: free some space and run `morgue export` again (the export keeps everything up to its last commit)"
            ))
        } else {
            err
        }
    }

    /// The manifest as the last commit left it.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// What this run has written so far: its chunks and deleted ids.
    pub fn this_run(&self) -> Option<&RunEntry> {
        self.manifest.runs.iter().find(|r| r.run == self.run.run)
    }

    /// Chunk files and run folders that no manifest lists: a run stopped before its commit.
    fn remove_unlisted(&self) -> anyhow::Result<()> {
        let runs = self.dir.join(RUNS);
        let Ok(entries) = fs::read_dir(&runs) else {
            return Ok(());
        };
        let listed: BTreeSet<String> = self
            .manifest
            .runs
            .iter()
            .flat_map(|r| r.chunks.iter().chain(&r.deleted))
            .map(|c| c.file.clone())
            .collect();
        for run in entries.filter_map(Result::ok) {
            let name = run.file_name().to_string_lossy().into_owned();
            for file in fs::read_dir(run.path())?.filter_map(Result::ok) {
                let rel = format!("{RUNS}/{name}/{}", file.file_name().to_string_lossy());
                if !listed.contains(&rel) {
                    fs::remove_file(file.path())
                        .with_context(|| format!("removing {}", file.path().display()))?;
                }
            }
            // An empty run folder is a run that wrote nothing.
            let _ = fs::remove_dir(run.path());
        }
        Ok(())
    }

    fn run_dir(&self) -> String {
        format!("{RUNS}/{:06}", self.run.run)
    }

    /// Finish the chunk being written: flushed, synced, listed in this run.
    fn close_chunk(&mut self) -> anyhow::Result<()> {
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let path = self.dir.join(&open.file);
        let file = open
            .out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all().map(|()| f))
            .with_context(|| format!("writing {}", path.display()))?;
        drop(file);
        self.run.chunks.push(ChunkEntry {
            file: open.file,
            articles: open.articles,
            bytes: open.bytes,
            sha256: hex(&open.hash.finalize()),
        });
        Ok(())
    }

    /// The chunk to write the next article to: a new one past the chunk size.
    fn chunk(&mut self) -> anyhow::Result<&mut Open> {
        if self
            .open
            .as_ref()
            .is_some_and(|o| o.bytes >= self.chunk_size)
        {
            self.close_chunk()?;
        }
        if self.open.is_none() {
            let number = self
                .manifest
                .runs
                .iter()
                .filter(|r| r.run != self.run.run)
                .map(|r| r.chunks.len())
                .sum::<usize>()
                + self.run.chunks.len()
                + 1;
            let rel = format!("{}/chunk-{number:06}.ndjson", self.run_dir());
            let path = self.dir.join(&rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            self.open = Some(Open {
                file: rel,
                out: BufWriter::new(file),
                hash: Sha256::new(),
                articles: 0,
                bytes: 0,
            });
        }
        Ok(self.open.as_mut().expect("opened above"))
    }

    /// Articles this run read again and found as they were exported (not written again).
    pub fn unchanged(&self) -> usize {
        self.ledger.unchanged()
    }

    /// Write this run's list of deleted ids (the whole run's so far).
    fn write_deleted(&mut self) -> anyhow::Result<()> {
        let ids = self.ledger.deleted_ids();
        if ids.is_empty() {
            self.run.deleted = None;
            return Ok(());
        }
        let mut text = String::new();
        for id in ids {
            text.push_str(id);
            text.push('\n');
        }
        let rel = format!("{}/deleted.txt", self.run_dir());
        let path = self.dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        write_atomically(&path, text.as_bytes())?;
        self.run.deleted = Some(ChunkEntry {
            articles: text.lines().count(),
            bytes: text.len() as u64,
            sha256: hex(&Sha256::digest(text.as_bytes())),
            file: rel,
        });
        Ok(())
    }

    /// Write the generated configs, the README and SHA256SUMS for what the manifest lists.
    fn write_companions(&self) -> anyhow::Result<()> {
        let languages: Vec<&str> = self.manifest.languages.keys().map(String::as_str).collect();
        let prose = mapping::prose_languages(languages.iter().copied());
        let body = serde_json::to_string_pretty(&mapping::opensearch_index(&prose))?;
        write_atomically(&self.dir.join("opensearch-index.json"), body.as_bytes())?;
        write_atomically(
            &self.dir.join("quickwit-index.yaml"),
            mapping::quickwit_index(INDEX_NAME, &languages).as_bytes(),
        )?;
        write_atomically(
            &self.dir.join("README.md"),
            readme(&self.manifest).as_bytes(),
        )?;
        let mut sums = String::new();
        for entry in self
            .manifest
            .runs
            .iter()
            .flat_map(|r| r.chunks.iter().chain(&r.deleted))
        {
            sums.push_str(&format!("{}  {}\n", entry.sha256, entry.file));
        }
        write_atomically(&self.dir.join("SHA256SUMS"), sums.as_bytes())
    }
}

impl Sink for Export {
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
        if let Some(line) = self.ledger.line_to_send(record)? {
            let open = self.chunk()?;
            let written = open
                .out
                .write_all(line.as_bytes())
                .and_then(|()| open.out.write_all(b"\n"));
            if let Err(e) = written {
                let file = open.file.clone();
                return Err(e).with_context(|| format!("writing {file}"));
            }
            open.hash.update(line.as_bytes());
            open.hash.update(b"\n");
            open.bytes += line.len() as u64 + 1;
            open.articles += 1;
        }
        Ok(())
    }

    fn commit(&mut self, token: &str) -> anyhow::Result<()> {
        self.close_chunk()?;
        self.write_deleted()?;
        // The ids first: a run stopped after them and before the manifest finds its chunks
        // unlisted (removed, and written again), and its files listed as read in part.
        self.ledger.save(&self.dir, token)?;
        self.manifest.morgue = env!("CARGO_PKG_VERSION").to_string();
        self.manifest.schema = crate::index::schema::SCHEMA_VERSION;
        self.manifest.articles = self.ledger.articles();
        self.manifest.files = self.ledger.files();
        self.manifest.languages = self.ledger.languages().clone();
        self.manifest.runs.retain(|r| r.run != self.run.run);
        if !self.run.chunks.is_empty() || self.run.deleted.is_some() {
            self.manifest.runs.push(self.run.clone());
        }
        let text = serde_json::to_string_pretty(&self.manifest)?;
        write_atomically(&self.dir.join(MANIFEST), text.as_bytes())?;
        self.write_companions()
    }
}

/// Whether a file name is one an export writes.
fn is_ours(name: &str) -> bool {
    matches!(
        name,
        MANIFEST
            | IDS
            | LOCK
            | RUNS
            | "opensearch-index.json"
            | "quickwit-index.yaml"
            | "README.md"
            | "SHA256SUMS"
    ) || name.starts_with(crate::index::manifest::FILE)
        || name.starts_with(IDS)
        || name.ends_with(".tmp")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Write `bytes` to `path` through a temporary file renamed over it: a reader (or a crash)
/// sees the old file or the new one, never half of one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    let written = File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    written
        .and_then(|()| fs::rename(&tmp, path))
        .with_context(|| format!("writing {}", path.display()))
}

/// `OUT/README.md`: what the folder holds and the commands that load it.
fn readme(manifest: &Manifest) -> String {
    let runs = manifest.runs.len();
    format!(
        r#"# A morgue export

{articles} articles from {files} files, written by morgue {version} in {runs} run(s). Each line of
a chunk (`runs/NNNNNN/chunk-NNNNNN.ndjson`) is one article: `id`, then the fields of
`morgue segment --json` (`path`, `format`, `title`, `standfirst`, `byline`, `date`, `source`,
`url`, `lang`, `body`, `people`, `orgs`, `places`, `keywords`, `crawled`). A run's
`deleted.txt` lists the ids of articles gone since the run before. Load the runs in order,
each run's chunks then its deletions; a later `morgue export` into this folder adds a run with
only what changed. `manifest.json` lists every file with its articles and sha256;
`sha256sum -c SHA256SUMS` checks them.

## OpenSearch or Elasticsearch

`opensearch-index.json` is the index body: analysers that cut, fold and stem words as morgue
does (but Greek, Arabic and Tamil words are not stemmed: OpenSearch's Snowball filter has none of
them), a sub-field of each prose field per language with a stemmer of its own (`body.de`), and a
strict mapping (a field morgue does not write is refused). Set `URL` to the
index's address, then, from this folder:

```sh
URL="${{URL:-http://localhost:9200/{index}}}"
curl -sf -XPUT "$URL" -H 'Content-Type: application/json' --data-binary @opensearch-index.json >/dev/null
for run in runs/*/; do
  for chunk in "$run"chunk-*.ndjson; do
    [ -e "$chunk" ] || continue
    sed 's/^{{"id":"\([^"]*\)".*/{{"index":{{"_id":"\1"}}}}\n&/' "$chunk" |
      curl -sf -XPOST "$URL/_bulk" -H 'Content-Type: application/x-ndjson' --data-binary @- |
      grep -q '"errors":false' || echo "some articles of $chunk were refused: see the _bulk answer" >&2
  done
  if [ -s "${{run}}deleted.txt" ]; then
    sed 's/.*/{{"delete":{{"_id":"&"}}}}/' "${{run}}deleted.txt" |
      curl -sf -XPOST "$URL/_bulk" -H 'Content-Type: application/x-ndjson' --data-binary @- >/dev/null
  fi
done
curl -sf -XPOST "$URL/_refresh" >/dev/null
```

(The first `curl` fails when the index exists: a later run loads into it as it is.)

## Quickwit

`quickwit-index.yaml` is the index config (index `{index}`). Quickwit has no stemmer but
English's and no pairs of CJK characters: prose is stemmed as English, or cut one CJK
character a word when the export holds Chinese, Japanese or Korean articles.

```sh
quickwit index create --index-config quickwit-index.yaml
for chunk in runs/*/chunk-*.ndjson; do
  quickwit index ingest --index {index} --input-path "$chunk"
done
```

Quickwit deletes by query: for each id of a run's `deleted.txt`,
`curl -XPOST http://localhost:7280/api/v1/{index}/delete-tasks -H 'Content-Type: application/json' -d '{{"query":"id:ID"}}'`.
"#,
        articles = manifest.articles,
        files = manifest.files,
        version = manifest.morgue,
        index = INDEX_NAME,
    )
}
