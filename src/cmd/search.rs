//! `morgue search QUERY`: open the index, search, print hits.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use morgue::output::human::{self, Palette};
use morgue::output::json::{self, FacetsMessage, HitMessage, Message, SummaryMessage};
use morgue::output::terminal::clean;
use morgue::search::facets::Facet;
use morgue::search::{Request, SortOrder};

use super::names;
use crate::cli::{ColorChoice, SearchArgs, Sort};

pub fn run(
    args: &SearchArgs,
    index_flag: Option<PathBuf>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut facets: Vec<Facet> = Vec::new();
    for facet in args.facets.iter().copied() {
        if !facets.contains(&facet) {
            facets.push(facet);
        }
    }
    let (backend, dir) = super::open_backend(args.filters.engine.as_deref(), index_flag)?;
    if let Some(file) = &args.names {
        return names::run(args, file, &backend, &dir, started);
    }
    let request = Request {
        limit: args.limit as usize,
        sort: match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Newest => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        fragments: args.fragments.into(),
        recent_half_life_days: args.recent,
        facets,
        explain: args.explain,
        all_copies: args.all_copies,
        ..super::request(&args.query, &args.filters, &dir)?
    };
    let results = backend.search(&request)?;
    super::report_query(&results, quiet);
    if !quiet {
        if let Some(suggestion) = &results.suggestion {
            eprintln!(
                "morgue: no article matches; did you mean: {}",
                clean(suggestion)
            );
        }
    }

    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let cwd = std::env::current_dir().unwrap_or_default();
    if args.json {
        if args.explain {
            json::write_line(&mut out, &Message::Query(&results.plan))?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            json::write_line(&mut out, &Message::Hit(HitMessage::new(i + 1, hit)))?;
        }
        if let Some(counts) = &results.facets {
            json::write_line(&mut out, &Message::Facets(FacetsMessage::new(counts)))?;
        }
        let elapsed_ms = (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
        json::write_line(
            &mut out,
            &Message::Summary(SummaryMessage {
                hits: results.hits.len(),
                total: results.total,
                elapsed_ms,
                relaxed: results.relaxed,
                suggestion: results.suggestion.as_deref(),
            }),
        )?;
    } else {
        let palette = if use_colour(args.color, tty) {
            Palette::coloured()
        } else {
            Palette::plain()
        };
        if args.explain {
            human::write_plan(&mut out, &results.plan)?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            let mut shown = hit.clone();
            // Paths under the current folder are shown relative to it, as the user typed them.
            if let Ok(rel) = std::path::Path::new(&hit.path).strip_prefix(&cwd) {
                shown.path = rel.display().to_string();
            }
            human::write_hit(&mut out, i + 1, &shown, &palette)?;
            if tty {
                out.flush()?;
            }
        }
        if let Some(counts) = &results.facets {
            human::write_facets(&mut out, counts, results.total)?;
        }
        if !quiet {
            out.flush()?;
            eprintln!(
                "morgue: {} of {} matching articles in {:.1} ms",
                results.hits.len(),
                results.total,
                started.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    out.flush()?;
    Ok(if results.hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Colour only where a person will see it: a terminal, NO_COLOR unset, TERM not "dumb".
fn use_colour(choice: ColorChoice, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}
