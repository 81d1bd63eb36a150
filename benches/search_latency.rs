//! In-process search latency: query + snippets for 10 hits, per query class, on an index built
//! by `bench/search-latency.sh` (which sets the two variables below; see BENCHMARKS.md).
//!
//! MORGUE_BENCH_INDEX=DIR     the index to search
//! MORGUE_BENCH_ALL_COPIES=1  every copy of a story a hit, as `--all-copies` (folding measured apart)
//! MORGUE_BENCH_EACH=1        also each query's median time, one line each (to compare two builds)
//! MORGUE_BENCH_QUERIES=FILE  one JSON object per line:
//!                            {"class":"two-word","query":"…","since":"YYYY","until":"YYYY","source":"…"}
//!
//! Every query runs once to warm the caches, then each `ROUNDS` times; the table gives percentiles
//! over all timed runs of a class.

use std::time::Instant;

use morgue::index::Index;
use morgue::search::request::parse_day;
use morgue::search::{self, Request};
use serde::Deserialize;

const ROUNDS: usize = 5;

// The binary's allocator (src/main.rs), so that the library is measured as `morgue` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Deserialize)]
struct BenchQuery {
    class: String,
    query: String,
    since: Option<String>,
    until: Option<String>,
    source: Option<String>,
}

fn main() -> anyhow::Result<()> {
    let (Some(index_dir), Some(queries)) = (
        std::env::var_os("MORGUE_BENCH_INDEX"),
        std::env::var_os("MORGUE_BENCH_QUERIES"),
    ) else {
        println!("skipped: set MORGUE_BENCH_INDEX and MORGUE_BENCH_QUERIES (bench/search-latency.sh does)");
        return Ok(());
    };
    // MORGUE_BENCH_ALL_COPIES=1: every copy a hit (no folding), to see what folding costs.
    let all_copies = std::env::var_os("MORGUE_BENCH_ALL_COPIES").is_some_and(|v| v == "1");
    let each = std::env::var_os("MORGUE_BENCH_EACH").is_some_and(|v| v == "1");
    let index = Index::open(index_dir.as_ref())?;
    let text = std::fs::read_to_string(&queries)?;
    let mut requests = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let q: BenchQuery = serde_json::from_str(line)?;
        let request = Request {
            query: q.query.clone(),
            limit: 10,
            fragments: 3,
            since: q.since.as_deref().and_then(|d| parse_day(d, false)),
            until: q.until.as_deref().and_then(|d| parse_day(d, true)),
            sources: q.source.into_iter().collect(),
            all_copies,
            ..Request::default()
        };
        requests.push((q.class, request));
    }
    // One untimed pass over every query first: the index's pages come into memory, as they are
    // in a running service.
    for (_, request) in &requests {
        std::hint::black_box(search::search(&index, request)?);
    }
    let mut classes: Vec<(String, Vec<f64>, usize)> = Vec::new();
    for (class, request) in &requests {
        let warm = search::search(&index, request)?;
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let results = search::search(&index, request)?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(results);
        }
        if each {
            let mut sorted = times.clone();
            sorted.sort_by(f64::total_cmp);
            println!(
                "{class}\t{:.3}\t{}",
                sorted[sorted.len() / 2],
                request.query
            );
        }
        let entry = match classes.iter_mut().position(|(c, _, _)| c == class) {
            Some(i) => &mut classes[i],
            None => {
                classes.push((class.clone(), Vec::new(), 0));
                classes.last_mut().expect("just pushed")
            }
        };
        entry.1.extend(times);
        entry.2 += usize::from(!warm.hits.is_empty());
    }
    println!(
        "{:<10} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "class", "queries", "with hits", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for (class, mut times, with_hits) in classes {
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "{:<10} {:>7} {:>9} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            class,
            times.len() / ROUNDS,
            with_hits,
            pct(0.50),
            pct(0.95),
            pct(0.99),
            times[times.len() - 1]
        );
    }
    Ok(())
}
