//! `morgue timeline QUERY`: matching articles per period, as bars, with the peaks' top titles.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::output::human;
use morgue::output::json::{self, BucketMessage, Message, TimelineMessage};
use morgue::search::timeline::{self, Bucket};
use morgue::search::Request;

use crate::cli::TimelineArgs;

/// Periods whose top article is named under the chart.
const PEAKS: usize = 3;

pub fn run(
    args: &TimelineArgs,
    index_flag: Option<PathBuf>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let (backend, dir) = super::open_backend(args.filters.engine.as_deref(), index_flag)?;
    let request = super::request(&args.query, &args.filters, &dir)?;
    let days = backend.search(&timeline::counting_days(&request))?;
    let line = timeline::of_results(&days, args.by.map(Into::into))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for b in &line.buckets {
            let message = Message::Bucket(BucketMessage {
                start: Some(b.start),
                count: b.count,
            });
            json::write_line(&mut out, &message)?;
        }
        let close = Message::Timeline(TimelineMessage {
            by: line.by.name(),
            total: line.total,
            undated: line.undated,
            relaxed: line.relaxed,
        });
        json::write_line(&mut out, &close)?;
    } else {
        // The busiest periods, each with its best article.
        let mut peaks: Vec<&Bucket> = line.buckets.iter().filter(|b| b.count > 0).collect();
        peaks.sort_by(|a, b| b.count.cmp(&a.count).then(a.start.cmp(&b.start)));
        peaks.truncate(PEAKS);
        let mut named = Vec::new();
        for peak in peaks {
            let last = line.by.next(peak.start).and_then(|d| d.previous_day());
            let within = Request {
                since: Some(peak.start),
                until: last.or(Some(peak.start)),
                limit: 1,
                all_copies: true,
                ..request.clone()
            };
            let best = backend.search(&within)?;
            named.push((*peak, best.hits.into_iter().next().and_then(|h| h.title)));
        }
        human::write_timeline(&mut out, &line, &named)?;
    }
    out.flush()?;
    if !quiet && line.undated > 0 && line.undated == line.total {
        eprintln!(
            "morgue: none of the {} matching articles has a date, so there is no timeline to draw (`morgue search` lists them)",
            line.total
        );
    } else if !quiet && line.undated > 0 {
        eprintln!(
            "morgue: {} of {} matching articles have no date and are in no bar",
            line.undated, line.total
        );
    }
    Ok(if line.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
