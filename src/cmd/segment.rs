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
    let mut by_folder: BTreeMap<PathBuf, Vec<SourceFile>> = BTreeMap::new();
    for (position, path) in args.files.iter().enumerate() {
        let folder = path.parent().map(PathBuf::from).unwrap_or_default();
        // The key carries the argument's position, to print results in the order given.
        let file = SourceFile {
            path: path.clone(),
            key: position.to_string(),
            size: 0,
            mtime_ns: 0,
        };
        by_folder.entry(folder).or_default().push(file);
    }
    let mut records: Vec<Vec<SegmentRecord>> = vec![Vec::new(); args.files.len()];
    let mut failed = false;
    for batch in by_folder.into_values() {
        for result in ingest::read_batch(batch) {
            match result {
                Ok(found) => {
                    let shown = found.file.path.display().to_string();
                    if !quiet {
                        for note in &found.notes {
                            eprintln!("morgue: {shown}: {note}");
                        }
                    }
                    let position: usize = found.file.key.parse().expect("keys are positions");
                    records[position] = found
                        .articles
                        .iter()
                        .map(|(_, a)| SegmentRecord::new(&shown, found.format, a))
                        .collect();
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
    for record in records.iter().flatten() {
        if args.json {
            output::json::write_line(&mut out, record)?;
        } else {
            output::human::write_segment(&mut out, record)?;
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
