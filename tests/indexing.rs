//! Indexing runs: the write lock, the pipeline's flags, and bad values for them.

use std::time::{Duration, Instant};

use crate::util::{bundled, Env, SpawnWaiting};
use predicates::prelude::*;

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
    // Searching goes on meanwhile, and --rebuild does not pull the index from under the writer.
    env.morgue(&["search", "Xi Putin"]).assert().success();
    env.morgue(&["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("before --rebuild"));
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
    crate::util::copy_tree(&crate::util::bundled_corpus(), &many.archive());
    many.morgue(&["index", "--threads", "7", "--memory", "200M"])
        .arg(many.archive())
        .assert()
        .success();
    let (hits_many, summary_many, _) =
        many.search_json("harbour OR museum OR Putin", &["-n", "100"]);
    assert_eq!(summary_one["total"], summary_many["total"]);
    assert_eq!(
        crate::util::sorted_articles(&hits_one, &one.archive()),
        crate::util::sorted_articles(&hits_many, &many.archive())
    );
    for (flag, value, says) in [
        ("--memory", "lots", "invalid value 'lots' for '--memory"),
        ("--memory", "1M", "too little"),
        ("--memory", "12Q", "a size such as 256M"),
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
    crate::util::assert_success(&out);
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

/// A text page of its own, long enough to be an article.
fn page(n: usize) -> String {
    format!(
        "Harbour report number {n}\n\nThe harbour board met on day {n} to discuss the dredging of the northern channel and the cost of repairs to the old quay wall, which the engineers said could no longer wait.\n\nMembers agreed to publish the survey results before the next meeting, number {n}, in the town hall.\n"
    )
}

/// Every article in the index, as its path in the archive and title (every page here says
/// "harbour"): comparable between copies of an archive.
fn all_articles(env: &Env) -> Vec<String> {
    let (hits, summary, _) = env.search_json("harbour", &["-n", "10000", "--all-copies"]);
    assert_eq!(hits.len() as u64, summary["total"].as_u64().unwrap());
    crate::util::sorted_articles(&hits, &env.archive())
}

/// Every article id in the index (every page here says "harbour").
fn all_ids(env: &Env) -> Vec<String> {
    let (hits, summary, _) = env.search_json("harbour", &["-n", "10000", "--all-copies"]);
    assert_eq!(hits.len() as u64, summary["total"].as_u64().unwrap());
    crate::util::sorted_ids(&hits)
}

fn summary_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find(|l| l.contains("indexed"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn re_runs_read_only_new_and_changed_files_and_remove_deleted_ones() {
    let env = Env::new();
    for n in 0..6 {
        env.write(&format!("a/{n}.txt"), page(n));
    }
    env.write("b/notes.txt", page(100));
    let first = env.index();
    assert!(
        summary_line(&first).contains("7 added"),
        "{}",
        summary_line(&first)
    );
    let again = env.index();
    let line = summary_line(&again);
    assert!(
        line.contains("0 added, 0 updated, 0 removed; 7 files unchanged"),
        "{line}"
    );
    // One changed, one new, one deleted.
    env.write("a/2.txt", page(2).replace("quay wall", "sea wall"));
    env.write("c/new.txt", page(200));
    std::fs::remove_file(env.archive().join("b/notes.txt")).unwrap();
    let line = summary_line(&env.index());
    assert!(
        line.contains("1 added") && line.contains("removed") && line.contains("1 removed"),
        "{line}"
    );
    let (hits, _, _) = env.search_json("\"sea wall\"", &[]);
    assert_eq!(hits.len(), 1);
    let (hits, _, _) = env.search_json("\"quay wall\"", &["-n", "50", "--all-copies"]);
    // Five unchanged pages and the new one say it; the changed page no longer does.
    assert_eq!(hits.len(), 6, "the old text of the changed file is gone");
    // The same as a fresh index of the archive as it now is.
    let fresh = Env::new();
    crate::util::copy_tree(&env.archive(), &fresh.archive());
    fresh.index();
    assert_eq!(all_ids(&env).len(), 7);
    // --no-prune keeps articles of deleted files; --rebuild starts again.
    std::fs::remove_file(env.archive().join("c/new.txt")).unwrap();
    env.morgue(&["index", "--no-prune"])
        .arg(env.archive())
        .assert()
        .success();
    assert_eq!(all_ids(&env).len(), 7);
    let out = env
        .morgue(&["index", "--rebuild"])
        .arg(env.archive())
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    assert!(
        summary_line(&out).contains("6 added"),
        "{}",
        summary_line(&out)
    );
    assert_eq!(all_ids(&env).len(), 6);
}

#[test]
fn an_index_of_another_schema_is_named_and_rebuilt_on_request() {
    let env = Env::new();
    env.write("a.txt", page(1));
    env.index();
    std::fs::write(env.index_dir().join("morgue-version"), "1").unwrap();
    env.morgue(&["index"])
        .arg(env.archive())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("another version").and(predicate::str::contains("--rebuild")),
        );
    env.morgue(&["search", "harbour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--rebuild"));
    env.morgue(&["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .success();
    env.morgue(&["search", "harbour"]).assert().success();
    // --rebuild never empties a folder that is not an index.
    let other = env.dir.path().join("photos");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("cat.jpg"), "meow").unwrap();
    crate::util::morgue()
        .arg("--index")
        .arg(&other)
        .args(["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a morgue index"));
    assert!(other.join("cat.jpg").exists());
}

#[test]
fn killed_at_any_moment_the_next_run_finishes_with_every_article_once() {
    let env = Env::new();
    for folder in ["x", "y", "z"] {
        for n in 0..300 {
            env.write(&format!("{folder}/{n}.txt"), page(n));
        }
    }
    let fresh = Env::new();
    crate::util::copy_tree(&env.archive(), &fresh.archive());
    let timed = Instant::now();
    fresh.index();
    let full_run = timed.elapsed();
    let want = all_articles(&fresh);
    assert_eq!(want.len(), 900);
    // Kill points spread over a run; the seed is printed so that a failure can be replayed.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    eprintln!("kill-point seed {seed}");
    let mut state = seed | 1;
    let mut interrupted = 0;
    // Four kills at least; more, sooner, while none has caught a run at work (a run timed on a
    // busy machine can outlast the runs that follow it).
    for attempt in 0..16 {
        if attempt >= 4 && interrupted > 0 {
            break;
        }
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Somewhere between 5% and 90% of a full run, halved every four attempts.
        let sooner = 0.5f64.powi(attempt / 4);
        let delay = full_run.mul_f64((0.05 + 0.85 * (state % 1000) as f64 / 1000.0) * sooner);
        let mut child = env
            .morgue(&["index", "--commit-every", "40", "--threads", "2"])
            .arg(env.archive())
            .spawn_waiting();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        // Whatever was committed opens and searches.
        if env.index_dir().join("meta.json").exists() {
            let out = env.morgue(&["search", "harbour"]).output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    assert!(
        interrupted > 0,
        "no run was killed while working; the archive is too small"
    );
    // Whether the manifest the last run starts from describes the last commit (for a failure's
    // diagnosis: a manifest behind the index makes the run replace every file it reads).
    let read = |name: &str| std::fs::read_to_string(env.index_dir().join(name)).unwrap_or_default();
    let manifest_commit = read("morgue-manifest.jsonl")
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let index_commit = serde_json::from_str::<serde_json::Value>(&read("meta.json"))
        .map(|m| m["payload"].clone())
        .unwrap_or_default();
    let last = env.index();
    eprintln!(
        "{interrupted} runs killed mid-way; then {} (manifest {manifest_commit}, index commit {index_commit})",
        summary_line(&last)
    );
    assert_eq!(all_articles(&env), want);
    // And a further run finds nothing to do.
    let line = summary_line(&env.index());
    assert!(line.contains("900 files unchanged"), "{line}");
}

#[cfg(unix)]
#[test]
fn odd_file_names_and_files_that_vanish_are_handled() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.write("ok.txt", page(1));
    let odd = env
        .archive()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9-latin1-name.txt"));
    std::fs::write(&odd, page(2)).unwrap();
    let out = env.index();
    assert!(
        summary_line(&out).contains("2 added"),
        "{}",
        summary_line(&out)
    );
    // A file deleted after a run: pruned on the next, and nothing else changes.
    std::fs::remove_file(&odd).unwrap();
    let line = summary_line(&env.index());
    assert!(
        line.contains("1 removed") && line.contains("1 files unchanged"),
        "{line}"
    );
}

/// A long page of varied words: a few of them fill a segment's files faster than the manifest.
fn long_page(n: usize) -> String {
    let words: String = (0..4000)
        .map(|i| format!("w{}x{} ", (i * 7919 + n * 104_729) % 100_003, i % 13))
        .collect();
    format!("{}\n\n{words}\n", page(n))
}

/// Fill the disk in the middle of a run of `files` pages (made by `make`): the run stops with a
/// clear message, the index keeps its last commit, and the next run finishes the job.
#[cfg(target_os = "linux")]
fn full_disk_mid_run(files: usize, make: fn(usize) -> String, limit: u64, failed_at: &str) {
    let env = Env::new();
    for n in 0..20 {
        env.write(&format!("a/{n}.txt"), page(n));
    }
    env.index();
    let before = all_ids(&env);
    for n in 0..files {
        env.write(&format!("b/{n}.txt"), make(n));
    }
    let mut index = env.morgue(&["index", "--commit-every", "50"]);
    let out = crate::util::with_file_size_limit(index.arg(env.archive()), limit)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains(&env.index_dir().display().to_string())
            && last.contains("disk")
            && last.contains("run `morgue index` again"),
        "the last line names the index and says what to do: {stderr}"
    );
    assert!(last.contains(failed_at), "failed at {failed_at}: {stderr}");
    // The index opens and holds its last commit: the first run's articles and maybe some more.
    let kept = all_ids(&env);
    assert!(before.iter().all(|id| kept.contains(id)), "{stderr}");
    assert!(
        kept.len() < files + 20,
        "the limit was hit mid-run: {stderr}"
    );
    // With room again, the next run finishes the job: every article once.
    env.index();
    let fresh = Env::new();
    crate::util::copy_tree(&env.archive(), &fresh.archive());
    fresh.index();
    assert_eq!(all_articles(&env), all_articles(&fresh));
}

#[cfg(target_os = "linux")]
#[test]
fn a_disk_full_under_the_manifest_or_a_segment_stops_the_run_and_loses_nothing() {
    // Many small files: the manifest outgrows the limit first.
    full_disk_mid_run(3000, page, 100_000, "morgue-manifest.jsonl");
    // A few long ones: a segment's files do.
    full_disk_mid_run(60, long_page, 300_000, "committing the index");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_keeps_its_articles() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.write("ok.txt", page(1));
    let locked = env.write("locked.txt", page(2));
    env.index();
    let before = all_ids(&env);
    std::fs::write(&locked, page(3)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        eprintln!("skipped: permissions do not stop this user (root) from reading files");
        return;
    }
    let out = env.index();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("locked.txt") && summary_line(&out).contains("1 unreadable"),
        "{stderr}"
    );
    // Nothing lost: the file's articles stay until it can be read again.
    assert_eq!(all_ids(&env), before);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    let line = summary_line(&env.index());
    assert!(line.contains("1 updated"), "{line}");
}

#[test]
fn a_file_that_vanishes_between_the_walk_and_the_read_is_reported_not_fatal() {
    let env = Env::new();
    for n in 0..3 {
        env.write(&format!("{n}.txt"), page(n));
    }
    let listed: Vec<_> =
        morgue::ingest::walk(&[env.archive()], &morgue::ingest::WalkOptions::default())
            .map(|item| item.expect("listed"))
            .collect();
    assert_eq!(listed.len(), 3);
    std::fs::remove_file(&listed[1].path).unwrap();
    let results = morgue::ingest::read_batch(listed);
    let (read, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    assert_eq!(read.len(), 2);
    let (file, skip) = failed.into_iter().next().unwrap().unwrap_err();
    assert!(file.path.ends_with("1.txt"));
    assert_eq!(skip.reason, morgue::ingest::SkipReason::Vanished);
    assert!(skip.detail.contains("no longer there"), "{}", skip.detail);
}
