//! Entity finding speed: `extract::entities::find` over pre-segmented articles, one thread.
//!
//! MORGUE_BENCH_ARTICLES=FILE  JSON Lines of {"title", "standfirst", "body"} (the `docs.ndjson`
//!                             that `make-scale-corpus.py` writes beside its archive)
//!
//! `cargo bench --bench entities` prints articles per second and the time per article, with the
//! part spent cutting words and sentences apart from the part spent tagging.

use std::time::Instant;

use morgue::extract::entities;
use morgue::Article;

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
    for article in &articles {
        let found = entities::find(article);
        names += found.people.len() + found.orgs.len() + found.places.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} articles in {secs:.2} s: {:.0} articles/s, {:.0} µs each; {names} names",
        articles.len(),
        articles.len() as f64 / secs,
        secs / articles.len() as f64 * 1e6
    );
    Ok(())
}
