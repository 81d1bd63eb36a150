//! `morgue segment FILE...`: show how files segment into articles, without an index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::ingest::{self, SourceFile};
use morgue::output::{self, SegmentRecord};

use crate::cli::SegmentArgs;

pub fn run(args: &SegmentArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if args.explain {
        return explain(args);
    }
    // Files of the same folder are segmented together, so that furniture lines recurring
    // across them are recognised, as `morgue index` does.
    let mut by_folder: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, path) in args.files.iter().enumerate() {
        let folder = path.parent().map(PathBuf::from).unwrap_or_default();
        by_folder.entry(folder).or_default().push(i);
    }
    let mut results: Vec<Option<Vec<SegmentRecord>>> = vec![None; args.files.len()];
    let mut failed = false;
    for indices in by_folder.values() {
        let mut batch = Vec::new();
        for &i in indices {
            let path = &args.files[i];
            let file = SourceFile {
                path: path.clone(),
                key: path.display().to_string(),
                size: 0,
            };
            match ingest::load(path) {
                Ok(loaded) => {
                    if !quiet {
                        for note in &loaded.notes {
                            eprintln!("morgue: {}: {note}", path.display());
                        }
                    }
                    batch.push((file, loaded));
                }
                Err(skip) => {
                    failed = true;
                    eprintln!(
                        "morgue: {}: {} ({})",
                        path.display(),
                        skip.detail,
                        skip.reason
                    );
                }
            }
        }
        for result in ingest::segment_batch(batch) {
            match result {
                Ok(found) => {
                    let i = args
                        .files
                        .iter()
                        .position(|p| *p == found.file.path)
                        .expect("batch holds our paths");
                    let shown = found.file.path.display().to_string();
                    results[i] = Some(
                        found
                            .articles
                            .iter()
                            .map(|(_, a)| SegmentRecord::new(&shown, found.format, a))
                            .collect(),
                    );
                }
                Err((file, skip)) => {
                    failed = true;
                    eprintln!(
                        "morgue: {}: {} ({})",
                        file.path.display(),
                        skip.detail,
                        skip.reason
                    );
                }
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for record in results.into_iter().flatten().flatten() {
        if args.json {
            output::json::write_line(&mut out, &record)?;
        } else {
            output::human::write_segment(&mut out, &record)?;
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--explain`: each non-blank line with its class and weight; `>` marks the body region.
fn explain(args: &SegmentArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in &args.files {
        let loaded =
            ingest::load(path).map_err(|s| anyhow::anyhow!("{}: {}", path.display(), s.detail))?;
        let ingest::Payload::Text(text) = loaded.payload else {
            anyhow::bail!("{}: --explain works on text pages only", path.display());
        };
        writeln!(out, "== {}", path.display())?;
        for (class, weight, inside, line) in
            morgue::segment::explain_lines(&text, &Default::default())
        {
            let mark = if inside { '>' } else { ' ' };
            writeln!(out, "{mark} {class:<8} {weight:>6.1}  {line}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
