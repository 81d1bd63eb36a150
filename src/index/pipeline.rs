//! The indexing pipeline: walk the archive, read and extract new or changed files on several
//! threads, and hand their articles to one [`Sink`] (the local index, or another engine) with
//! the incremental rules that make re-runs cheap and crashes harmless.
//!
//! ```text
//! walk thread ──batches of one folder──▶ reading threads ──articles──▶ this thread ──▶ Sink
//!      │ (unchanged batches skip the readers)                              │
//!      └────────────────────────────────────────────────────────▶ manifest after each commit
//! ```
//!
//! The rules, in one place:
//! - A batch (the files of one folder, at most [`BATCH_FILES`]) whose files the manifest knows
//!   unchanged (size and time) is not read; one whose files are only touched (same content hash)
//!   is not read either. A batch with any new or changed file is read whole, so that the
//!   furniture learnt from a folder is the same as in a full run.
//! - A file's articles are replaced as a whole. A file that cannot be read keeps the articles it
//!   had; a file read but found empty loses them. Either way the manifest remembers it, so that
//!   it does not make its folder be read again on every run (it is read again once it changes).
//! - Every commit is followed by the manifest it describes, naming the commit (see
//!   [`manifest`](mod@super::manifest)); commits come every `commit_every` articles, even inside one
//!   large file, and at least every `commit_interval`.
//! - Files under a root that the walk no longer finds lose their articles, unless the listing
//!   was incomplete, or the root now holds no file at all (an unmounted drive) and
//!   [`Prune::Always`] was not asked for.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use crossbeam_channel::Sender;

use super::manifest::{self, key_hash, Entry, Manifest, Spill};
use crate::article::{Article, Format};
use crate::ingest::{self, walk::key_prefix, FileArticles, Skip, SkipReason, SourceFile};

/// Files extracted together (one folder at most): enough to learn a site's furniture lines,
/// small enough to bound memory.
pub const BATCH_FILES: usize = 1000;

/// One article as a sink receives it: the article, and where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Stable: the same file key and position give the same id on every run.
    pub id: &'a str,
    /// The key of the file it came from (see [`ingest::walk::path_text`]).
    pub file_key: &'a str,
    /// The file's path as shown to people (absolute, lossless).
    pub path: &'a str,
    pub format: Format,
    pub article: &'a Article,
}

/// Where the pipeline's articles go: the local index ([`super::Writer`]), and later other
/// engines or an export. The pipeline keeps the manifest; the sink only stores.
pub trait Sink {
    /// The token of the last commit (`None` when it carries none) and whether the sink holds no
    /// article at all.
    ///
    /// # Errors
    /// The sink cannot be read.
    fn last_commit(&self) -> anyhow::Result<(Option<String>, bool)>;

    /// Remove every article of the file with this key (before its articles are added again, or
    /// when it is gone). Articles added after this call in the same commit stay.
    fn delete_file(&mut self, file_key: &str);

    /// How many articles the last commit holds for these files (for the summary).
    ///
    /// # Errors
    /// The sink cannot be read.
    fn articles_of(&self, file_keys: &[String]) -> anyhow::Result<usize>;

    /// The keys of every file the last commit holds articles from (asked only when the manifest
    /// does not describe the last commit).
    ///
    /// # Errors
    /// The sink cannot be read.
    fn file_keys(&self) -> anyhow::Result<Vec<String>>;

    /// Add one article.
    ///
    /// # Errors
    /// The sink failed (a full disk included).
    fn add(&mut self, record: &Record) -> anyhow::Result<()>;

    /// Make everything so far durable and visible, tagged with `token`.
    ///
    /// # Errors
    /// The sink failed.
    fn commit(&mut self, token: &str) -> anyhow::Result<()>;
}

/// When files that are gone lose their articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prune {
    /// Never: articles of files no longer there are kept.
    Never,
    /// When a file under a root is gone, unless the root holds no file at all.
    #[default]
    UnlessRootEmpty,
    /// Whenever a file under a root is gone, an empty root included.
    Always,
}

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Follow symbolic links (loops are reported, never followed).
    pub follow: bool,
    /// Reading and extracting threads.
    pub threads: usize,
    /// Commit after this many articles...
    pub commit_every: usize,
    /// ...and at least this often.
    pub commit_interval: Duration,
    pub prune: Prune,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            follow: false,
            threads: 1,
            commit_every: 100_000,
            commit_interval: Duration::from_secs(60),
            prune: Prune::default(),
        }
    }
}

