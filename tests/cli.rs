//! End-to-end tests: the real binary on small archives written here or bundled in `corpus/`.

use std::io::Write;

use crate::util::{bundled, bundled_corpus, copy_tree, highlighted, morgue, Env, SEED_TITLE};
use flate2::write::GzEncoder;
use predicates::prelude::*;

fn titles(hits: &[serde_json::Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn quickstart_search_lists_seed_first_with_both_names_highlighted() {
    let env = bundled();
    let (hits, summary, code) = env.search_json("Xi Putin", &[]);
    assert_eq!(code, 0);
    assert_eq!(hits[0]["title"], SEED_TITLE);
    assert_eq!(hits[0]["rank"], 1);
    assert!(summary["total"].as_u64().unwrap() >= 1);
    let marked = highlighted(&hits[0], "body");
    assert!(
        marked.contains(&"Xi".to_string()) && marked.contains(&"Putin".to_string()),
        "{marked:?}"
    );
}

#[test]
fn seed_queries_find_the_seed_first() {
    let env = bundled();
    for query in [
        "Putin friendship medal",
        "\"best friend\"",
        "Repnikova",
        "title:Putin",
    ] {
        let (hits, _, code) = env.search_json(query, &[]);
        assert_eq!(code, 0, "{query}");
        assert_eq!(hits[0]["title"], SEED_TITLE, "{query}");
    }
}

#[test]
fn human_output_shows_title_meta_standfirst_snippet_and_path() {
    // The people the seed names stand under it.
    bundled()
        .morgue(&["search", "Xi Putin"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("named: ").and(predicate::str::contains("Vladimir Putin")),
        );
    let env = bundled();
    env.morgue(&["search", "--color", "never", "dredging budget"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            " 1. Council budget row deepens over harbour dredging",
        ))
        .stdout(predicate::str::contains("2018-06-08 · Laura Kenning"))
        .stdout(predicate::str::contains(
            "Councillors split on whether the town or the port should pay",
        ))
        .stdout(predicate::str::contains("council-budget.txt.gz"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn colour_always_marks_highlights() {
    let env = bundled();
    env.morgue(&["search", "--color", "always", "Repnikova"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").and(predicate::str::contains("Repnikova")));
}

#[test]
fn stemmed_variants_are_highlighted() {
    let env = bundled();
    let (hits, _, _) = env.search_json("friendship", &[]);
    let marked = highlighted(&hits[0], "body");
    assert!(!marked.is_empty());
    assert!(
        marked
            .iter()
            .all(|m| m.to_lowercase().starts_with("friendship")),
        "{marked:?}"
    );
}

#[test]
fn search_without_hits_exits_1() {
    let env = bundled();
    let (hits, summary, code) = env.search_json("xylophonist", &[]);
    assert_eq!(code, 1);
    assert!(hits.is_empty());
    assert_eq!(summary["total"], 0);
}

#[test]
fn all_terms_required_then_any_term_as_fallback() {
    let env = bundled();
    let (hits, summary, _) = env.search_json("harbour Repnikova", &[]);
    // No article has both words: any-term ranking, announced on stderr.
    assert!(!hits.is_empty());
    assert!(summary["total"].as_u64().unwrap() > 1);
    env.morgue(&["search", "harbour Repnikova"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no article has all the terms"));
    let (hits, _, _) = env.search_json("harbour cranes", &[]);
    assert_eq!(
        hits.len(),
        1,
        "both words are required: {:?}",
        titles(&hits)
    );
}

#[test]
fn missing_index_is_an_error_that_says_how_to_create_one() {
    let env = Env::new();
    env.morgue(&["search", "anything"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            env.index_dir().display().to_string(),
        ))
        .stderr(predicate::str::contains("morgue index"));
    // Without --index, search looks for .morgue upwards and says where it looked.
    morgue()
        .current_dir(env.dir.path())
        .args(["search", "anything"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index found"));
}

#[test]
fn search_finds_dot_morgue_in_a_parent_folder() {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    morgue()
        .current_dir(env.dir.path())
        .args(["index", "archive"])
        .assert()
        .success();
    assert!(env.dir.path().join(".morgue").is_dir());
    morgue()
        .current_dir(env.archive().join("wire"))
        .args(["search", "--json", "grain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Eastport grain exports rise"));
}

#[test]
fn morgue_index_env_names_the_index() {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    let dir = env.dir.path().join("elsewhere");
    morgue()
        .current_dir(env.dir.path())
        .env("MORGUE_INDEX", &dir)
        .args(["index", "archive"])
        .assert()
        .success();
    assert!(dir.join("meta.json").exists());
    morgue()
        .env("MORGUE_INDEX", &dir)
        .args(["search", "ferry"])
        .assert()
        .success();
}

#[test]
fn indexing_twice_keeps_one_copy_of_each_article() {
    let env = bundled();
    let (_, before, _) = env.search_json("Eastport", &[]);
    env.index();
    let (hits, after, _) = env.search_json("Eastport", &["-n", "100"]);
    assert_eq!(before["total"], after["total"]);
    let mut ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids after re-indexing");
}

#[test]
fn article_ids_are_stable_across_rebuilds_and_unique_per_real_file() {
    let a = bundled();
    let ids = |env: &Env| {
        let (hits, _, _) = env.search_json("harbour OR ferry OR Putin", &["-n", "100"]);
        crate::util::sorted_ids(&hits)
    };
    let first = ids(&a);
    a.morgue(&["index", "--rebuild"])
        .arg(a.archive())
        .assert()
        .success();
    assert_eq!(ids(&a), first);
    // The same files elsewhere are other files: other ids, the same articles.
    let b = bundled();
    assert!(ids(&b).iter().all(|id| !first.contains(id)));
    let articles = |env: &Env| {
        let (hits, _, _) = env.search_json("harbour OR ferry OR Putin", &["-n", "100"]);
        crate::util::sorted_articles(&hits, &env.archive())
    };
    assert_eq!(articles(&a), articles(&b));
}

#[test]
fn malformed_queries_still_answer() {
    let env = bundled();
    env.morgue(&["search", "\"Xi Putin"])
        .assert()
        .success()
        .stdout(predicate::str::contains(SEED_TITLE))
        .stderr(predicate::str::contains("unmatched quote"));
    for query in [
        "title:",
        "title: Putin",
        "(Putin",
        "Putin)",
        "AND",
        "Putin AND",
        "nosuchfield:Putin",
        "-Putin",
        "\"\"",
    ] {
        let out = env.morgue(&["search", "--", query]).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{query}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn query_syntax_fields_phrases_exclusion_or() {
    let env = bundled();
    let (hits, _, _) = env.search_json("byline:Raman", &[]);
    assert_eq!(hits.len(), 2, "{:?}", titles(&hits));
    let (hits, _, _) = env.search_json("source:courier", &[]);
    assert_eq!(hits.len(), 2, "{:?}", titles(&hits));
    let (hits, _, _) = env.search_json("harbour -storm", &["-n", "50"]);
    assert!(titles(&hits).iter().all(|t| !t.contains("Storm")));
    let (hits, _, _) = env.search_json("(library OR museum) AND island", &[]);
    assert_eq!(
        titles(&hits),
        vec!["Museum returns carved panels to island church"]
    );
    let (hits, _, _) = env.search_json("\"street theatre\"", &[]);
    assert_eq!(hits.len(), 1);
}

#[test]
fn date_filters_and_sorting() {
    let env = bundled();
    let (hits, _, _) = env.search_json(
        "Eastport OR ferry OR library",
        &["--since", "2019", "--until", "2019-06", "-n", "50"],
    );
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(!dates.is_empty());
    assert!(
        dates
            .iter()
            .all(|d| ("2019-01-01".."2019-07-01").contains(d)),
        "{dates:?}"
    );
    let (hits, _, _) = env.search_json("harbour OR ferry", &["--sort", "newest", "-n", "50"]);
    let dated: Vec<&str> = hits.iter().filter_map(|h| h["date"].as_str()).collect();
    let mut sorted = dated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dated, sorted);
    let (hits, _, _) = env.search_json("harbour OR ferry", &["--sort", "oldest", "-n", "50"]);
    assert_eq!(hits[0]["date"], "2018-06-08");
}

#[test]
fn bad_dates_name_the_flag_and_exit_2() {
    let env = bundled();
    env.morgue(&["search", "harbour", "--since", "2019-13-45"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since").and(predicate::str::contains("2019-13-45")));
    env.morgue(&["search", "harbour", "--since", "2020", "--until", "2019"])
        .assert()
        .code(2);
}

#[test]
fn json_fields_are_mapped_and_dates_read() {
    let env = bundled();
    let (hits, _, _) = env.search_json("Storm closes Eastport harbour", &[]);
    let h = &hits[0];
    assert_eq!(h["title"], "Storm closes Eastport harbour for two days");
    assert_eq!(
        h["standfirst"],
        "Cranes damaged as winds reach 120 km/h; ferries cancelled until Thursday"
    );
    assert_eq!(h["byline"], serde_json::json!(["Jane Whitfield"]));
    assert_eq!(h["date"], "2018-11-06");
    assert_eq!(h["source"], "Eastport Gazette");
    assert_eq!(
        h["url"],
        "https://gazette.example/2018/11/06/storm-closes-harbour"
    );
    assert_eq!(h["format"], "json");
    let (hits, _, _) = env.search_json("fares frozen", &[]);
    assert_eq!(hits[0]["date"], "2019-01-07");
    assert_eq!(hits[0]["format"], "jsonl");
}

#[test]
fn problem_files_are_reported_once_and_the_rest_indexed() {
    let env = Env::new();
    env.write("ok/plain.txt", "Harbour lights restored\n\nThe harbour lights were restored on Monday after a week of repairs by the port's own engineers and a crew from the mainland.\n");
    env.write("bad/empty.txt", "");
    env.write(
        "bad/binary.dat",
        [0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0, 0, 0xff, 0xfe],
    );
    env.write("bad/legacy.txt", b"Caf\xe9 cr\xe8me prices rise\n\nThe price of a caf\xe9 cr\xe8me on the quay rose to three euros on Monday, the first rise in four years at the harbour caf\xe9s.\n");
    env.write(
        "bad/lines.jsonl",
        "{\"title\": \"Quay repaved\", \"body\": \"The quay was repaved over the weekend.\"}\n{not json at all\n{\"title\": \"Buoys replaced\", \"body\": \"New buoys mark the channel.\"}\n",
    );
    env.write(
        "bad/scripts-only.html",
        "<!DOCTYPE html><html><head><script>var a = '<p>not text</p>';</script></head><body><script src=app.js></script><noscript>Enable JavaScript</noscript></body></html>",
    );
    let big = "word ".repeat(10_000_000);
    env.write("bad/huge-one-line.txt", big.trim_end());
    let out = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in [
        "empty.txt",
        "binary.dat",
        "legacy.txt",
        "lines.jsonl",
        "huge-one-line.txt",
        "scripts-only.html",
    ] {
        assert_eq!(
            stderr.matches(name).count(),
            1,
            "{name} reported once in:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("line 2"),
        "the broken JSON line is named: {stderr}"
    );
    assert!(stderr.contains("indexed 4 articles"), "{stderr}");
    let (hits, _, _) = env.search_json("crème", &[]);
    assert_eq!(titles(&hits), vec!["Café crème prices rise"]);
    let (hits, _, _) = env.search_json("creme", &[]);
    assert_eq!(hits.len(), 1, "accents are optional");
    let (hits, _, _) = env.search_json("buoys OR repaved", &[]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn gzip_hidden_files_and_symlink_loops() {
    let env = Env::new();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Lighthouse keeper retires\n\nThe last keeper of the Eastport lighthouse retired on Friday after thirty-one years of climbing its hundred and twelve steps.\n").unwrap();
    env.write("a/keeper.txt.gz", gz.finish().unwrap());
    env.write(".hidden/secret.txt", "Secret lighthouse plans\n\nNobody should index this lighthouse text because it sits in a hidden folder of the archive.\n");
    env.write("a/.draft.txt", "Draft lighthouse\n\nA hidden draft about the lighthouse that must not be indexed by anyone at all.\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(env.archive(), env.archive().join("a/loop")).unwrap();
    let out = env
        .morgue(&["index", "--follow"])
        .arg(env.archive())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    assert!(String::from_utf8_lossy(&out.stderr).contains("loop"));
    let (hits, _, _) = env.search_json("lighthouse", &[]);
    assert_eq!(titles(&hits), vec!["Lighthouse keeper retires"]);
}

#[test]
fn missing_archive_is_an_error() {
    let env = Env::new();
    env.morgue(&["index", "no-such-folder"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no-such-folder")
                .and(predicate::str::contains("does not exist")),
        );
}

#[test]
fn segment_prints_fields_without_an_index() {
    let corpus = bundled_corpus();
    let out = morgue()
        .arg("segment")
        .arg("--json")
        .arg(corpus.join("wire/grain-exports-rise.txt"))
        .arg(corpus.join("exports/council-briefs.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0]["title"],
        "Eastport grain exports rise as Asian buyers return"
    );
    assert_eq!(
        lines[0]["byline"],
        serde_json::json!(["Maria Delgado", "Tom Okafor"])
    );
    assert_eq!(lines[0]["date"], "2019-03-29");
    assert_eq!(lines[0]["format"], "text");
    assert_eq!(lines[0]["body"].as_str().unwrap().split("\n\n").count(), 4);
    assert_eq!(lines[1]["byline"], serde_json::json!(["Priya Raman"]));
    assert!(lines[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("grain-exports-rise.txt"));
}

#[test]
fn closed_pipe_exits_quietly() {
    let env = bundled();
    let bin = assert_cmd::cargo::cargo_bin("morgue");
    let script = format!(
        "set -o pipefail; '{}' --index '{}' search -n 100 harbour OR ferry OR Putin | head -c 1 >/dev/null",
        bin.display(),
        env.index_dir().display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}

#[test]
fn words_close_together_and_in_the_lede_rank_first() {
    let env = Env::new();
    let filler: String = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    .iter()
    .map(|day| {
        format!("The committee met again on {day} to review the annual accounts of the port.\n\n")
    })
    .collect();
    env.write(
        "far.txt",
        format!("Annual review\n\nThe mayor spoke first at the meeting of the harbour board.\n\n{filler}Late in the evening the auditor was heard.\n"),
    );
    env.write(
        "near.txt",
        format!("Annual review\n\n{filler}Late in the evening the mayor and the auditor spoke together.\n"),
    );
    env.write(
        "lede.txt",
        format!("Quarterly notes\n\nA new pipeline will carry water to the island from next year, officials said.\n\n{filler}"),
    );
    env.write(
        "late.txt",
        format!("Quarterly notes\n\n{filler}A new pipeline will carry water to the island from next year, officials said.\n"),
    );
    env.index();
    let (hits, _, _) = env.search_json("mayor auditor", &[]);
    assert!(
        hits[0]["path"].as_str().unwrap().ends_with("near.txt"),
        "{hits:?}"
    );
    let (hits, _, _) = env.search_json("pipeline", &[]);
    assert!(
        hits[0]["path"].as_str().unwrap().ends_with("lede.txt"),
        "{hits:?}"
    );
}

#[test]
fn source_byline_and_lang_filters_narrow_any_query() {
    let env = bundled();
    let (hits, _, _) = env.search_json(
        "ferry OR museum OR library OR harbour",
        &["--source", "island courier", "-n", "50"],
    );
    assert_eq!(hits.len(), 2, "{:?}", titles(&hits));
    assert!(hits.iter().all(|h| h["source"] == "Island Courier"));
    let (hits, _, _) = env.search_json(
        "library OR cycle OR ferry",
        &["--byline", "Raman", "-n", "50"],
    );
    assert_eq!(hits.len(), 2, "{:?}", titles(&hits));
    let (hits, _, _) = env.search_json(
        "library OR cycle OR ferry",
        &["--byline", "Raman", "--byline", "Liam Byrne", "-n", "50"],
    );
    assert_eq!(hits.len(), 3, "{:?}", titles(&hits));
    // Text pages (and JSON without a language field) declare none: theirs is detected, so
    // that --lang keeps them.
    let (hits, _, _) = env.search_json("harbour", &["--lang", "en", "-n", "50"]);
    let mut found = titles(&hits);
    found.sort();
    assert_eq!(
        found,
        vec![
            "Café owners say crème brûlée sales soared after the harbour reopened",
            "Council budget row deepens over harbour dredging",
            "Eastport grain exports rise as Asian buyers return",
            "Festival brings street theatre to the harbour front",
            "Lifeboat station reopens after two-year rebuild",
            "Storm closes Eastport harbour for two days",
        ]
    );
    assert!(hits.iter().any(|h| h["format"] == "text"));
    assert!(hits.iter().any(|h| h["format"] == "json"));
    let (hits, _, code) = env.search_json("harbour", &["--source", "nonexistent outlet"]);
    assert_eq!((hits.len(), code), (0, 1));
}

#[test]
fn fragments_show_passages_for_each_term() {
    let env = bundled();
    let (hits, _, _) = env.search_json("Repnikova vodka", &["--fragments", "3"]);
    let body = hits[0]["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["field"] == "body")
        .unwrap();
    let text = body["text"].as_str().unwrap();
    assert!(text.contains(" … "), "{text}");
    let marked = highlighted(&hits[0], "body");
    assert!(
        marked.contains(&"Repnikova".to_string()) && marked.contains(&"vodka".to_string()),
        "{marked:?}"
    );
    let (hits, _, _) = env.search_json("Repnikova vodka", &["--fragments", "1"]);
    assert_eq!(highlighted(&hits[0], "body").len(), 1);
}

#[test]
fn pathological_queries_are_answered_not_crashed_on() {
    let env = bundled();
    let queries = [
        format!("{}Putin{}", "(".repeat(5000), ")".repeat(5000)),
        "a".repeat(100_000),
        (0..1000)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" "),
        format!("{}x", "NOT ".repeat(5000)),
        "\"".repeat(10_001),
        "title:(".repeat(3000),
        "[a TO b] ".repeat(1000),
    ];
    for query in &queries {
        let out = env.morgue(&["search", "--", query]).output().unwrap();
        let shown: String = query.chars().take(30).collect();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{shown}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).lines().count() <= 8,
            "{shown}: stderr floods"
        );
    }
    env.morgue(&["search", "--", &queries[0]])
        .assert()
        .success()
        .stdout(predicate::str::contains(SEED_TITLE))
        .stderr(predicate::str::contains("flattened"));
}

#[test]
fn prefix_searches_match_the_start_of_words() {
    let env = bundled();
    let (hits, _, _) = env.search_json("Repnik*", &[]);
    assert_eq!(titles(&hits), vec![SEED_TITLE]);
    let (hits, _, _) = env.search_json("title:Vlad*", &[]);
    assert_eq!(titles(&hits), vec![SEED_TITLE]);
    let (hits, _, _) = env.search_json("harbour -dredg*", &["-n", "50"]);
    assert!(!hits.is_empty() && titles(&hits).iter().all(|t| !t.contains("dredging")));
    env.morgue(&["search", "Xi*"])
        .assert()
        .success()
        .stderr(predicate::str::contains("too short a prefix"));
    env.morgue(&["search", "/.*/ Putin"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "regular expressions are not supported",
        ));
}
