//! Binary-only glue: one module per subcommand. Dispatch only.

use std::process::ExitCode;

use morgue::engine::backend::Backend;

use crate::cli::{Cli, Command};

mod copies;
mod export;
mod index;
mod names;
mod people;
mod progress;
mod search;
mod segment;
mod serve;
mod stats;
mod timeline;

/// Run the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index::run(&args, cli.index, cli.quiet),
        Command::Search(args) => search::run(&args, cli.index, cli.quiet),
        Command::Segment(args) => segment::run(&args, cli.quiet),
        Command::Stats(args) => stats::run(&args, cli.index),
        Command::Timeline(args) => timeline::run(&args, cli.index, cli.quiet),
        Command::People(args) => people::run(&args, cli.index, cli.quiet),
        Command::Copies(args) => copies::run(&args, cli.index),
        Command::Serve(args) => serve::run(&args, cli.index, cli.quiet),
        Command::Export(args) => export::run(&args, cli.quiet),
    }
}

/// Where `morgue index` writes: `--index`, else `$MORGUE_INDEX`, else `./.morgue`.
fn index_dir_for_writing(flag: Option<std::path::PathBuf>) -> std::path::PathBuf {
    flag.or_else(|| {
        std::env::var_os("MORGUE_INDEX")
            .filter(|v| !v.is_empty())
            .map(Into::into)
    })
    .unwrap_or_else(|| morgue::index::DEFAULT_DIR.into())
}

/// Where `morgue search` reads: `--index`, else `$MORGUE_INDEX`, else the nearest `.morgue` in
/// this folder or its parents, as git finds `.git`.
fn index_dir_for_reading(flag: Option<std::path::PathBuf>) -> anyhow::Result<std::path::PathBuf> {
    if let Some(dir) = flag.or_else(|| {
        std::env::var_os("MORGUE_INDEX")
            .filter(|v| !v.is_empty())
            .map(Into::into)
    }) {
        return Ok(dir);
    }
    let cwd = std::env::current_dir()?;
    cwd.ancestors()
        .map(|d| d.join(morgue::index::DEFAULT_DIR))
        .find(|d| d.join("meta.json").exists())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no index found in {} or its parents; create one with `morgue index ARCHIVE_DIR` or name it with --index",
                cwd.display()
            )
        })
}

/// The request a query and its filters make, for `search`, `timeline` and `people` alike: the
/// index's own `aliases.toml` (when there is one) and the `--aliases` file (which must exist)
/// read together.
fn request(
    query: &[String],
    filters: &crate::cli::Filters,
    index_dir: &std::path::Path,
) -> anyhow::Result<morgue::search::Request> {
    if let (Some(since), Some(until)) = (filters.since, filters.until) {
        if since > until {
            anyhow::bail!("--since {since} is after --until {until}: no day is in between");
        }
    }
    let all = aliases(filters.aliases.as_deref(), index_dir)?;
    Ok(morgue::search::Request {
        query: query.join(" "),
        limit: 10,
        since: filters.since,
        until: filters.until,
        sources: filters.source.clone(),
        bylines: filters.byline.clone(),
        people: filters.person.clone(),
        langs: filters.lang.clone(),
        fragments: 1,
        aliases: std::sync::Arc::new(all),
        ..morgue::search::Request::default()
    })
}

/// The index's own `aliases.toml` (when there is one) and the `--aliases` file (which must
/// exist), read together.
fn aliases(
    file: Option<&std::path::Path>,
    index_dir: &std::path::Path,
) -> anyhow::Result<morgue::search::aliases::Aliases> {
    use morgue::search::aliases::{self, Aliases};
    let mut all = Aliases::default();
    let own = index_dir.join(aliases::INDEX_FILE);
    if own.exists() {
        all.merge(Aliases::load(&own)?);
    }
    if let Some(file) = file {
        all.merge(Aliases::load(file)?);
    }
    Ok(all)
}

/// Say on stderr what the query's repair changed and whether the words were relaxed.
fn report_query(results: &morgue::search::Results, quiet: bool) {
    use morgue::output::terminal::clean;
    if quiet {
        return;
    }
    // A pathological query can trip the parser thousands of times; a few lines say enough.
    for ignored in results.ignored.iter().take(5) {
        eprintln!("morgue: query: {}", clean(ignored));
    }
    if results.ignored.len() > 5 {
        eprintln!(
            "morgue: query: … and {} more problems",
            results.ignored.len() - 5
        );
    }
    if results.relaxed {
        eprintln!("morgue: no article has all the terms; showing articles with any of them");
    }
}

/// Fail when a run (`verb`: index, export) found nothing at all under its folders.
fn found_files(
    verb: &str,
    paths: &[std::path::PathBuf],
    report: &morgue::index::pipeline::Report,
) -> anyhow::Result<()> {
    use morgue::output::terminal::clean;
    if report.files + report.unchanged + report.removed == 0 && report.skipped.is_empty() {
        anyhow::bail!(
            "found no files to {verb} under {}",
            paths
                .iter()
                .map(|p| clean(&p.display().to_string()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// The engine `--engine` names, else the local index; and the local index folder (which holds
/// the alias file, when there is one).
fn open_backend(
    engine: Option<&str>,
    index_flag: Option<std::path::PathBuf>,
) -> anyhow::Result<(Backend, std::path::PathBuf)> {
    use morgue::engine::client::{Client, Target};
    match engine {
        Some(address) => {
            let target = Target::parse(address)
                .map_err(|e| anyhow::anyhow!("--engine: {e}"))?
                .with_environment();
            // Against an engine the local folder is optional: it only holds the aliases.
            let dir = index_dir_for_reading(index_flag).unwrap_or_default();
            Ok((Backend::Engine(Client::new(target)), dir))
        }
        None => {
            let dir = index_dir_for_reading(index_flag)?;
            Ok((Backend::Local(morgue::index::Index::open(&dir)?), dir))
        }
    }
}

/// Commit at least this often, so that a long run keeps its progress (an interrupted run
/// resumes from its last commit); `--commit-every` sets the article count.
const COMMIT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// Reading threads: `--threads`, else every core.
fn threads(flag: Option<u16>) -> usize {
    flag.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    )
}

/// How `index` and `export` run the pipeline, from their shared flags.
fn pipeline_options(
    follow: bool,
    threads: usize,
    commit_every: u32,
    no_prune: bool,
    prune_empty: bool,
) -> morgue::index::pipeline::Options {
    use morgue::index::pipeline::Prune;
    morgue::index::pipeline::Options {
        follow,
        threads,
        commit_every: commit_every as usize,
        commit_interval: COMMIT_INTERVAL,
        prune: if no_prune {
            Prune::Never
        } else if prune_empty {
            Prune::Always
        } else {
            Prune::UnlessRootEmpty
        },
    }
}
