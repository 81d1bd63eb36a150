//! Binary-only glue: one module per subcommand. Dispatch only.

use std::process::ExitCode;

use crate::cli::{Cli, Command};

mod index;
mod progress;
mod search;
mod segment;
mod stats;

/// Run the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index::run(&args, cli.index, cli.quiet),
        Command::Search(args) => search::run(&args, cli.index, cli.quiet),
        Command::Segment(args) => segment::run(&args, cli.quiet),
        Command::Stats(args) => stats::run(&args, cli.index),
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
