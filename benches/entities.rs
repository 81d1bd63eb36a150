//! Entity finding speed: `extract::entities::find` over pre-segmented articles, one thread.
//!
//! MORGUE_BENCH_ARTICLES=FILE  JSON Lines of {"title", "standfirst", "body"} (the `docs.ndjson`
//!                             that `make-scale-corpus.py` writes beside its archive)
//!
//! `cargo bench --bench entities` prints articles per second, the time per article, and how many
//! names were found with a checksum of them (a change meant only to be faster finds the same).

use std::hash::{Hash, Hasher};
use std::time::Instant;

use morgue::extract::entities;
use morgue::Article;

// The binary's allocator: the finder allocates names and lists per article, and glibc's malloc
// made a fifth of this bench's time, not what `morgue index` spends.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("MORGUE_BENCH_ARTICLES") else {
        eprintln!("skipped: set MORGUE_BENCH_ARTICLES to a docs.ndjson of the scale corpus");
        return Ok(());
    };
    let text = std::fs::read_to_string(&path)?;
    let articles: Vec<Article> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let field = |k: &str| v[k].as_str().map(str::to_string);
            Article {
                title: field("title"),
                standfirst: field("standfirst"),
                body: field("body")
                    .map(|b| b.split("\n\n").map(str::to_string).collect())
                    .unwrap_or_default(),
                ..Article::default()
            }
        })
        .collect();
    entities::model();
    let started = Instant::now();
    let mut names = 0usize;
    // A checksum of every list found, so that a change meant only to be faster can be seen to
    // find the same names.
    let mut checksum = rustc_hash::FxHasher::default();
    for article in &articles {
        let found = entities::find(article);
        names += found.people.len() + found.orgs.len() + found.places.len();
        found.hash(&mut checksum);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} articles in {secs:.2} s: {:.0} articles/s, {:.0} µs each; {names} names \
         (checksum {:016x})",
        articles.len(),
        articles.len() as f64 / secs,
        secs / articles.len() as f64 * 1e6,
        checksum.finish()
    );
    Ok(())
}
