//! `morgue index DIR...`: walk archives, segment every new or changed file's articles, add them
//! to the index, and remove those of files that are gone.
//!
//! The walk runs on its own thread and hands batches of files (one folder at most) to `--threads`
//! reading threads; their articles come back to this thread, the only one writing. A batch whose
//! files the manifest knows unchanged (size and time) is not read at all; a batch with any new
//! or changed file is read whole, so that the furniture learnt from a folder is the same as in a
//! full run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use morgue::index::{article_id, Index, Writer, WriterError};
use morgue::ingest::{self, FileArticles, Skip, SkipReason, SourceFile};
use morgue::manifest::{self, Entry, Manifest};

use super::progress::Progress;
use crate::cli::IndexArgs;

/// Files segmented together (one folder at most): enough to learn a site's furniture lines,
/// small enough to bound memory.
const BATCH_FILES: usize = 1000;
/// Commit at least this often, so that a long run keeps its progress (an interrupted run
/// resumes from its last commit); `--commit-every` sets the article count.
const COMMIT_SECONDS: Duration = Duration::from_secs(60);
/// The writer's budget when `--memory` is not given: per writer thread, and in all.
const DEFAULT_MEMORY_PER_THREAD: usize = 64 << 20;
const DEFAULT_MEMORY_CAP: usize = 1 << 30;
/// tantivy refuses less than 15 MB per writer thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;
/// tantivy refuses more than 4 GB per writer thread; more threads than this gain nothing.
const MAX_WRITER_THREADS: usize = 8;
const MAX_MEMORY: usize = MAX_WRITER_THREADS * ((4 << 30) - 1);

pub fn run(args: &IndexArgs, index_flag: Option<PathBuf>, quiet: bool) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        if !path.exists() {
            bail!(
                "archive {} does not exist; give a folder of saved articles",
                path.display()
            );
        }
    }
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // tantivy's writer threads share the budget; each needs a floor of its own.
    let writer_threads = threads.min(MAX_WRITER_THREADS);
    let memory = match &args.memory {
        Some(value) => parse_size("--memory", value)?,
        None => (DEFAULT_MEMORY_PER_THREAD * writer_threads).min(DEFAULT_MEMORY_CAP),
    };
    if memory < MIN_MEMORY_PER_THREAD * writer_threads {
        bail!(
            "--memory {} is too little for {writer_threads} writer threads: give at least {}M (or fewer --threads)",
            args.memory.as_deref().unwrap_or_default(),
            (MIN_MEMORY_PER_THREAD * writer_threads).div_ceil(1 << 20)
        );
    }
    let dir = super::index_dir_for_writing(index_flag);
    if args.rebuild {
        Index::remove(&dir)?;
    }
    let index = Index::open_or_create(&dir)?;
    let writer = open_writer(&index, writer_threads, memory, args.wait, quiet)?;
    write(args, threads, &dir, writer, quiet).map_err(|err| {
        if out_of_room(&err) {
            err.context(format!(
                "the disk holding {} is full: free some space and run `morgue index` again (the index keeps everything up to its last commit)",
                dir.display()
            ))
        } else {
            err
        }
    })
}