/// What happened to files along the way, for the user.
#[derive(Debug)]
pub enum Event<'a> {
    /// A file gave no article, or could not be read.
    Skipped { path: &'a str, skip: &'a Skip },
    /// Something repaired or cut in a file that was read ("decoded as windows-1252").
    Note { path: &'a str, note: &'a str },
    /// A root holds no file, and its articles were kept (see [`Prune`]).
    EmptyRootKept { root: &'a str, articles: usize },
    /// A folder could not be listed: no article was removed for files not seen.
    ListingIncomplete,
}

/// Where a run stands and, at the end, what it did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files read this run.
    pub files: usize,
    /// Files known unchanged, not read.
    pub unchanged: usize,
    /// Articles of files new to the index.
    pub added: usize,
    /// Articles of files the index held before (their old articles replaced).
    pub updated: usize,
    /// Articles of files that are gone.
    pub removed: usize,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Files that gave no article, by reason.
    pub skipped: BTreeMap<SkipReason, usize>,
    pub elapsed: Duration,
}

impl Report {
    /// Files that could not be read at all (see [`SkipReason::is_failure`]).
    pub fn failed(&self) -> usize {
        self.skipped
            .iter()
            .filter(|(r, _)| r.is_failure())
            .map(|(_, n)| n)
            .sum()
    }
}

/// Hears how a run goes. Called from the pipeline's threads; every method has a default that
/// ignores it.
pub trait Progress: Sync {
    /// The walk has listed files of this many more bytes.
    fn listed(&self, _bytes: u64) {}
    /// The walk has listed every file.
    fn listing_done(&self) {}
    /// A batch has been written.
    fn advanced(&self, _report: &Report) {}
    /// Something to tell the user.
    fn event(&self, _event: &Event) {}
}

/// Progress that hears nothing.
pub struct Silent;
impl Progress for Silent {}

/// The stable id of the article at `position` in the file whose key is `key`.
pub fn article_id(key: &str, position: usize) -> String {
    let hash = blake3::hash(format!("{key}#{position}").as_bytes());
    hash.to_hex()[..16].to_string()
}

/// Index the files under `roots` into `sink`, keeping the manifest in `manifest_dir`: only what
/// changed since the manifest was written is read, and files that are gone lose their articles.
///
/// # Errors
/// A root that does not exist or cannot be read (nothing is done then); the sink failing; the
/// manifest that cannot be written. Files that cannot be read are not errors: they are reported
/// as [`Event::Skipped`] and counted in the [`Report`].
pub fn index_paths(
    roots: &[PathBuf],
    manifest_dir: &Path,
    sink: &mut dyn Sink,
    options: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let roots = real_roots(roots)?;
    let mut old = Manifest::load(manifest_dir)
        .with_context(|| format!("reading {}", manifest_dir.join(manifest::FILE).display()))?;
    let (last_commit, empty) = sink.last_commit()?;
    if !empty && (old.commit.is_none() || old.commit != last_commit) {
        // A run stopped between a commit and its manifest: the sink may hold articles of files
        // the manifest does not know. Each is listed as read in part, so that this run replaces
        // it (or prunes it) as it does any file it knows, and every manifest this run writes
        // lists every file the sink holds. (Deleting before adding every file read instead, as
        // an earlier version did, left the files this run did not reach unlisted under a
        // manifest that named the commit: the next run added them a second time.)
        old.add_read_in_part(sink.file_keys()?);
    }
    let in_dir = |what: &str| format!("{what} in {}", manifest_dir.display());
    old.pin()
        .with_context(|| in_dir("keeping the manifest as loaded"))?;
    // A first run has no old entries to leave out, nor files to prune: it remembers no keys.
    let spill = Spill::create(manifest_dir, !old.is_empty())
        .with_context(|| in_dir("writing the run's manifest entries"))?;
    let mut run = Run {
        sink,
        dir: manifest_dir.to_path_buf(),
        old: Arc::new(old),
        spill,
        gone: HashSet::new(),
        pending: Vec::new(),
        options,
        progress,
        last_commit: Instant::now(),
        since_commit: 0,
        report: Report::default(),
        open_files: BTreeSet::new(),
    };
    let knew_files = !run.old.is_empty();
    let listed = pipeline(&roots, &mut run, knew_files)?;
    if options.prune == Prune::Never {
        // Nothing removed.
    } else if listed.complete {
        run.prune(&roots, &listed)?;
    } else {
        progress.event(&Event::ListingIncomplete);
    }
    run.commit(None)?;
    run.old.unpin();
    run.spill.remove();
    run.report.elapsed = started.elapsed();
    Ok(run.report)
}

