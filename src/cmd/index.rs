//! `morgue index DIR...`: walk archives, segment every article, add it to the index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::bail;
use morgue::index::{article_id, Index};
use morgue::ingest::{self, SkipReason, SourceFile};

use crate::cli::IndexArgs;

/// Files segmented together (one folder at most): enough to learn a site's furniture lines,
/// small enough to bound memory.
const BATCH_FILES: usize = 1000;
/// Commit every so many articles, so that a long run keeps its progress.
const COMMIT_EVERY: usize = 100_000;

#[derive(Default)]
struct Tally {
    files: usize,
    articles: usize,
    bytes: u64,
    skipped: BTreeMap<SkipReason, usize>,
}

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
    let mut writer = index.writer(threads, threads * 64_000_000)?;
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut last_report = Instant::now();
    let mut since_commit = 0usize;

    let mut batch: Vec<SourceFile> = Vec::new();
    let mut flush = |batch: &mut Vec<SourceFile>, tally: &mut Tally| -> anyhow::Result<()> {
        let mut loaded = Vec::with_capacity(batch.len());
        for file in batch.drain(..) {
            tally.files += 1;
            tally.bytes += file.size;
            match ingest::load(&file.path) {
                Ok(l) => {
                    if !quiet {
                        for note in &l.notes {
                            eprintln!("morgue: {}: {note}", file.path.display());
                        }
                    }
                    loaded.push((file, l));
                }
                Err(skip) => report_skip(tally, &file.path, skip, quiet),
            }
        }
        for result in ingest::segment_batch(loaded) {
            match result {
                Ok(found) => {
                    let path = absolute(&found.file.path);
                    for (position, article) in &found.articles {
                        writer.upsert(
                            &article_id(&found.file.key, *position),
                            &path,
                            found.format,
                            article,
                        )?;
                        tally.articles += 1;
                        since_commit += 1;
                    }
                }
                Err((file, skip)) => report_skip(tally, &file.path, skip, quiet),
            }
        }
        if since_commit >= COMMIT_EVERY {
            writer.commit()?;
            since_commit = 0;
        }
        Ok(())
    };

    for item in ingest::walk(&args.paths, args.follow) {
        match item {
            Ok(file) => {
                let same_folder = batch
                    .last()
                    .is_none_or(|b| b.path.parent() == file.path.parent());
                if !same_folder || batch.len() >= BATCH_FILES {
                    flush(&mut batch, &mut tally)?;
                }
                batch.push(file);
            }
            Err((path, skip)) => report_skip(&mut tally, &path, skip, quiet),
        }
        if !quiet && last_report.elapsed() > Duration::from_secs(3) {
            eprintln!(
                "morgue: {} files, {} articles so far",
                tally.files, tally.articles
            );
            last_report = Instant::now();
        }
    }
    flush(&mut batch, &mut tally)?;
    drop(flush);
    writer.commit()?;
    writer.finish()?;
    if !quiet {
        eprintln!("{}", summary(&tally, started.elapsed(), &dir));
    }
    if tally.files == 0 && tally.skipped.is_empty() {
        bail!(
            "found no files to index under {}",
            display_paths(&args.paths)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn report_skip(tally: &mut Tally, path: &Path, skip: ingest::Skip, quiet: bool) {
    *tally.skipped.entry(skip.reason).or_default() += 1;
    if !quiet {
        eprintln!("morgue: skipped {}: {}", path.display(), skip.detail);
    }
}

fn summary(t: &Tally, elapsed: Duration, dir: &Path) -> String {
    let secs = elapsed.as_secs_f64();
    let mb = t.bytes as f64 / 1e6;
    let mut line = format!(
        "morgue: indexed {} articles from {} files into {} in {:.2}s ({:.1} MB/s)",
        t.articles,
        t.files,
        dir.display(),
        secs,
        if secs > 0.0 { mb / secs } else { 0.0 }
    );
    let skipped: usize = t.skipped.values().sum();
    if skipped > 0 {
        let reasons: Vec<String> = t.skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
        line.push_str(&format!(
            "; skipped {skipped} files ({})",
            reasons.join(", ")
        ));
    }
    line
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
