//! Input and index states built to break morgue, one test per defect found by trying: each
//! gets an answer or a one-line error, and nothing is lost.

use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::util::{bundled, Env};

/// A text page long enough to be an article, about `word`.
fn page(word: &str, n: usize) -> String {
    format!(
        "{word} report number {n}\n\nThe {word} board met on day {n} to discuss the dredging of the northern channel and the cost of repairs to the old quay wall, which the engineers said could no longer wait.\n"
    )
}

fn total(env: &Env, query: &str) -> u64 {
    let (_, summary, _) = env.search_json(query, &["-n", "1"]);
    summary["total"].as_u64().unwrap()
}

#[test]
fn any_date_a_user_can_type_gives_an_answer_or_exit_2() {
    let env = bundled();
    for (flag, value) in [
        ("--until", "9999"),
        ("--until", "9999-12-31"),
        ("--since", "0000"),
        ("--since", "9999-12"),
    ] {
        let out = env
            .morgue(&["search", "Putin", flag, value])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{flag} {value}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for value in ["99999", "2019-02-30", "2019-1", "soon"] {
        env.morgue(&["search", "Putin", "--until", value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--until").and(predicate::str::contains("YYYY")));
    }
}

#[test]
fn rebuild_empties_only_a_morgue_index_and_keeps_its_aliases() {
    let env = bundled();
    std::fs::write(
        env.index_dir().join("aliases.toml"),
        "Putin = [\"Путин\"]\n",
    )
    .unwrap();
    env.morgue(&["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .success();
    assert!(env.index_dir().join("aliases.toml").exists());
    env.morgue(&["search", "Путин"]).assert().success();
    // A folder holding a meta.json that morgue did not make (a thesis, another program's index).
    let thesis = env.dir.path().join("thesis");
    std::fs::create_dir_all(&thesis).unwrap();
    std::fs::write(thesis.join("meta.json"), "{}").unwrap();
    std::fs::write(thesis.join("chapter1.tex"), "precious").unwrap();
    crate::util::morgue()
        .arg("--index")
        .arg(&thesis)
        .args(["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a morgue index"));
    assert!(thesis.join("chapter1.tex").exists() && thesis.join("meta.json").exists());
}

#[test]
fn every_real_file_is_one_article_whatever_the_roots() {
    let env = Env::new();
    // Two archives whose folders share a name, and the same files under one name.
    env.write("a/news/1.txt", page("harbour", 1));
    env.write("b/news/1.txt", page("harbour", 2));
    env.morgue(&["index"])
        .arg(env.archive().join("a/news"))
        .arg(env.archive().join("b/news"))
        .assert()
        .success();
    env.morgue(&["index"])
        .arg(env.archive().join("a/news"))
        .arg(env.archive().join("b/news"))
        .assert()
        .success();
    assert_eq!(total(&env, "harbour"), 2);
    // The same folder three ways, a subfolder, a single file: still every article once.
    let root = env.archive();
    env.morgue(&["index"])
        .arg(&root)
        .arg(&root)
        .arg(root.join("a/../a"))
        .assert()
        .success();
    env.morgue(&["index", "--no-prune"])
        .arg(root.join("a"))
        .assert()
        .success();
    env.morgue(&["index", "--no-prune"])
        .arg(root.join("b/news/1.txt"))
        .assert()
        .success();
    assert_eq!(total(&env, "harbour"), 2);
}

#[test]
fn an_empty_root_keeps_its_articles_unless_asked() {
    let env = Env::new();
    for n in 0..3 {
        env.write(&format!("drive/{n}.txt"), page("harbour", n));
    }
    env.index();
    // The drive is unmounted: its folder is there, empty.
    for n in 0..3 {
        std::fs::remove_file(env.archive().join(format!("drive/{n}.txt"))).unwrap();
    }
    env.morgue(&["index"])
        .arg(env.archive().join("drive"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("holds no files")
                .and(predicate::str::contains("its 3 articles were kept"))
                .and(predicate::str::contains("--prune-empty")),
        );
    assert_eq!(total(&env, "harbour"), 3);
    env.morgue(&["index", "--prune-empty"])
        .arg(env.archive().join("drive"))
        .assert()
        .success();
    assert_eq!(total(&env, "harbour"), 0);
    // A root that is gone altogether is an error, and removes nothing.
    env.morgue(&["index"])
        .arg(env.archive().join("vanished"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn an_index_inside_the_archive_is_not_indexed() {
    let env = Env::new();
    env.write("1.txt", page("harbour", 1));
    let inside = env.archive().join("idx");
    for _ in 0..2 {
        crate::util::morgue()
            .arg("--index")
            .arg(&inside)
            .arg("index")
            .arg(env.archive())
            .assert()
            .success()
            .stderr(predicate::str::contains("skipped").not());
    }
    crate::util::morgue()
        .arg("--index")
        .arg(&inside)
        .args(["search", "--json", "harbour"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"total\":1"));
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_differ_only_in_invalid_bytes_are_two_files() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    std::fs::create_dir_all(env.archive()).unwrap();
    for (n, byte) in [0xe9u8, 0xe8].into_iter().enumerate() {
        let name = [b"caf".as_slice(), &[byte], b".txt"].concat();
        std::fs::write(
            env.archive().join(OsStr::from_bytes(&name)),
            page("harbour", n),
        )
        .unwrap();
    }
    env.index();
    let (hits, _, _) = env.search_json("harbour", &[]);
    let mut paths: Vec<&str> = hits.iter().map(|h| h["path"].as_str().unwrap()).collect();
    paths.sort();
    assert_eq!(paths.len(), 2);
    assert!(
        paths[0].ends_with("caf\\xE8.txt") && paths[1].ends_with("caf\\xE9.txt"),
        "{paths:?}"
    );
    // Nothing changed: nothing is read again.
    let out = env.index();
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 files unchanged"));
}

#[test]
fn a_corrupt_gzip_is_reported_once_and_does_not_make_its_folder_read_again() {
    let env = Env::new();
    env.write("news/good.txt", page("harbour", 1));
    env.write(
        "news/bad.txt.gz",
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3],
    );
    let first = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    assert_eq!(first.status.code(), Some(2), "a file could not be read");
    assert!(String::from_utf8_lossy(&first.stderr).contains("corrupt gzip"));
    let again = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("2 files unchanged") && !stderr.contains("corrupt"),
        "{stderr}"
    );
    assert_eq!(total(&env, "harbour"), 1);
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let env = Env::new();
    let evil = "Harbour \u{1b}]0;owned\u{7} title \u{1b}[2J\r\u{8}";
    env.write(
        "evil.json",
        serde_json::json!({
            "title": evil,
            "author": "Jane \u{1b}]52;c;ZXZpbA==\u{7}Doe",
            "publisher": "Gazette\u{9b}31m",
            "articleBody": "The harbour &#27; board \u{1b}[31mmet\u{0} on Monday to discuss the dredging of the channel.",
        })
        .to_string(),
    );
    // Escapes written as HTML entities in a saved page, and in its file name.
    env.write(
        "pages/evil\u{1b}[2J.html",
        "<html><head><title>Harbour &#27;]0;owned&#7; page</title><meta name=\"author\" content=\"Ann &#x1b;[31mLee\"></head><body><article><h1>Harbour &#27;]0;owned&#7; page</h1><p>The harbour board met on Monday &#27;[2J to discuss the dredging of the northern channel and the cost of repairs to the quay wall.</p><p>Engineers said the work could no longer wait, and the board agreed to publish the survey before the next meeting.</p></article></body></html>",
    );
    env.index();
    for args in [
        vec![
            "search",
            "harbour",
            "--color",
            "always",
            "--facets",
            "source,byline",
        ],
        vec!["search", "harbour", "--explain"],
        vec!["stats"],
    ] {
        let out = env.morgue(&args).output().unwrap();
        let shown = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&shown);
        // Colour codes are morgue's own (ESC [ … m); no other control character gets through.
        let stripped = regex_free_strip(&text);
        assert!(
            !stripped.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {stripped:?}"
        );
        if args[0] == "search" {
            assert!(text.contains("\\x1b]0;owned"), "made visible: {text}");
        }
    }
    let out = env
        .morgue(&["segment"])
        .arg(env.archive().join("evil.json"))
        .arg(env.archive().join("pages/evil\u{1b}[2J.html"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("evil\\x1b[2J.html"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}

/// The text without morgue's own SGR colour sequences (`ESC [ digits ; … m`).
fn regex_free_strip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let mut seq = String::new();
            chars.next();
            while let Some(&n) = chars.peek() {
                chars.next();
                if n == 'm' {
                    break;
                }
                seq.push(n);
            }
            if seq.chars().all(|s| s.is_ascii_digit() || s == ';') {
                continue;
            }
            out.push_str("\u{1b}[");
            out.push_str(&seq);
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(target_os = "linux")]
#[test]
fn segment_skips_devices_and_pipes_at_once() {
    let env = Env::new();
    std::fs::create_dir_all(env.archive()).unwrap();
    let fifo = make_fifo(&env.archive().join("fifo"));
    let link = env.archive().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let started = Instant::now();
    env.morgue(&["segment"])
        .arg("/dev/zero")
        .arg("/dev/urandom")
        .arg(&fifo)
        .arg(&link)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a regular file").count(4));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_huge_json_lines_record_is_skipped_and_the_others_kept() {
    use std::io::Write;
    let env = Env::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    writeln!(
        gz,
        "{{\"title\":\"Harbour one\",\"body\":\"The harbour board met.\"}}"
    )
    .unwrap();
    // 40 MB of one record, compressed to almost nothing.
    write!(gz, "{{\"title\":\"Huge\",\"body\":\"").unwrap();
    let chunk = "x".repeat(1 << 20);
    for _ in 0..40 {
        gz.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(gz, "\"}}").unwrap();
    writeln!(
        gz,
        "{{\"title\":\"Harbour two\",\"body\":\"The harbour board met again.\"}}"
    )
    .unwrap();
    env.write("feed.jsonl.gz", gz.finish().unwrap());
    let out = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped 1 record(s) over 16 MB: line 2"),
        "{stderr}"
    );
    assert_eq!(total(&env, "harbour"), 2);
}

#[test]
fn empty_filter_values_are_refused_alike() {
    let env = bundled();
    for flag in ["--source", "--byline", "--lang"] {
        env.morgue(&["search", "harbour", flag, ""])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag));
    }
}

#[test]
fn a_read_only_index_can_be_searched() {
    let env = bundled();
    let read_only = |on: bool| {
        for entry in std::fs::read_dir(env.index_dir()).unwrap() {
            let path = entry.unwrap().path();
            let mut perms = std::fs::metadata(&path).unwrap().permissions();
            perms.set_readonly(on);
            std::fs::set_permissions(&path, perms).unwrap();
        }
        let mut perms = std::fs::metadata(env.index_dir()).unwrap().permissions();
        perms.set_readonly(on);
        std::fs::set_permissions(env.index_dir(), perms).unwrap();
    };
    read_only(true);
    // Root writes through permissions (as in CI): then the folder is not read-only at all, and
    // `index::directory`'s unit test, whose directory refuses lock files, is what holds the fix.
    let probe = env.index_dir().join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        read_only(false);
        eprintln!("skipped: this user writes through read-only permissions");
        return;
    }
    let out = env.morgue(&["search", "Putin"]).output().unwrap();
    read_only(false);
    crate::util::assert_success(&out);
}

#[test]
fn a_damaged_index_is_named_with_what_to_run() {
    let env = bundled();
    std::fs::write(
        env.index_dir().join("meta.json"),
        format!("{{\"garbage\": \"{}\"", "x".repeat(100_000)),
    )
    .unwrap();
    let out = env.morgue(&["search", "Putin"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("damaged") && stderr.contains("--rebuild") && stderr.len() < 600,
        "{stderr}"
    );
}

#[test]
fn queries_keep_the_promises_the_syntax_makes() {
    let env = bundled();
    let all = total(&env, "*");
    // Exclusion alone: every article without the word.
    let out = env
        .morgue(&["search", "--json", "-n", "100", "--", "-medal"])
        .output()
        .unwrap();
    let (_, summary, code) = crate::util::parse_json_lines(&out);
    let with_medal = total(&env, "medal");
    assert_eq!(code, 0);
    assert_eq!(summary["total"].as_u64().unwrap(), all - with_medal);
    assert!(with_medal > 0 && all > with_medal);
    // A field with a phrase keeps its field.
    let (hits, _, _) = env.search_json("title:\"best friend\"", &[]);
    assert_eq!(
        crate::util::sorted_titles(&hits),
        vec![crate::util::SEED_TITLE]
    );
    assert_eq!(
        total(&env, "title:\"medal\""),
        0,
        "medal is not in any title"
    );
    let (hits, _, _) = env.search_json("source:\"Eastport Gazette\"", &["-n", "50"]);
    assert_eq!(hits.len(), 5);
    // An address, whole or in part.
    for query in [
        "url:https://gazette.example/2018/11/06/storm-closes-harbour",
        "url:gazette.example",
        "url:storm-closes-harbour",
    ] {
        let (hits, _, _) = env.search_json(query, &[]);
        assert!(
            crate::util::sorted_titles(&hits)
                .contains(&"Storm closes Eastport harbour for two days".to_string()),
            "{query}"
        );
    }
    // Any value in a field.
    let (_, summary, code) = env.search_json("title:*", &[]);
    assert_eq!((code, summary["total"].as_u64().unwrap()), (0, all));
    let (_, summary, _) = env.search_json("standfirst:*", &[]);
    assert!(summary["total"].as_u64().unwrap() < all);
    // A tilde without a count of edits is the word as written, and says so.
    let out = env
        .morgue(&["search", "--json", "harbour~-1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("takes a number of edits"), "{stderr}");
    let (_, summary, _) = crate::util::parse_json_lines(&out);
    assert_eq!(summary["total"], total(&env, "harbour"));
}

#[test]
fn did_you_mean_leaves_numbers_ranges_and_addresses_alone() {
    let env = bundled();
    let (_, summary, code) = env.search_json("harbor date:[2017 TO 2017] url:gazette.exampel", &[]);
    assert_eq!(code, 1);
    let suggestion = summary["suggestion"].as_str().unwrap_or_default();
    assert!(
        suggestion.contains("date:[2017 TO 2017]") && suggestion.contains("gazette.exampel"),
        "{suggestion}"
    );
    assert!(suggestion.starts_with("harbour "), "{suggestion}");
}

#[test]
fn dotted_capitals_are_found_without_the_dot() {
    let env = Env::new();
    env.write(
        "a.json",
        r#"{"title": "İstanbul ferries run again", "body": "Ferries across the Bosphorus in İSTANBUL ran again on Monday after the storm."}"#,
    );
    env.index();
    for query in ["istanbul", "İstanbul", "ISTANBUL"] {
        assert_eq!(total(&env, query), 1, "{query}");
    }
}

#[test]
fn a_huge_alias_group_is_capped_and_answered_at_once() {
    let env = bundled();
    let variants: Vec<String> = (0..100_000)
        .map(|i| format!("\"Putinvariant{i}\""))
        .collect();
    let file = env.dir.path().join("aliases.toml");
    std::fs::write(&file, format!("Putin = [{}]\n", variants.join(", "))).unwrap();
    let started = Instant::now();
    let out = env
        .morgue(&["search", "--json", "Putin", "--aliases"])
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("only the first 64 were searched"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    let (hits, _, _) = crate::util::parse_json_lines(&out);
    assert_eq!(hits[0]["title"], crate::util::SEED_TITLE);
}

/// `morgue segment FILE` with its address space capped at `bytes`: a page that needs more memory
/// fails the run instead of taking the machine.
#[cfg(target_os = "linux")]
fn segment_within(file: &std::path::Path, bytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let program = crate::util::morgue().get_program().to_owned();
    let mut cmd = std::process::Command::new(program);
    cmd.args(["segment", "--json"]).arg(file);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn nested_tables_and_huge_pages_stay_within_bounded_memory() {
    let env = Env::new();
    let pages = [
        // The page that took 1.24 GB: nesting that the parser re-parents, 30,000 times.
        "<div><span><b><i><table><tr><td>".repeat(30_000),
        // Rows deep inside nested tables: 11 GB before tables were capped.
        format!(
            "{}{}",
            "<div><table><tr><td>".repeat(100),
            "<tr><td>x".repeat(100_000)
        ),
        // Elements by the hundred thousand.
        format!("<div>{}</div>", "<span>word</span> ".repeat(200_000)),
    ];
    for (n, body) in pages.iter().enumerate() {
        let path = env.write(
            &format!("{n}.html"),
            format!("<html><head><title>Hostile {n}</title></head><body>{body}<p>The harbour board met on Monday to discuss the dredging of the channel.</p></body></html>"),
        );
        let out = segment_within(&path, 768 << 20);
        assert!(
            out.status.success(),
            "page {n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn pages_of_capitalised_words_and_made_up_names_are_read_quickly_with_names_capped() {
    let env = Env::new();
    // 5,000 capitalised words in one paragraph, and 100,000 made-up people in 200 paragraphs.
    let word = |i: usize| format!("Q{}x", i * 7919 % 100_003);
    let caps: Vec<String> = (0..5000).map(word).collect();
    let lists: Vec<String> = (0..200)
        .map(|p| {
            let names: Vec<String> = (0..500)
                .map(|i| format!("Mr {} {}", word(p * 500 + i), word(p * 500 + i + 1)))
                .collect();
            format!("{}.", names.join(", "))
        })
        .collect();
    env.write(
        "caps.json",
        serde_json::json!({"headline": "Capitals", "articleBody": caps.join(" ")}).to_string(),
    );
    env.write(
        "names.json",
        serde_json::json!({"headline": "Names", "articleBody": lists.join("\n\n")}).to_string(),
    );
    let out = env
        .morgue(&["segment", "--json"])
        .arg(env.archive().join("caps.json"))
        .arg(env.archive().join("names.json"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let articles = crate::util::json_lines(&out);
    assert_eq!(articles.len(), 2);
    let people = articles[1]["people"].as_array().unwrap();
    assert!(
        (500..=1000).contains(&people.len()),
        "{} people kept",
        people.len()
    );
    // Both are indexed and searchable.
    let out = env.index();
    crate::util::assert_success(&out);
    let (hits, _, _) = env.search_json("capitals", &[]);
    assert_eq!(hits.len(), 1);
}

#[test]
fn a_damaged_part_of_the_index_is_named_by_index_search_and_stats_and_rebuilt() {
    let env = bundled();
    let store = index_file(&env, "store");
    let mut bytes = std::fs::read(&store).unwrap();
    for b in bytes.iter_mut().step_by(7) {
        *b ^= 0x5a;
    }
    std::fs::write(&store, bytes).unwrap();
    let index = env.morgue(&["index"]).arg(env.archive()).output().unwrap();
    for (what, out) in [
        ("index", index),
        ("search", env.morgue(&["search", "Putin"]).output().unwrap()),
        ("stats", env.morgue(&["stats"]).output().unwrap()),
    ] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(
            stderr.contains("is damaged")
                && stderr.contains(".store cannot be read")
                && stderr.contains("morgue index --rebuild")
                && stderr.lines().count() == 1
                && !stderr.contains("IoError"),
            "{what}: {stderr}"
        );
    }
    env.morgue(&["index", "--rebuild"])
        .arg(env.archive())
        .assert()
        .success();
    env.morgue(&["search", "Putin"]).assert().success();
}

#[test]
fn a_part_gone_under_a_search_is_said_with_what_to_do() {
    let env = bundled();
    let part = index_file(&env, "idx");
    std::fs::remove_file(part).unwrap();
    env.morgue(&["search", "Putin"]).assert().code(2).stderr(
        predicate::str::contains("changed while it was being read")
            .and(predicate::str::contains("--rebuild")),
    );
}

#[cfg(target_os = "linux")]
#[test]
fn broken_links_and_odd_roots_do_not_stop_pruning_or_block() {
    let env = Env::new();
    for n in 0..3 {
        env.write(&format!("a/{n}.txt"), page("harbour", n));
    }
    env.morgue(&["index", "--follow"])
        .arg(env.archive())
        .assert()
        .success();
    let archive = env.archive();
    std::os::unix::fs::symlink("/nonexistent/target", archive.join("a/dangling.txt")).unwrap();
    std::os::unix::fs::symlink(&archive, archive.join("a/loop")).unwrap();
    std::fs::remove_file(archive.join("a/0.txt")).unwrap();
    let out = env
        .morgue(&["index", "--follow"])
        .arg(&archive)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "links are not failures: {stderr}");
    assert!(
        stderr.contains("1 removed") && stderr.contains("2 broken link"),
        "{stderr}"
    );
    assert_eq!(total(&env, "harbour"), 2);
    // A pipe given as the archive is refused at once, not opened.
    let fifo = make_fifo(&env.dir.path().join("fifo"));
    env.morgue(&["index"])
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("neither a folder nor a file"));
}

/// A named pipe at `path`.
#[cfg(target_os = "linux")]
fn make_fifo(path: &std::path::Path) -> std::path::PathBuf {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
    path.to_path_buf()
}

/// A file of the index with this extension (a part's `store`, `idx`, …).
fn index_file(env: &Env, extension: &str) -> std::path::PathBuf {
    std::fs::read_dir(env.index_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == extension))
        .unwrap()
}
