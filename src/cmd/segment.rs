//! `morgue segment FILE...`: show how files segment into articles, without an index.
//!
//! Bad files follow the rule `index` follows: each is reported once on stderr, the others are
//! done, and the exit status is 2 when a file could not be read at all (0 when every file was
//! read, even if some held no article).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::ingest::{self, walk::path_text, SourceFile};
use morgue::output::json::{ArticleMessage, Message};
use morgue::output::terminal::clean;
use morgue::output::{self};
use morgue::{Article, Format};

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
    // Per file given, in order: its shown path, format and articles.
    let mut records: Vec<Option<(String, Format, Vec<Article>)>> = vec![None; args.files.len()];
    let mut failed = false;
    for batch in by_folder.into_values() {
        for result in ingest::read_batch(batch) {
            match result {
                Ok(found) => {
                    let shown = path_text(&found.file.path);
                    if !quiet {
                        for note in &found.notes {
                            eprintln!("morgue: {}: {}", clean(&shown), clean(note));
                        }
                    }
                    let position: usize = found.file.key.parse().expect("keys are positions");
                    let articles = found.articles.into_iter().map(|(_, a)| a).collect();
                    records[position] = Some((shown, found.format, articles));
                }
                Err((file, skip)) => {
                    failed |= skip.reason.is_failure();
                    eprintln!(
                        "morgue: skipped {}: {}",
                        clean(&path_text(&file.path)),
                        clean(&skip.detail)
                    );
                }
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (path, format, articles) in records.iter().flatten() {
        for article in articles {
            if args.json {
                let message = Message::Article(ArticleMessage::new(path, *format, article));
                output::json::write_line(&mut out, &message)?;
            } else {
                output::human::write_article(&mut out, path, *format, article)?;
            }
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
        let shown = clean(&path_text(path)).into_owned();
        let loaded = ingest::load(path).map_err(|s| anyhow::anyhow!("{shown}: {}", s.detail))?;
        let ingest::Payload::Text(text) = loaded.payload else {
            anyhow::bail!("{shown}: --explain works on text pages only");
        };
        writeln!(out, "== {shown}")?;
        for (class, weight, inside, line) in
            morgue::extract::text::explain_lines(&text, &Default::default())
        {
            let mark = if inside { '>' } else { ' ' };
            writeln!(out, "{mark} {class:<8} {weight:>6.1}  {}", clean(&line))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
