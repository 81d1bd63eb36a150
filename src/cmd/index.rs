//! `morgue index DIR...`: walk archives, segment every article, add it to the index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::bail;
use morgue::index::{article_id, Index, Writer, WriterError};
use morgue::ingest::{self, FileArticles, Skip, SkipReason, SourceFile};

use super::progress::Progress;
use crate::cli::IndexArgs;
use std::sync::atomic::Ordering;

/// Files segmented together (one folder at most): enough to learn a site's furniture lines,
/// small enough to bound memory.
const BATCH_FILES: usize = 1000;
/// Commit every so many articles or seconds, whichever comes first, so that a long run keeps
/// its progress (an interrupted run resumes from its last commit).
const COMMIT_EVERY: usize = 100_000;
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
    let index = Index::open_or_create(&dir)?;
    let writer = open_writer(&index, writer_threads, memory, args.wait, quiet)?;
    let mut run = Run {
        writer,
        progress: Progress::new(quiet),
        started: Instant::now(),
        last_commit: Instant::now(),
        files: 0,
        articles: 0,
        bytes: 0,
        since_commit: 0,
        skipped: BTreeMap::new(),
    };
    pipeline(args, threads, &mut run)?;
    run.writer.commit()?;
    run.progress.finish();
    if !quiet {
        eprintln!("{}", run.summary(run.started.elapsed(), &dir));
    }
    if run.files == 0 && run.skipped.is_empty() {
        bail!(
            "found no files to index under {}",
            display_paths(&args.paths)
        );
    }
    run.writer.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// What the reading threads hand to the writer.
enum Done {
    /// A file the walk could not list or open.
    Skipped(PathBuf, Skip),
    /// A batch of files read and segmented.
    Batch {
        files: usize,
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
    },
}

/// Walk, read and segment on `threads` threads, write on this one. Both queues are bounded, so
/// memory holds a few batches whatever the archive's size, and a slow writer slows the readers
/// rather than piling articles up.
fn pipeline(args: &IndexArgs, threads: usize, run: &mut Run) -> anyhow::Result<()> {
    let (batch_tx, batch_rx) = crossbeam_channel::bounded::<Vec<SourceFile>>(threads * 2);
    let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(threads * 2);
    let listed = run.progress.listed_bytes.clone();
    let listing_done = run.progress.listing_done.clone();
    std::thread::scope(|scope| {
        let walk_tx = done_tx.clone();
        scope.spawn(move || {
            let mut batch: Vec<SourceFile> = Vec::new();
            for item in ingest::walk(&args.paths, args.follow) {
                match item {
                    Ok(file) => {
                        listed.fetch_add(file.size, Ordering::Relaxed);
                        let same_folder = batch
                            .last()
                            .is_none_or(|b| b.path.parent() == file.path.parent());
                        if (!same_folder || batch.len() >= BATCH_FILES)
                            && batch_tx.send(std::mem::take(&mut batch)).is_err()
                        {
                            return; // the writer stopped
                        }
                        batch.push(file);
                    }
                    Err((path, skip)) => {
                        if walk_tx.send(Done::Skipped(path, skip)).is_err() {
                            return;
                        }
                    }
                }
            }
            listing_done.store(true, Ordering::Relaxed);
            if !batch.is_empty() {
                let _ = batch_tx.send(batch);
            }
        });
        for _ in 0..threads {
            let (batches, done) = (batch_rx.clone(), done_tx.clone());
            scope.spawn(move || {
                for batch in batches {
                    let files = batch.len();
                    let bytes = batch.iter().map(|f| f.size).sum();
                    let results = ingest::read_batch(batch);
                    if done
                        .send(Done::Batch {
                            files,
                            bytes,
                            results,
                        })
                        .is_err()
                    {
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
                Done::Batch {
                    files,
                    bytes,
                    results,
                } => run.add_batch(files, bytes, results)?,
            }
        }
        Ok(())
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

/// The state of one indexing run: the writer and the counts for the summary.
struct Run {
    writer: Writer,
    progress: Progress,
    started: Instant,
    last_commit: Instant,
    files: usize,
    articles: usize,
    bytes: u64,
    since_commit: usize,
    skipped: BTreeMap<SkipReason, usize>,
}

impl Run {
    fn add_batch(
        &mut self,
        files: usize,
        bytes: u64,
        results: Vec<Result<FileArticles, (SourceFile, Skip)>>,
    ) -> anyhow::Result<()> {
        self.files += files;
        self.bytes += bytes;
        for result in results {
            match result {
                Ok(found) => {
                    for note in &found.notes {
                        self.progress
                            .say(&format!("morgue: {}: {note}", found.file.path.display()));
                    }
                    let path = absolute(&found.file.path);
                    for (position, article) in &found.articles {
                        let id = article_id(&found.file.key, *position);
                        self.writer.upsert(&id, &path, found.format, article)?;
                    }
                    self.articles += found.articles.len();
                    self.since_commit += found.articles.len();
                }
                Err((file, skip)) => self.skip(&file.path, &skip),
            }
        }
        if self.since_commit >= COMMIT_EVERY || self.last_commit.elapsed() > COMMIT_SECONDS {
            self.writer.commit()?;
            self.since_commit = 0;
            self.last_commit = Instant::now();
        }
        self.progress.update(self.files, self.articles, self.bytes);
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

    fn summary(&self, elapsed: Duration, dir: &Path) -> String {
        let secs = elapsed.as_secs_f64();
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "morgue: indexed {} articles from {} files into {} in {:.2}s ({:.1} MB/s)",
            self.articles,
            self.files,
            dir.display(),
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 }
        );
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

/// Paths are stored absolute so that hits can be opened from any folder.
fn absolute(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
