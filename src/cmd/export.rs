//! `morgue export DIR... --out OUT`: flags in, the indexing pipeline run into an export folder,
//! a summary out. What the folder holds is `morgue::export`'s.

use std::process::ExitCode;

use morgue::export::Export;
use morgue::index::pipeline;
use morgue::output::terminal::clean;

use super::progress::Progress;
use crate::cli::ExportArgs;

pub fn run(args: &ExportArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let mut export = Export::open(&args.out, args.chunk_size as u64)?;
    let options = super::pipeline_options(
        args.follow,
        super::threads(args.threads),
        args.commit_every,
        args.no_prune,
        false,
    );
    let progress = Progress::new(quiet);
    let report = pipeline::index_paths(&args.paths, &args.out, &mut export, &options, &progress)
        .map_err(|err| export.explain_write_error(err))?;
    progress.finish();
    let out = clean(&args.out.display().to_string()).into_owned();
    super::found_files("export", &args.paths, &report)?;
    if !quiet {
        let (chunks, bytes, deleted) = export.this_run().map_or((0, 0, 0), |run| {
            (
                run.chunks.len(),
                run.chunks.iter().map(|c| c.bytes).sum::<u64>(),
                run.deleted.as_ref().map_or(0, |d| d.articles),
            )
        });
        let manifest = export.manifest();
        let written: usize = export
            .this_run()
            .map_or(0, |run| run.chunks.iter().map(|c| c.articles).sum());
        eprintln!(
            "morgue: exported {written} articles from {} files into {out} in {:.2}s ({} read again unchanged): {chunks} new chunks ({:.1} MB), {deleted} ids deleted; {} articles in all. Load them with the commands in {out}/README.md",
            report.files,
            report.elapsed.as_secs_f64(),
            export.unchanged(),
            bytes as f64 / 1e6,
            manifest.articles,
        );
    }
    Ok(if report.failed() > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
