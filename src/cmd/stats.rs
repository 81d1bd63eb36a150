//! `morgue stats`: what the index holds.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::article::iso_date::format_date;
use morgue::engine::backend::Backend;
use morgue::output::terminal::clean;
use morgue::search::stats::Stats;

use crate::cli::StatsArgs;

/// Sources listed in text; `--json` lists them all.
const SOURCES_SHOWN: usize = 10;

pub fn run(args: &StatsArgs, index_flag: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let (backend, dir) = super::open_backend(args.engine.as_deref(), index_flag)?;
    let shown = match &backend {
        Backend::Local(_) => clean(&dir.display().to_string()).into_owned(),
        Backend::Engine(client) => client.shown(),
    };
    let stats = backend.stats()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        morgue::output::json::write_line(&mut out, &morgue::output::json::Message::Stats(&stats))?;
    } else {
        write_text(&mut out, &stats, &shown)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, s: &Stats, shown: &str) -> std::io::Result<()> {
    writeln!(out, "index      {shown}")?;
    writeln!(out, "articles   {}", s.articles)?;
    let range = match (s.date_min, s.date_max) {
        (Some(a), Some(b)) => format!("{} to {}", format_date(a), format_date(b)),
        _ => "no dated articles".to_string(),
    };
    writeln!(out, "dates      {range}")?;
    writeln!(out, "size       {}", human_bytes(s.index_bytes))?;
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    writeln!(
        out,
        "coverage   byline {} · date {} · standfirst {}",
        pct(s.coverage.byline),
        pct(s.coverage.date),
        pct(s.coverage.standfirst)
    )?;
    let mut sources: Vec<(&String, &u64)> = s.sources.iter().collect();
    sources.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let shown: Vec<String> = sources
        .iter()
        .take(SOURCES_SHOWN)
        .map(|(name, n)| format!("{} ({n})", clean(name)))
        .collect();
    let more = sources.len().saturating_sub(SOURCES_SHOWN);
    writeln!(
        out,
        "sources    {}{}",
        if shown.is_empty() {
            "none".to_string()
        } else {
            shown.join(" · ")
        },
        if more > 0 {
            format!(" · and {more} more")
        } else {
            String::new()
        }
    )
}

fn human_bytes(n: u64) -> String {
    match n {
        0..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}
