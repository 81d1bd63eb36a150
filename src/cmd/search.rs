//! `morgue search QUERY`: open the index, search, print hits.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use morgue::index::Index;
use morgue::output::human::{self, Palette};
use morgue::output::json::{self, FacetsMessage, HitMessage, Message, SummaryMessage};
use morgue::output::terminal::clean;
use morgue::search::aliases::{self, Aliases};
use morgue::search::facets::Facet;
use morgue::search::{self, Request, SortOrder};

use crate::cli::{ColorChoice, SearchArgs, Sort};

pub fn run(
    args: &SearchArgs,
    index_flag: Option<PathBuf>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            anyhow::bail!("--since {since} is after --until {until}: no day is in between");
        }
    }
    let mut facets: Vec<Facet> = Vec::new();
    for facet in args.facets.iter().copied().map(Facet::from) {
        if !facets.contains(&facet) {
            facets.push(facet);
        }
    }
    let request = Request {
        query: args.query.join(" "),
        limit: args.limit as usize,
        since: args.since,
        until: args.until,
        sort: match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Newest => SortOrder::Newest,
            Sort::Oldest => SortOrder::Oldest,
        },
        sources: args.source.clone(),
        bylines: args.byline.clone(),
        people: args.person.clone(),
        langs: args.lang.clone(),
        fragments: args.fragments.into(),
        recent_half_life_days: args.recent,
        facets,
        explain: args.explain,
        aliases: Aliases::default(),
    };
    let dir = super::index_dir_for_reading(index_flag)?;
    let index = Index::open(&dir)?;
    let mut request = request;
    request.aliases = load_aliases(&dir, args.aliases.as_deref())?;
    let results = search::search(&index, &request)?;
    if !quiet {
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

/// The index's own `aliases.toml` (when there is one) and the `--aliases` file (which must
/// exist), together.
fn load_aliases(index_dir: &Path, flag: Option<&Path>) -> anyhow::Result<Aliases> {
    let mut all = Aliases::default();
    let own = index_dir.join(aliases::INDEX_FILE);
    if own.exists() {
        all.merge(Aliases::load(&own)?);
    }
    if let Some(file) = flag {
        all.merge(Aliases::load(file)?);
    }
    Ok(all)
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
