//! Indexing runs: the write lock, the pipeline's flags, and bad values for them.

mod util;

use std::time::{Duration, Instant};

use predicates::prelude::*;
use util::{bundled, Env, SpawnWaiting};

/// Another writer holds the index (as a running `morgue index` would).
fn hold_lock(env: &Env) -> morgue::index::Writer {
    let index = morgue::index::Index::open(&env.index_dir()).unwrap();
    index.writer(1, 15_000_000).expect("the lock is free")
}

#[test]
fn a_second_indexer_fails_at_once_or_waits_with_wait() {
    let env = bundled();
    let held = hold_lock(&env);
    let started = Instant::now();
    env.morgue(&["index"])
        .arg(env.archive())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("another `morgue index` is writing")
                .and(predicate::str::contains("--wait")),
        );
    assert!(started.elapsed() < Duration::from_secs(10), "fails at once");
    // Searching goes on meanwhile.
    env.morgue(&["search", "Xi Putin"]).assert().success();
    // With --wait it starts once the other writer is done.
    let mut waiting = env
        .morgue(&["index", "--wait"])
        .arg(env.archive())
        .spawn_waiting();
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "still waiting while the lock is held"
    );
    drop(held);
    let status = waiting.wait().unwrap();
    assert!(status.success());
    env.morgue(&["search", "Xi Putin"]).assert().success();
}

#[test]
fn threads_and_memory_flags_are_checked_and_any_count_gives_the_same_index() {
    let one = bundled();
    let (hits_one, summary_one, _) = one.search_json("harbour OR museum OR Putin", &["-n", "100"]);
    let many = Env::new();
    util::copy_tree(&util::bundled_corpus(), &many.archive());
    many.morgue(&["index", "--threads", "7", "--memory", "200M"])
        .arg(many.archive())
        .assert()
        .success();
    let (hits_many, summary_many, _) =
        many.search_json("harbour OR museum OR Putin", &["-n", "100"]);
    assert_eq!(summary_one["total"], summary_many["total"]);
    let ids = |hits: &[serde_json::Value]| {
        let mut ids: Vec<String> = hits
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&hits_one), ids(&hits_many));
    for (flag, value, says) in [
        ("--memory", "lots", "invalid size \"lots\" for --memory"),
        ("--memory", "1M", "too little"),
        ("--memory", "12Q", "invalid size"),
        ("--threads", "0", "--threads"),
    ] {
        many.morgue(&["index", flag, value])
            .arg(many.archive())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

#[test]
fn stats_say_what_the_index_holds() {
    let env = bundled();
    let out = env.morgue(&["stats", "--json"]).output().unwrap();
    util::assert_success(&out);
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (_, summary, _) = env.search_json("harbour OR Putin OR the OR a", &["-n", "1"]);
    assert!(stats["articles"].as_u64().unwrap() >= summary["total"].as_u64().unwrap());
    assert_eq!(stats["sources"]["Eastport Gazette"], 5);
    assert!(stats["date_min"].as_str().unwrap() <= stats["date_max"].as_str().unwrap());
    assert!(stats["index_bytes"].as_u64().unwrap() > 1000);
    for field in ["byline", "date", "standfirst"] {
        let share = stats["coverage"][field].as_f64().unwrap();
        assert!(share > 0.0 && share < 1.0, "{field}: {share}");
    }
    env.morgue(&["stats"]).assert().success().stdout(
        predicate::str::contains("articles").and(predicate::str::contains("Eastport Gazette (5)")),
    );
    Env::new()
        .morgue(&["stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index at"));
}
