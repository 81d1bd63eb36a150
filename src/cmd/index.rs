//! `morgue index DIR...`: flags in, the library's pipeline run on the local index, progress and
//! a summary out. The rules of incremental indexing live in `morgue::index::pipeline`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;
use morgue::engine::client::Target;
use morgue::engine::sink::Engine;
use morgue::index::pipeline::{self, Options, Report};
use morgue::index::{Index, IndexError, Writer};
use morgue::output::terminal::clean;

use super::progress::Progress;
use crate::cli::IndexArgs;

/// The writer's budget when `--memory` is not given: per writer thread, and in all.
const DEFAULT_MEMORY_PER_THREAD: usize = 64 << 20;
const DEFAULT_MEMORY_CAP: usize = 1 << 30;
/// tantivy refuses less than 15 MB per writer thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;
/// tantivy uses at most this many writer threads.
const MAX_WRITER_THREADS: usize = 8;

pub fn run(args: &IndexArgs, index_flag: Option<PathBuf>, quiet: bool) -> anyhow::Result<ExitCode> {
    let threads = super::threads(args.threads);
    if let Some(address) = &args.engine {
        return to_engine(args, address, index_flag, threads, quiet);
    }
    // tantivy's writer threads share the budget; each needs a floor of its own.
    let writer_threads = threads.min(MAX_WRITER_THREADS);
    let memory = args
        .memory
        .unwrap_or((DEFAULT_MEMORY_PER_THREAD * writer_threads).min(DEFAULT_MEMORY_CAP));
    if memory < MIN_MEMORY_PER_THREAD * writer_threads {
        bail!(
            "--memory {}M is too little for {writer_threads} writer threads: give at least {}M (or fewer --threads)",
            memory >> 20,
            (MIN_MEMORY_PER_THREAD * writer_threads).div_ceil(1 << 20)
        );
    }
    let dir = super::index_dir_for_writing(index_flag);
    if args.rebuild {
        Index::remove(&dir)?;
    }
    let index = Index::open_or_create(&dir)?;
    // A damaged index is said now, with what to run, rather than by the next search.
    index.check()?;
    let mut writer = open_writer(&index, writer_threads, memory, args.wait, quiet)?;
    let options = options(args, threads);
    let progress = Progress::new(quiet);
    let report = pipeline::index_paths(&args.paths, &dir, &mut writer, &options, &progress)
        .map_err(|err| index.explain_write_error(err))?;
    progress.finish();
    if !quiet {
        eprintln!("{}", summary(&report, &clean(&dir.display().to_string())));
    }
    super::found_files("index", &args.paths, &report)?;
    writer
        .finish()
        .map_err(|err| index.explain_write_error(err))?;
    // Files that could not be read were reported one by one; the rest is indexed.
    Ok(if report.failed() > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The options of a run, from the flags.
fn options(args: &IndexArgs, threads: usize) -> Options {
    super::pipeline_options(
        args.follow,
        threads,
        args.commit_every,
        args.no_prune,
        args.prune_empty,
    )
}

/// `--engine URL`: the pipeline run into an OpenSearch/Elasticsearch index; what was sent is
/// remembered in a folder of the local index's (`engines/HOST_PORT_INDEX`).
fn to_engine(
    args: &IndexArgs,
    address: &str,
    index_flag: Option<PathBuf>,
    threads: usize,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let target = Target::parse(address)
        .map_err(|e| anyhow::anyhow!("--engine: {e}"))?
        .with_environment();
    let state = super::index_dir_for_writing(index_flag)
        .join(morgue::index::ENGINES)
        .join(target.state_name());
    let mut engine = Engine::open(target, &state)?;
    let progress = Progress::new(quiet);
    let report = pipeline::index_paths(
        &args.paths,
        &state,
        &mut engine,
        &options(args, threads),
        &progress,
    )?;
    progress.finish();
    for refusal in engine.refused() {
        eprintln!(
            "morgue: {}: the engine refused article {}: {}",
            clean(&refusal.path),
            refusal.id,
            refusal.reason
        );
    }
    if !quiet {
        let mut line = summary(&report, &engine.shown());
        if engine.unchanged() > 0 {
            line.push_str(&format!(
                "; {} articles read again unchanged, not sent",
                engine.unchanged()
            ));
        }
        eprintln!("{line}");
    }
    super::found_files("index", &args.paths, &report)?;
    Ok(if report.failed() > 0 || !engine.refused().is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
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
            Err(IndexError::Busy) if wait => {
                if !said && !quiet {
                    eprintln!(
                        "morgue: another `morgue index` is writing to {}; waiting for it to finish",
                        clean(&index.dir.display().to_string())
                    );
                    said = true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(IndexError::Busy) => bail!(
                "another `morgue index` is writing to {}; wait for it to finish, or pass --wait",
                clean(&index.dir.display().to_string())
            ),
            Err(other) => return Err(other.into()),
            Ok(writer) => return Ok(writer),
        }
    }
}

/// The end-of-run line: what was added, updated, removed, left alone and skipped.
fn summary(report: &Report, dir: &str) -> String {
    let secs = report.elapsed.as_secs_f64();
    let mb = report.bytes as f64 / 1e6;
    let mut line = format!(
        "morgue: indexed {} articles from {} files into {dir} in {secs:.2}s ({:.1} MB/s): {} added, {} updated, {} removed",
        report.added + report.updated,
        report.files,
        if secs > 0.0 { mb / secs } else { 0.0 },
        report.added,
        report.updated,
        report.removed,
    );
    if report.unchanged > 0 {
        line.push_str(&format!("; {} files unchanged", report.unchanged));
    }
    let skipped: usize = report.skipped.values().sum();
    if skipped > 0 {
        let reasons: Vec<String> = report
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