/// The run proper, once the writer is ours: read, add, prune, commit.
fn write(
    args: &IndexArgs,
    threads: usize,
    dir: &Path,
    writer: Writer,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let old = Manifest::load(dir)
        .with_context(|| format!("reading {}", dir.join(manifest::FILE).display()))?;
    let (last_commit, empty) = writer.last_commit_token()?;
    // The manifest lists every file the index holds articles from: a new file's articles need
    // no delete first (which tantivy would keep in memory until the next commit).
    let complete = empty || (old.commit.is_some() && old.commit == last_commit);
    let mut run = Run {
        writer,
        dir: dir.to_path_buf(),
        old: Arc::new(old),
        manifest_complete: complete,
        written: HashMap::new(),
        gone: HashSet::new(),
        pending: Vec::new(),
        commit_every: args.commit_every as usize,
        progress: Progress::new(quiet),
        started: Instant::now(),
        last_commit: Instant::now(),
        files: 0,
        unchanged: 0,
        added: 0,
        updated: 0,
        removed: 0,
        bytes: 0,
        since_commit: 0,
        skipped: BTreeMap::new(),
    };
    // Walked from their real place, so that every file's path is absolute as it is found (the
    // archive keys, from the folders' own names, are the same either way).
    let roots: Vec<PathBuf> = args
        .paths
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    let listed = pipeline(&roots, args.follow, threads, &mut run)?;
    if args.no_prune {
        // Nothing removed.
    } else if listed.complete {
        run.prune(&roots, &listed.keys);
    } else {
        run.progress.say(
            "morgue: some folders could not be listed; no article was removed for files not seen",
        );
    }
    run.commit()?;
    run.progress.finish();
    if !quiet {
        eprintln!("{}", run.summary(run.started.elapsed()));
    }
    if run.files + run.unchanged == 0 && run.skipped.is_empty() {
        bail!(
            "found no files to index under {}",
            display_paths(&args.paths)
        );
    }
    run.writer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// A write that failed for want of room: a full disk, a quota, a file-size limit.
fn out_of_room(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
    err.chain().any(|e| {
        let io = e.downcast_ref::<std::io::Error>().or_else(|| {
            match e.downcast_ref::<tantivy::TantivyError>() {
                Some(tantivy::TantivyError::IoError(io)) => Some(io.as_ref()),
                _ => None,
            }
        });
        // tantivy passes some I/O errors on only as text (from its indexing threads): ENOSPC,
        // EFBIG and EDQUOT by their numbers on Linux.
        let text = e.to_string();
        io.is_some_and(|io| matches!(io.kind(), StorageFull | FileTooLarge | QuotaExceeded))
            || ["(os error 28)", "(os error 27)", "(os error 122)"]
                .iter()
                .any(|code| text.contains(code))
    })
}

/// What the reading threads hand to the writer.
enum Done {
    /// A file the walk could not list or open.
    Skipped(PathBuf, Skip),
    /// A batch whose files are all indexed as they are: not read. `entries` refreshes the
    /// manifest for files only touched (new time, same content).
    Unchanged { files: usize, entries: Vec<Entry> },
    /// A batch of files read and segmented, with what the manifest will say of each.
    Batch {
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
        entries: Vec<Entry>,
    },
}

/// What the walk listed.
struct Listed {
    keys: HashSet<String>,
    /// False when a folder could not be read: files under it may exist unseen.
    complete: bool,
}

/// Walk, read and segment on `threads` threads, write on this one. Both queues are bounded, so
/// memory holds a few batches whatever the archive's size, and a slow writer slows the readers
/// rather than piling articles up.
fn pipeline(
    roots: &[PathBuf],
    follow: bool,
    threads: usize,
    run: &mut Run,
) -> anyhow::Result<Listed> {
    let (batch_tx, batch_rx) = crossbeam_channel::bounded::<Vec<SourceFile>>(threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(threads * 2);
    let listed_bytes = run.progress.listed_bytes.clone();
    let listing_done = run.progress.listing_done.clone();
    let manifest = run.old.clone();
    std::thread::scope(|scope| {
        let walk_tx = done_tx.clone();
        let walker = scope.spawn(move || {
            let mut listed = Listed {
                keys: HashSet::new(),
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
            for item in ingest::walk(roots, follow) {
                match item {
                    Ok(file) => {
                        listed_bytes.fetch_add(file.size, Ordering::Relaxed);
                        listed.keys.insert(file.key.clone());
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
                        if path.is_dir() {
                            listed.complete = false;
                        }
                        if walk_tx.send(Done::Skipped(path, skip)).is_err() {
                            return listed;
                        }
                    }
                }
            }
            listing_done.store(true, Ordering::Relaxed);
            send(batch);
            listed
        });
        for _ in 0..threads {
            let (batches, done) = (batch_rx.clone(), done_tx.clone());
            let old = run.old.clone();
            scope.spawn(move || {
                for batch in batches {
                    let bytes = batch.iter().map(|f| f.size).sum();
                    // Hashed before reading: a file changed after this reads as changed next time.
                    let entries = batch
                        .iter()
                        .filter_map(|f| {
                            Some(Entry {
                                key: f.key.clone(),
                                size: f.size,
                                mtime_ns: f.mtime_ns,
                                hash: manifest::hash_file(&f.path).ok()?,
                            })
                        })
                        .collect::<Vec<Entry>>();
                    // Files only touched (same content under a new time) need no reading.
                    let same = entries.len() == batch.len()
                        && entries
                            .iter()
                            .all(|e| old.entries.get(&e.key).is_some_and(|o| o.hash == e.hash));
                    if same {
                        let files = batch.len();
                        if done.send(Done::Unchanged { files, entries }).is_err() {
                            return;
                        }
                        continue;
                    }
                    let results = ingest::read_batch(batch);
                    let batch = Done::Batch {
                        bytes,
                        results,
                        entries,
                    };
                    if done.send(batch).is_err() {
                        return;
                    }
                }
            });
        }
        // Only the threads hold senders now: the loop below ends when they all have.
        drop((done_tx, batch_rx));
        for done in done_rx {
            match done {
                Done::Skipped(path, skip) => run.skip(&path, &skip),
                Done::Unchanged { files, entries } => {
                    run.unchanged += files;
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

/// The index's writer; when another process holds it, fail at once naming it, or with `wait`
/// try again until it is free.
fn open_writer(
    index: &Index,
    threads: usize,
    memory: usize,
    wait: bool,
    quiet: bool,
) -> anyhow::Result<Writer> {
    let mut said = false;
    loop {
        match index.writer(threads, memory) {
            Err(WriterError::Busy) if wait => {
                if !said && !quiet {
                    eprintln!(
                        "morgue: another `morgue index` is writing to {}; waiting for it to finish",
                        index.dir.display()
                    );
                    said = true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(WriterError::Busy) => bail!(
                "another `morgue index` is writing to {}; wait for it to finish, or pass --wait",
                index.dir.display()
            ),
            Err(WriterError::Other(e)) => return Err(e),
            Ok(writer) => return Ok(writer),
        }
    }
}

/// A size such as `256M`, `1G`, `1.5G` or a number of bytes (K, M, G are powers of 1024; a
/// trailing `B` or `iB` is allowed).
fn parse_size(flag: &str, value: &str) -> anyhow::Result<usize> {
    let bad = || {
        anyhow::anyhow!(
            "invalid size {value:?} for {flag}: use a number of bytes or a size such as 256M or 1G"
        )
    };
    let v = value.trim().to_ascii_uppercase();
    let v = v
        .strip_suffix("IB")
        .or_else(|| v.strip_suffix('B'))
        .unwrap_or(&v);
    let (number, unit) = match v.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&v[..i], c),
        _ => (v, ' '),
    };
    let scale: f64 = match unit {
        ' ' => 1.0,
        'K' => 1024.0,
        'M' => 1024.0 * 1024.0,
        'G' => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad()),
    };
    let n: f64 = number.trim().parse().map_err(|_| bad())?;
    let bytes = n * scale;
    if !bytes.is_finite() || bytes < 1.0 || bytes > MAX_MEMORY as f64 {
        return Err(bad());
    }
    Ok(bytes as usize)
}

/// The state of one indexing run: the writer, the manifest, and the counts for the summary.
struct Run {
    writer: Writer,
    dir: PathBuf,
    /// The manifest as the run found it (read by the walk at the same time).
    old: Arc<Manifest>,
    /// The manifest names every file with articles in the index (it describes the last commit,
    /// or the index is empty): files it does not know have nothing to replace.
    manifest_complete: bool,
    /// Files written by this run's commits, and files found gone: the manifest is the old one
    /// with these applied.
    written: HashMap<String, Entry>,
    gone: HashSet<String>,
    /// Entries for files written since the last commit: into `written` when it lands.
    pending: Vec<Entry>,
    commit_every: usize,
    progress: Progress,
    started: Instant,
    last_commit: Instant,
    /// Files read this run, and files skipped unread as unchanged.
    files: usize,
    unchanged: usize,
    added: usize,
    updated: usize,
    removed: usize,
    bytes: u64,
    since_commit: usize,
    skipped: BTreeMap<SkipReason, usize>,
}

impl Run {
    fn add_batch(
        &mut self,
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
        entries: Vec<Entry>,
    ) -> anyhow::Result<()> {
        self.bytes += bytes;
        let mut written: HashSet<String> = HashSet::new();
        for result in results {
            self.files += 1;
            match result {
                Ok(found) => {
                    for note in &found.notes {
                        self.progress
                            .say(&format!("morgue: {}: {note}", found.file.path.display()));
                    }
                    let key = &found.file.key;
                    let known = self.old.entries.contains_key(key);
                    // The file's articles are replaced as a whole: a file that now holds fewer
                    // keeps none of its old ones.
                    self.delete_old_articles(key);
                    let path = absolute(&found.file.path);
                    for (position, article) in &found.articles {
                        let id = article_id(key, *position);
                        self.writer.add(&id, key, &path, found.format, article)?;
                    }
                    if known {
                        self.updated += found.articles.len();
                    } else {
                        self.added += found.articles.len();
                    }
                    self.since_commit += found.articles.len();
                    written.insert(key.clone());
                }
                Err((file, skip)) => {
                    // Nothing lost: a file that cannot be read now keeps the articles it had
                    // (and is tried again next time), unless it no longer holds any.
                    if skip.reason != SkipReason::Unreadable {
                        self.delete_old_articles(&file.key);
                        written.insert(file.key.clone());
                    }
                    self.skip(&file.path, &skip);
                }
            }
        }
        self.pending
            .extend(entries.into_iter().filter(|e| written.contains(&e.key)));
        if self.since_commit >= self.commit_every || self.last_commit.elapsed() > COMMIT_SECONDS {
            self.commit()?;
        }
        self.progress
            .update(self.files, self.added + self.updated, self.bytes);
        Ok(())
    }

    /// Remove whatever articles the index holds from the file at `key`: none to remove when the
    /// manifest describes the last commit and does not know the file.
    fn delete_old_articles(&mut self, key: &str) {
        if !self.manifest_complete || self.old.entries.contains_key(key) {
            self.writer.delete_file(key);
        }
    }

    /// Remove the articles of files under the walked folders that the walk no longer found.
    fn prune(&mut self, roots: &[PathBuf], seen: &HashSet<String>) {
        let prefixes: Vec<String> = roots
            .iter()
            .filter_map(|r| ingest::archive_prefix(r))
            .collect();
        let gone: Vec<String> = self
            .old
            .entries
            .keys()
            .filter(|k| !seen.contains(*k) && prefixes.iter().any(|p| k.starts_with(p)))
            .cloned()
            .collect();
        if gone.is_empty() {
            return;
        }
        // The count is for the summary only: an index that cannot say keeps pruning.
        self.removed += self.writer.articles_of(&gone).unwrap_or(0);
        for key in gone {
            self.writer.delete_file(&key);
            self.gone.insert(key);
        }
    }

    /// Commit the index, then record in the manifest what that commit holds.
    fn commit(&mut self) -> anyhow::Result<()> {
        // Unique per commit: the process and the time.
        let token = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        self.writer.commit(&token)?;
        for entry in self.pending.drain(..) {
            self.written.insert(entry.key.clone(), entry);
        }
        let kept = self
            .old
            .entries
            .values()
            .filter(|e| !self.written.contains_key(&e.key) && !self.gone.contains(&e.key));
        manifest::write(&self.dir, &token, kept.chain(self.written.values()))
            .with_context(|| format!("writing {}", self.dir.join(manifest::FILE).display()))?;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    fn skip(&mut self, path: &Path, skip: &Skip) {
        *self.skipped.entry(skip.reason).or_default() += 1;
        self.progress.say(&format!(
            "morgue: skipped {}: {}",
            path.display(),
            skip.detail
        ));
    }

    fn summary(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "morgue: indexed {} articles from {} files into {} in {:.2}s ({:.1} MB/s): {} added, {} updated, {} removed",
            self.added + self.updated,
            self.files,
            self.dir.display(),
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 },
            self.added,
            self.updated,
            self.removed,
        );
        if self.unchanged > 0 {
            line.push_str(&format!("; {} files unchanged", self.unchanged));
        }
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| format!("{n} {r}"))
                .collect();
            line.push_str(&format!(
                "; skipped {skipped} files ({})",
                reasons.join(", ")
            ));
        }
        line
    }
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Paths are stored absolute so that hits can be opened from any folder (the walk starts from
/// absolute roots; resolving each file's links again cost a system call per folder of its path).
fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