/// The roots as real paths, each checked to be there and readable.
fn real_roots(roots: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut real = Vec::with_capacity(roots.len());
    for root in roots {
        let shown = ingest::walk::path_text(root);
        let path = root.canonicalize().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow::anyhow!("archive {shown} does not exist; give a folder of saved articles")
            } else {
                anyhow::anyhow!("cannot read archive {shown}: {e}")
            }
        })?;
        if !path.is_dir() && !path.is_file() {
            // A device or a pipe given as an archive: opening it could block.
            bail!(
                "archive {shown} is neither a folder nor a file; give a folder of saved articles"
            );
        }
        let readable = if path.is_dir() {
            std::fs::read_dir(&path).map(drop)
        } else {
            std::fs::File::open(&path).map(drop)
        };
        if let Err(e) = readable {
            bail!("cannot read archive {shown}: {e}; check its permissions (nothing was indexed)");
        }
        if !real.contains(&path) {
            real.push(path);
        }
    }
    Ok(real)
}

/// What the reading threads hand to the writer.
enum Done {
    /// A file the walk could not list or open.
    Skipped(PathBuf, Skip),
    /// A batch whose files are all indexed as they are: not read. `entries` refreshes the
    /// manifest for files only touched (new time, same content).
    Unchanged { files: usize, entries: Vec<Entry> },
    /// A batch of files read and extracted, with what the manifest will say of each.
    Batch {
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
        entries: Vec<Entry>,
    },
}

/// What the walk listed.
struct Listed {
    /// [`key_hash`]es of the files' keys (a million files: 16 MB, where the keys took 100),
    /// when the run knew files before (to prune those not found; a first run has none).
    keys: HashSet<u64>,
    /// Per root, whether any file was found under it.
    root_has_files: Vec<bool>,
    /// False when a folder could not be read: files under it may exist unseen.
    complete: bool,
}

/// Whether the file at `key` is under the root whose key prefix is `prefix` (or is that root).
fn is_under(key: &str, prefix: &str) -> bool {
    key.starts_with(prefix) || key == prefix.trim_end_matches('/')
}

