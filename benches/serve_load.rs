//! `morgue serve` under load: concurrent clients, each on its own keep-alive connection, asking
//! `/api/search` for two-word queries (10 hits with snippets), for a while; throughput, latency
//! percentiles, and the server's resident memory sampled through the run. Run by
//! `bench/serve-load.sh`, which sets:
//!
//! MORGUE_BENCH_INDEX=DIR      the index to serve
//! MORGUE_BENCH_QUERIES=FILE   queries, one JSON object a line (`{"class":"two-word","query":…}`;
//!                             only the two-word class is asked)
//! MORGUE_BENCH_CLIENTS=N      concurrent clients (default 16)
//! MORGUE_BENCH_SECONDS=S      how long the timed run lasts (default 300)
//! MORGUE_BENCH_BINARY=PATH    the morgue to serve with (default target/release/morgue)

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Deserialize)]
struct BenchQuery {
    class: String,
    query: String,
}

/// The server, killed when the bench ends.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of process `pid`, in MB.
fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let (Some(index), Some(queries)) = (
        std::env::var_os("MORGUE_BENCH_INDEX"),
        std::env::var_os("MORGUE_BENCH_QUERIES"),
    ) else {
        println!(
            "skipped: set MORGUE_BENCH_INDEX and MORGUE_BENCH_QUERIES (bench/serve-load.sh does)"
        );
        return Ok(());
    };
    let clients = env_number("MORGUE_BENCH_CLIENTS", 16) as usize;
    let seconds = env_number("MORGUE_BENCH_SECONDS", 300);
    let binary = std::env::var("MORGUE_BENCH_BINARY").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/morgue").to_string()
    });
    let text = std::fs::read_to_string(&queries)?;
    let mut paths = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let q: BenchQuery = serde_json::from_str(line)?;
        if q.class == "two-word" {
            let encoded: String = form_urlencoded::byte_serialize(q.query.as_bytes()).collect();
            paths.push(format!("/api/search?q={encoded}"));
        }
    }
    anyhow::ensure!(!paths.is_empty(), "no two-word queries in the file");

    let mut child = Command::new(&binary)
        .arg("--index")
        .arg(&index)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()?;
    let started = Instant::now();
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line)?;
    let startup = started.elapsed();
    let pid = child.id();
    let _served = Served(child);
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| anyhow::anyhow!("the server did not say where it listens: {line}"))?
        .trim_end_matches('/')
        .to_string();

    // Every query once, so that the index's pages are in memory as in a service running a while.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for p in &paths {
        let mut r = agent.get(&format!("{base}{p}")).call()?;
        r.body_mut().read_to_vec()?;
    }
    let rss_warm = rss_mb(pid);
    println!(
        "serving {} (started in {} ms), {} two-word queries, {clients} clients, {seconds} s; RSS after warm-up {rss_warm:.0} MB",
        index.to_string_lossy(),
        startup.as_millis(),
        paths.len()
    );

    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(paths);
    let timed = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let (stop, failures, paths, base) =
                (stop.clone(), failures.clone(), paths.clone(), base.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                let mut latencies: Vec<u32> = Vec::new();
                let mut i = c * 7;
                while !stop.load(Ordering::Relaxed) {
                    let url = format!("{base}{}", paths[i % paths.len()]);
                    i += 1;
                    let t = Instant::now();
                    let ok = match agent.get(&url).call() {
                        Ok(mut r) => r.status() == 200 && r.body_mut().read_to_vec().is_ok(),
                        Err(_) => false,
                    };
                    latencies.push(t.elapsed().as_micros() as u32);
                    if !ok {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut samples = Vec::new();
    while timed.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(5).min(Duration::from_secs(seconds)));
        let rss = rss_mb(pid);
        samples.push((timed.elapsed().as_secs(), rss));
        if samples.len() % 6 == 0 {
            println!("  {:>4} s  RSS {rss:.0} MB", timed.elapsed().as_secs());
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut all: Vec<u32> = Vec::new();
    for w in workers {
        all.extend(w.join().expect("a client thread"));
    }
    let elapsed = timed.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct =
        |p: f64| f64::from(all[((all.len() as f64 * p) as usize).min(all.len() - 1)]) / 1000.0;
    let rss: Vec<f64> = samples.iter().map(|s| s.1).collect();
    let first_minute = samples
        .iter()
        .filter(|s| s.0 <= 60)
        .map(|s| s.1)
        .fold(0.0, f64::max);
    println!(
        "{} searches in {elapsed:.0} s: {:.0}/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} failed",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        f64::from(*all.last().unwrap_or(&0)) / 1000.0,
        failures.load(Ordering::Relaxed)
    );
    println!(
        "server RSS: after warm-up {rss_warm:.0} MB, highest in the first minute {first_minute:.0} MB, highest {:.0} MB, at the end {:.0} MB",
        rss.iter().copied().fold(0.0, f64::max),
        rss.last().copied().unwrap_or(0.0)
    );
    Ok(())
}
