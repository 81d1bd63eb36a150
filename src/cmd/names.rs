//! `morgue search --names FILE [QUERY]`: a list of names (the Panama Papers workflow) searched
//! one by one, each with its count of articles and its best hit.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use morgue::engine::backend::Backend;
use morgue::output::json::{self, ListedMessage, Message, SampleMessage, SummaryMessage};
use morgue::output::terminal::clean;
use morgue::search::Request;

use crate::cli::SearchArgs;

/// Names read at most: a list, not a dictionary.
const MAX_NAMES: usize = 10_000;
/// Largest name list read.
const MAX_FILE_BYTES: u64 = 4_000_000;

pub fn run(
    args: &SearchArgs,
    file: &Path,
    backend: &Backend,
    dir: &Path,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let shown = clean(&file.display().to_string()).into_owned();
    let names = read_names(file).with_context(|| format!("reading the name list {shown}"))?;
    if names.is_empty() {
        bail!("the name list {shown} holds no names (one a line; blank lines are skipped)");
    }
    let within = args.query.join(" ");
    let base = Request {
        limit: 1,
        fragments: 1,
        // The best hit is shown without its copies: none to look up.
        all_copies: true,
        ..super::request(&args.query, &args.filters, dir)?
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut found = 0;
    for name in &names {
        // The name as a phrase (its quotes dropped), within the query when there is one.
        let phrase = format!("\"{}\"", name.replace('"', " "));
        let query = if within.trim().is_empty() {
            phrase
        } else {
            format!("({within}) AND {phrase}")
        };
        let results = backend.search(&Request {
            query,
            ..base.clone()
        })?;
        // A name is counted only where every word of it stands: no fallback to any word.
        let (total, top) = if results.relaxed {
            (0, None)
        } else {
            (results.total, results.hits.into_iter().next())
        };
        found += usize::from(total > 0);
        if args.json {
            let message = Message::Listed(ListedMessage {
                name,
                total,
                top: top.as_ref().map(SampleMessage::new),
            });
            json::write_line(&mut out, &message)?;
        } else {
            let title = top
                .as_ref()
                .map(|h| clean(h.title.as_deref().unwrap_or("(untitled)")).into_owned())
                .unwrap_or_default();
            writeln!(out, "{total:>6}  {:<30}  {title}", clean(name))?;
        }
    }
    if args.json {
        let elapsed_ms = (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
        let summary = Message::Summary(SummaryMessage {
            hits: found,
            total: names.len(),
            elapsed_ms,
            relaxed: false,
            suggestion: None,
        });
        json::write_line(&mut out, &summary)?;
    }
    out.flush()?;
    Ok(if found == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The distinct names of a list, in order: one a line, trimmed, blank lines skipped. A file that
/// is not text, too large, or of more than [`MAX_NAMES`] names is refused, saying why.
fn read_names(file: &Path) -> anyhow::Result<Vec<String>> {
    let meta = std::fs::metadata(file)?;
    if !meta.is_file() {
        bail!("not a regular file");
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "over {} MB: a list of names is smaller",
            MAX_FILE_BYTES / 1_000_000
        );
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("not UTF-8 text: give one name a line"))?;
    if text.contains('\0') {
        bail!("binary content, not a list of names");
    }
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::new();
    for line in text.lines() {
        let name = line.trim();
        if !name.is_empty() && seen.insert(name.to_lowercase()) {
            names.push(name.to_string());
        }
    }
    if names.len() > MAX_NAMES {
        bail!(
            "{} names: at most {MAX_NAMES} are searched at once; split the list",
            names.len()
        );
    }
    Ok(names)
}
