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
        .output()
        .unwrap();
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
    let fifo = env.archive().join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
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
    // As root, permissions do not stop writes: the test then shows only that nothing breaks.
    let out = env.morgue(&["search", "Putin"]).output().unwrap();
    read_only(false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
