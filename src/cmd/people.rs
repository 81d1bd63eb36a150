//! `morgue people QUERY`: the people (or organisations, places) most often in the matching
//! articles, with counts and the best article naming each.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::output::human;
use morgue::output::json::{self, Message, NameMessage, SampleMessage, SummaryMessage};
use morgue::search::facets::{self, Facet};
use morgue::search::Request;

use crate::cli::PeopleArgs;

pub fn run(
    args: &PeopleArgs,
    index_flag: Option<PathBuf>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let (backend, dir) = super::open_backend(args.filters.engine.as_deref(), index_flag)?;
    let (facet, kind) = if args.orgs {
        (Facet::Org, "org")
    } else if args.places {
        (Facet::Place, "place")
    } else {
        (Facet::Person, "person")
    };
    let request = Request {
        limit: 1,
        facets: vec![facet],
        // Counts only: no copies to look up for the one hit read.
        all_copies: true,
        ..super::request(&args.query, &args.filters, &dir)?
    };
    let results = backend.search(&request)?;
    super::report_query(&results, quiet);
    let counts = results
        .facets
        .as_ref()
        .and_then(|c| c.get(&facet))
        .cloned()
        .unwrap_or_default();
    let top = facets::top(&counts, args.limit as usize);
    // The best-ranked matching article that names each one.
    let mut samples = Vec::with_capacity(top.len());
    for (name, _) in &top {
        let mut one = Request {
            limit: 1,
            facets: Vec::new(),
            ..request.clone()
        };
        match facet {
            Facet::Person => one.people.push((*name).to_string()),
            _ => {
                one.query = format!(
                    "({}) AND {kind}:\"{}\"",
                    request.query,
                    name.replace('"', " ")
                )
            }
        }
        samples.push(backend.search(&one)?.hits.into_iter().next());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for ((name, count), sample) in top.iter().zip(&samples) {
            let message = Message::Name(NameMessage {
                kind,
                name,
                count: *count,
                sample: sample.as_ref().map(SampleMessage::new),
            });
            json::write_line(&mut out, &message)?;
        }
        let elapsed_ms = (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
        let summary = Message::Summary(SummaryMessage {
            hits: top.len(),
            total: results.total,
            elapsed_ms,
            relaxed: results.relaxed,
            suggestion: results.suggestion.as_deref(),
        });
        json::write_line(&mut out, &summary)?;
    } else {
        human::write_names(&mut out, kind, &top, &samples, results.total)?;
    }
    out.flush()?;
    Ok(if top.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