/// Walk, read and extract on `threads` threads, write on this one. Both queues are bounded, so
/// memory holds a few batches whatever the archive's size, and a slow writer slows the readers
/// rather than piling articles up.
fn pipeline(roots: &[PathBuf], run: &mut Run, remember_keys: bool) -> anyhow::Result<Listed> {
    let threads = run.options.threads.max(1);
    let (batch_tx, batch_rx) = crossbeam_channel::bounded::<Vec<SourceFile>>(threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(threads * 2);
    let progress = run.progress;
    let manifest = run.old.clone();
    let walk_options = ingest::WalkOptions {
        follow: run.options.follow,
        skip_folders_holding: Some(super::VERSION_FILE),
    };
    std::thread::scope(|scope| {
        let walk_tx = done_tx.clone();
        let walk_options = &walk_options;
        let walker = scope.spawn(move || {
            let prefixes: Vec<String> = roots.iter().map(|r| key_prefix(r)).collect();
            let mut listed = Listed {
                keys: HashSet::new(),
                root_has_files: vec![false; roots.len()],
                complete: true,
            };
            let mut batch: Vec<SourceFile> = Vec::new();
            // A batch goes to the readers only when one of its files is new or changed.
            let send = |batch: Vec<SourceFile>| -> bool {
                if batch.is_empty() {
                    return true;
                }
                if batch
                    .iter()
                    .all(|f| manifest.unchanged(&f.key, f.size, f.mtime_ns))
                {
                    let files = batch.len();
                    walk_tx
                        .send(Done::Unchanged {
                            files,
                            entries: Vec::new(),
                        })
                        .is_ok()
                } else {
                    batch_tx.send(batch).is_ok()
                }
            };
            for item in ingest::walk(roots, walk_options) {
                match item {
                    Ok(file) => {
                        progress.listed(file.size);
                        if remember_keys {
                            listed.keys.insert(key_hash(&file.key));
                        }
                        for (has, prefix) in listed.root_has_files.iter_mut().zip(&prefixes) {
                            *has = *has || is_under(&file.key, prefix);
                        }
                        let same_folder = batch
                            .last()
                            .is_none_or(|b| b.path.parent() == file.path.parent());
                        if (!same_folder || batch.len() >= BATCH_FILES)
                            && !send(std::mem::take(&mut batch))
                        {
                            return listed; // the writer stopped
                        }
                        batch.push(file);
                    }
                    Err((path, skip)) => {
                        // A folder that cannot be listed may hold files unseen; a link loop or
                        // a link to nothing hides no file.
                        if skip.reason == SkipReason::Unreadable && path.is_dir() {
                            listed.complete = false;
                        }
                        if walk_tx.send(Done::Skipped(path, skip)).is_err() {
                            return listed;
                        }
                    }
                }
            }
            progress.listing_done();
            send(batch);
            listed
        });
        for _ in 0..threads {
            let (batches, done) = (batch_rx.clone(), done_tx.clone());
            let old = run.old.clone();
            scope.spawn(move || {
                for batch in batches {
                    if !read(batch, &old, &done) {
                        return;
                    }
                }
            });
        }
        // Only the threads hold senders now: the loop below ends when they all have.
        drop((done_tx, batch_rx));
        for done in done_rx {
            match done {
                Done::Skipped(path, skip) => {
                    run.skip(&ingest::walk::path_text(&path), &skip);
                }
                Done::Unchanged { files, entries } => {
                    run.report.unchanged += files;
                    run.pending.extend(entries);
                }
                Done::Batch {
                    bytes,
                    results,
                    entries,
                } => run.add_batch(bytes, results, entries)?,
            }
        }
        Ok(walker.join().expect("the walk does not panic"))
    })
}

/// Articles of a web archive handed to the writer at a time: memory holds about this many
/// articles of an archive, whatever its size.
const ARCHIVE_PART: usize = 500;

/// Read one batch on a reading thread and send what it gives to the writer: nothing read when
/// every file is only touched; a web archive in parts as it is read. False when the writer has
/// stopped.
fn read(batch: Vec<SourceFile>, old: &Manifest, done: &Sender<Done>) -> bool {
    let bytes = batch.iter().map(|f| f.size).sum();
    // Hashed before reading: a file changed after this reads as changed next time.
    let entries: Vec<Entry> = batch
        .iter()
        .map(|f| Entry {
            key: f.key.clone(),
            size: f.size,
            mtime_ns: f.mtime_ns,
            hash: manifest::hash_file(&f.path).unwrap_or_default(),
            failed: None,
        })
        .collect();
    // Files only touched (same content under a new time) need no reading.
    let same = entries.iter().all(|e| {
        old.get(&e.key)
            .is_some_and(|o| o.same_content(&e.hash) && !o.failed)
    });
    if same {
        let files = batch.len();
        return done.send(Done::Unchanged { files, entries }).is_ok();
    }
    // Parts that more of their file follows go to the writer at once, alone; every file's last
    // part (most files have one) goes with the batch's manifest entries.
    let mut results = Vec::new();
    let mut writer_gone = false;
    ingest::read_batch_in_parts(batch, ARCHIVE_PART, &mut |result| {
        if writer_gone {
            return;
        }
        match result {
            Ok(part) if part.more => {
                let sent = done.send(Done::Batch {
                    bytes: 0,
                    results: vec![Ok(part)],
                    entries: Vec::new(),
                });
                writer_gone = sent.is_err();
            }
            other => results.push(other),
        }
    });
    !writer_gone
        && done
            .send(Done::Batch {
                bytes,
                results,
                entries,
            })
            .is_ok()
}

/// The state of one run: the sink, the manifest, and the counts.
struct Run<'a> {
    sink: &'a mut dyn Sink,
    dir: PathBuf,
    /// The manifest as the run found it (read by the walk at the same time), with every file
    /// the sink holds articles from: files it does not know have nothing to replace.
    old: Arc<Manifest>,
    /// Files written by this run's commits (on disk), and files found gone (by [`key_hash`]):
    /// the manifest is the old one with these applied.
    spill: Spill,
    gone: HashSet<u64>,
    /// Entries for files written since the last commit: into the spill when it lands.
    pending: Vec<Entry>,
    options: &'a Options,
    progress: &'a dyn Progress,
    last_commit: Instant,
    since_commit: usize,
    report: Report,
    /// Files whose first parts are written and whose last part is still to come.
    open_files: BTreeSet<String>,
}

