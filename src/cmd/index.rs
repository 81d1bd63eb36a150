//! `morgue index DIR...`: walk archives, segment every article, add it to the index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::bail;
use morgue::index::{article_id, Index, Writer};
use morgue::ingest::{self, Skip, SkipReason, SourceFile};

use crate::cli::IndexArgs;

/// Files segmented together (one folder at most): enough to learn a site's furniture lines,
/// small enough to bound memory.
const BATCH_FILES: usize = 1000;
/// Commit every so many articles, so that a long run keeps its progress.
const COMMIT_EVERY: usize = 100_000;
/// How often a progress line is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(3);

pub fn run(args: &IndexArgs, index_flag: Option<PathBuf>, quiet: bool) -> anyhow::Result<ExitCode> {
    for path in &args.paths {
        if !path.exists() {
            bail!(
                "archive {} does not exist; give a folder of saved articles",
                path.display()
            );
        }
    }
    let dir = super::index_dir_for_writing(index_flag);
    let index = Index::open_or_create(&dir)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let mut run = Run {
        writer: index.writer(threads, threads * 64_000_000)?,
        quiet,
        started: Instant::now(),
        last_progress: Instant::now(),
        files: 0,
        articles: 0,
        bytes: 0,
        since_commit: 0,
        skipped: BTreeMap::new(),
    };
    let mut batch: Vec<SourceFile> = Vec::new();
    for item in ingest::walk(&args.paths, args.follow) {
        match item {
            Ok(file) => {
                let same_folder = batch
                    .last()
                    .is_none_or(|b| b.path.parent() == file.path.parent());
                if !same_folder || batch.len() >= BATCH_FILES {
                    run.add_batch(std::mem::take(&mut batch))?;
                }
                batch.push(file);
            }
            Err((path, skip)) => run.skip(&path, &skip),
        }
    }
    run.add_batch(batch)?;
    run.writer.commit()?;
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

/// The state of one indexing run: the writer and the counts for the summary.
struct Run {
    writer: Writer,
    quiet: bool,
    started: Instant,
    last_progress: Instant,
    files: usize,
    articles: usize,
    bytes: u64,
    since_commit: usize,
    skipped: BTreeMap<SkipReason, usize>,
}

impl Run {
    fn add_batch(&mut self, batch: Vec<SourceFile>) -> anyhow::Result<()> {
        self.files += batch.len();
        self.bytes += batch.iter().map(|f| f.size).sum::<u64>();
        for result in ingest::read_batch(batch) {
            match result {
                Ok(found) => {
                    if !self.quiet {
                        for note in &found.notes {
                            eprintln!("morgue: {}: {note}", found.file.path.display());
                        }
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
        if self.since_commit >= COMMIT_EVERY {
            self.writer.commit()?;
            self.since_commit = 0;
        }
        if !self.quiet && self.last_progress.elapsed() > PROGRESS_EVERY {
            eprintln!(
                "morgue: {} files, {} articles so far",
                self.files, self.articles
            );
            self.last_progress = Instant::now();
        }
        Ok(())
    }

    fn skip(&mut self, path: &Path, skip: &Skip) {
        *self.skipped.entry(skip.reason).or_default() += 1;
        if !self.quiet {
            eprintln!("morgue: skipped {}: {}", path.display(), skip.detail);
        }
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