impl Run<'_> {
    fn add_batch(
        &mut self,
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
        entries: Vec<Entry>,
    ) -> anyhow::Result<()> {
        self.report.bytes += bytes;
        let mut entries: HashMap<String, Entry> =
            entries.into_iter().map(|e| (e.key.clone(), e)).collect();
        for result in results {
            // A file is counted once, with its last part.
            if !matches!(&result, Ok(part) if part.more) {
                self.report.files += 1;
            }
            match result {
                Ok(found) => {
                    let entry = entries.remove(&found.file.key);
                    self.add_file(&found, entry)?;
                }
                Err((file, skip)) => {
                    let mut entry = entries.remove(&file.key);
                    match skip.reason {
                        SkipReason::Vanished => {
                            // Gone: its articles go, and the manifest forgets it.
                            self.delete_old_articles(&file.key);
                            self.gone.insert(key_hash(&file.key));
                        }
                        reason if reason.is_failure() => {
                            // Nothing lost: a file that cannot be read now keeps the articles
                            // it had. One never read is remembered as failed, so that it does
                            // not make its folder be read again until it changes.
                            if !self.old.contains(&file.key) {
                                if let Some(mut e) = entry.take() {
                                    e.failed = Some(reason.to_string());
                                    self.pending.push(e);
                                }
                            }
                        }
                        _ => {
                            // Read, and holding no article now: it has none in the index.
                            self.delete_old_articles(&file.key);
                            self.pending.extend(entry);
                        }
                    }
                    self.skip(&ingest::walk::path_text(&file.path), &skip);
                }
            }
        }
        if self.due() {
            self.commit(None)?;
        }
        self.progress.advanced(&self.report);
        Ok(())
    }

    /// Replace the articles of one file, committing inside it when it is large.
    fn add_file(&mut self, found: &FileArticles, entry: Option<Entry>) -> anyhow::Result<()> {
        let path = ingest::walk::path_text(
            &std::path::absolute(&found.file.path).unwrap_or_else(|_| found.file.path.clone()),
        );
        for note in &found.notes {
            self.progress.event(&Event::Note { path: &path, note });
        }
        let key = &found.file.key;
        let known = self.old.contains(key);
        // The file's articles are replaced as a whole: a file that now holds fewer keeps none
        // of its old ones. (Its later parts add to its first.)
        if !found.continued {
            self.delete_old_articles(key);
        }
        // Until its last part, a file is listed as read in part by every commit.
        if found.more {
            self.open_files.insert(key.clone());
        } else {
            self.open_files.remove(key);
        }
        for (position, article) in &found.articles {
            let id = article_id(key, *position);
            self.sink.add(&Record {
                id: &id,
                file_key: key,
                path: &path,
                format: found.format,
                article,
            })?;
            self.since_commit += 1;
            if known {
                self.report.updated += 1;
            } else {
                self.report.added += 1;
            }
            if self.due() {
                // Part of this file is in the commit: the manifest lists it as partly read, so
                // that a run after a crash replaces what is there, and reads it again whole.
                self.commit(Some(key))?;
            }
        }
        self.pending.extend(entry);
        Ok(())
    }

    fn due(&self) -> bool {
        self.since_commit >= self.options.commit_every
            || self.last_commit.elapsed() > self.options.commit_interval
    }

    /// Remove whatever articles the sink holds from the file at `key`: none to remove when the
    /// manifest does not know the file.
    fn delete_old_articles(&mut self, key: &str) {
        if self.old.contains(key) {
            self.sink.delete_file(key);
        }
    }

    /// Remove the articles of files under the walked roots that the walk no longer found,
    /// except under a root that now holds nothing (unless asked to).
    fn prune(&mut self, roots: &[PathBuf], listed: &Listed) -> anyhow::Result<()> {
        // Most runs find every file they knew: no need to read the manifest's keys then.
        if self.old.key_hashes().all(|k| listed.keys.contains(&k)) {
            return Ok(());
        }
        let prefixes: Vec<String> = roots.iter().map(|r| key_prefix(r)).collect();
        // Per root, the files the manifest lists under it that the walk did not find.
        let mut missing: Vec<Vec<String>> = vec![Vec::new(); roots.len()];
        let entries = self
            .old
            .entries()
            .with_context(|| format!("reading {}", self.dir.join(manifest::FILE).display()))?;
        for entry in entries {
            let key = entry?.key;
            if listed.keys.contains(&key_hash(&key)) {
                continue;
            }
            // Under every root that holds it (a folder given with its parent), as each root
            // is judged alone.
            for (missing, prefix) in missing.iter_mut().zip(&prefixes) {
                if is_under(&key, prefix) {
                    missing.push(key.clone());
                }
            }
        }
        let mut gone: Vec<String> = Vec::new();
        for ((root, missing), has_files) in roots.iter().zip(missing).zip(&listed.root_has_files) {
            if missing.is_empty() {
                continue;
            }
            if !has_files && self.options.prune != Prune::Always {
                let articles = self.sink.articles_of(&missing).unwrap_or(0);
                self.progress.event(&Event::EmptyRootKept {
                    root: &ingest::walk::path_text(root),
                    articles,
                });
                continue;
            }
            gone.extend(missing);
        }
        if gone.is_empty() {
            return Ok(());
        }
        // The count is for the summary only: a sink that cannot say keeps pruning.
        self.report.removed += self.sink.articles_of(&gone).unwrap_or(0);
        for key in gone {
            self.sink.delete_file(&key);
            self.gone.insert(key_hash(&key));
        }
        Ok(())
    }

    /// Commit the sink, then record in the manifest what that commit holds; `partial` names a
    /// file whose articles the commit holds only some of (as do the files still open, whose
    /// later parts are still to come).
    fn commit(&mut self, partial: Option<&str>) -> anyhow::Result<()> {
        // Unique per commit: the process and the time.
        let token = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        self.sink.commit(&token)?;
        let path = self.dir.join(manifest::FILE);
        let context = || format!("writing {}", path.display());
        for entry in &self.pending {
            self.gone.remove(&key_hash(&entry.key));
        }
        self.spill
            .add(self.pending.drain(..))
            .with_context(context)?;
        // Size and time 0 are never "unchanged", and an empty hash never "the same": a partly
        // read file is read again.
        let partial: Vec<Entry> = partial
            .into_iter()
            .chain(self.open_files.iter().map(String::as_str))
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(|key| Entry {
                key: key.to_string(),
                size: 0,
                mtime_ns: 0,
                hash: String::new(),
                failed: None,
            })
            .collect();
        let is_partial = |key: &str| partial.iter().any(|p| p.key == key);
        // The old manifest's entries but those written, gone or partial; then those written
        // (copied unread when no file is partial); then the partial ones.
        let (spill, gone) = (&self.spill, &self.gone);
        let replaced =
            |key: &str| spill.has(key) || gone.contains(&key_hash(key)) || is_partial(key);
        let nothing_replaced = spill.is_empty() && gone.is_empty() && partial.is_empty();
        let mut out = manifest::Writer::create(&self.dir, &token).with_context(context)?;
        let old_filter: manifest::Filter = (!nothing_replaced).then_some(&replaced);
        self.old
            .copy_to(&mut out, old_filter)
            .with_context(context)?;
        let spill_filter: manifest::Filter = (!partial.is_empty()).then_some(&is_partial);
        self.spill
            .copy_to(&mut out, spill_filter)
            .with_context(context)?;
        for entry in &partial {
            out.entry(entry).with_context(context)?;
        }
        out.finish().with_context(context)?;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    fn skip(&mut self, path: &str, skip: &Skip) {
        *self.report.skipped.entry(skip.reason).or_default() += 1;
        self.progress.event(&Event::Skipped { path, skip });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every entry of a manifest, by key.
    fn entries_of(manifest: &Manifest) -> HashMap<String, Entry> {
        manifest
            .entries()
            .unwrap()
            .map(|e| e.map(|e| (e.key.clone(), e)).unwrap())
            .collect()
    }

    /// A sink in memory with commits: what a commit holds, per file key, and what is pending.
    #[derive(Default)]
    struct MemorySink {
        committed: BTreeMap<String, Vec<String>>,
        pending: BTreeMap<String, Vec<String>>,
        token: Option<String>,
        commits: usize,
        /// Fail on the n-th add (a full disk, a killed process).
        fail_at: Option<usize>,
        adds: usize,
    }

    impl Sink for MemorySink {
        fn last_commit(&self) -> anyhow::Result<(Option<String>, bool)> {
            Ok((
                self.token.clone(),
                self.committed.values().all(Vec::is_empty),
            ))
        }
        fn delete_file(&mut self, file_key: &str) {
            self.pending.insert(file_key.to_string(), Vec::new());
        }
        fn articles_of(&self, file_keys: &[String]) -> anyhow::Result<usize> {
            Ok(file_keys
                .iter()
                .filter_map(|k| self.committed.get(k))
                .map(Vec::len)
                .sum())
        }
        fn file_keys(&self) -> anyhow::Result<Vec<String>> {
            Ok(self
                .committed
                .iter()
                .filter(|(_, ids)| !ids.is_empty())
                .map(|(k, _)| k.clone())
                .collect())
        }
        fn add(&mut self, record: &Record) -> anyhow::Result<()> {
            self.adds += 1;
            if self.fail_at == Some(self.adds) {
                anyhow::bail!("the sink failed");
            }
            let ids = self
                .pending
                .entry(record.file_key.to_string())
                .or_insert_with(|| {
                    self.committed
                        .get(record.file_key)
                        .cloned()
                        .unwrap_or_default()
                });
            ids.push(record.id.to_string());
            Ok(())
        }
        fn commit(&mut self, token: &str) -> anyhow::Result<()> {
            for (key, ids) in std::mem::take(&mut self.pending) {
                self.committed.insert(key, ids);
            }
            self.token = Some(token.to_string());
            self.commits += 1;
            Ok(())
        }
    }

    fn archive_with_records(n: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        std::fs::create_dir_all(&archive).unwrap();
        let lines: Vec<String> = (0..n)
            .map(|i| {
                format!("{{\"title\":\"Record {i}\",\"body\":\"The harbour board met, day {i}.\"}}")
            })
            .collect();
        std::fs::write(archive.join("feed.jsonl"), lines.join("\n")).unwrap();
        std::fs::create_dir_all(dir.path().join("index")).unwrap();
        (dir, archive)
    }

    #[test]
    fn a_large_file_is_committed_in_parts_and_a_run_after_a_failure_leaves_every_article_once() {
        let (dir, archive) = archive_with_records(1000);
        let index = dir.path().join("index");
        let options = Options {
            commit_every: 100,
            ..Options::default()
        };
        let mut sink = MemorySink {
            fail_at: Some(550),
            ..MemorySink::default()
        };
        let failed = index_paths(
            std::slice::from_ref(&archive),
            &index,
            &mut sink,
            &options,
            &Silent,
        );
        assert!(failed.is_err());
        // Five commits inside the one file: its first 500 articles are kept.
        assert_eq!(sink.commits, 5);
        let held: usize = sink.committed.values().map(Vec::len).sum();
        assert_eq!(held, 500);
        // The manifest names the file as read in part: the next run reads it again and
        // replaces what is there.
        let manifest = Manifest::load(&index).unwrap();
        assert_eq!(manifest.commit, sink.token);
        let entry = entries_of(&manifest).into_values().next().unwrap();
        assert!(entry.hash.is_empty() && entry.mtime_ns == 0);
        sink.fail_at = None;
        sink.pending.clear();
        let report = index_paths(&[archive], &index, &mut sink, &options, &Silent).unwrap();
        assert_eq!(report.updated, 1000);
        let ids: Vec<&String> = sink.committed.values().flatten().collect();
        let unique: HashSet<&&String> = ids.iter().collect();
        assert_eq!((ids.len(), unique.len()), (1000, 1000));
        let manifest = Manifest::load(&index).unwrap();
        assert!(!entries_of(&manifest)
            .into_values()
            .next()
            .unwrap()
            .hash
            .is_empty());
    }

    /// A web archive of `n` small pages, at `path`.
    fn write_warc(path: &Path, n: usize, tag: &str) {
        let mut out = Vec::new();
        for i in 0..n {
            let page = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>{tag} page {i}</title></head><body><article><p>The {tag} harbour board met on day {i} and agreed item {i} of its agenda at length.</p></article></body></html>"
            );
            out.extend(
                format!(
                    "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://{tag}.example/{i}\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
                    page.len()
                )
                .bytes(),
            );
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn web_archives_come_in_parts_and_a_failure_between_them_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        let n = ARCHIVE_PART * 2 + 200;
        write_warc(&archive.join("a/crawl.warc"), n, "a");
        write_warc(&archive.join("b/crawl.warc"), n, "b");
        let options = Options {
            commit_every: 300,
            threads: 2,
            ..Options::default()
        };
        for fail_at in [250, ARCHIVE_PART + 100, n + 50, 2 * n - 10] {
            let index = dir.path().join(format!("index-{fail_at}"));
            std::fs::create_dir_all(&index).unwrap();
            let mut sink = MemorySink {
                fail_at: Some(fail_at),
                ..MemorySink::default()
            };
            let roots = std::slice::from_ref(&archive);
            assert!(index_paths(roots, &index, &mut sink, &options, &Silent).is_err());
            // Every file the last commit holds part of is listed as such, or whole.
            let manifest = Manifest::load(&index).unwrap();
            for (key, ids) in &sink.committed {
                let entry = &entries_of(&manifest)[key];
                assert!(
                    entry.hash.is_empty() || ids.len() == n,
                    "{fail_at}: {key} holds {} of {n} and is listed whole",
                    ids.len()
                );
            }
            sink.fail_at = None;
            sink.pending.clear();
            let report = index_paths(roots, &index, &mut sink, &options, &Silent).unwrap();
            // A file the failed run finished is not read again.
            assert_eq!(report.files + report.unchanged, 2, "{fail_at}");
            let ids: Vec<&String> = sink.committed.values().flatten().collect();
            let unique: HashSet<&&String> = ids.iter().collect();
            assert_eq!((ids.len(), unique.len()), (2 * n, 2 * n), "{fail_at}");
            // And a third run reads nothing.
            let report = index_paths(roots, &index, &mut sink, &options, &Silent).unwrap();
            assert_eq!((report.unchanged, report.added + report.updated), (2, 0));
        }
    }

    #[test]
    fn unchanged_files_are_not_read_again() {
        let (dir, archive) = archive_with_records(10);
        let index = dir.path().join("index");
        let mut sink = MemorySink::default();
        let first = index_paths(
            std::slice::from_ref(&archive),
            &index,
            &mut sink,
            &Options::default(),
            &Silent,
        )
        .unwrap();
        assert_eq!((first.files, first.added), (1, 10));
        let again =
            index_paths(&[archive], &index, &mut sink, &Options::default(), &Silent).unwrap();
        assert_eq!((again.files, again.unchanged, again.added), (0, 1, 0));
    }

    /// A run stopped between a commit and its manifest leaves the sink holding files the
    /// manifest does not know; the next run, stopped in turn after one commit, must still list
    /// them in its manifest, or the run after it adds them a second time.
    #[test]
    fn files_a_stopped_run_committed_without_a_manifest_are_never_added_twice() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        let index = dir.path().join("index");
        std::fs::create_dir_all(&index).unwrap();
        let write = |folder: &str, n: usize| {
            std::fs::create_dir_all(archive.join(folder)).unwrap();
            for i in 0..n {
                std::fs::write(
                    archive.join(format!("{folder}/{i}.json")),
                    format!("{{\"title\":\"{folder} {i}\",\"body\":\"The harbour board met.\"}}"),
                )
                .unwrap();
            }
        };
        let options = Options {
            commit_every: 2,
            threads: 1,
            ..Options::default()
        };
        let mut sink = MemorySink::default();
        let run = |sink: &mut MemorySink| {
            index_paths(
                std::slice::from_ref(&archive),
                &index,
                sink,
                &options,
                &Silent,
            )
        };
        write("a", 4);
        run(&mut sink).unwrap();
        let behind = std::fs::read(index.join(manifest::FILE)).unwrap();
        // Folder b is committed, but the manifest that lists it is lost (the process died).
        write("b", 4);
        run(&mut sink).unwrap();
        std::fs::write(index.join(manifest::FILE), &behind).unwrap();
        // A file of a changes, so that the next run starts with it; it dies after one commit.
        std::fs::write(
            archive.join("a/0.json"),
            "{\"title\":\"a 0, corrected\",\"body\":\"The harbour board met again.\"}",
        )
        .unwrap();
        sink.fail_at = Some(sink.adds + 3);
        assert!(run(&mut sink).is_err());
        sink.pending.clear();
        let manifest = Manifest::load(&index).unwrap();
        assert_eq!(manifest.commit, sink.token);
        for key in sink.committed.keys() {
            assert!(manifest.contains(key), "{key} is not listed");
        }
        sink.fail_at = None;
        run(&mut sink).unwrap();
        let ids: Vec<&String> = sink.committed.values().flatten().collect();
        let unique: HashSet<&&String> = ids.iter().collect();
        assert_eq!((ids.len(), unique.len()), (8, 8));
    }
}
