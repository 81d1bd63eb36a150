//! Segmentation measured on the shared corpora (read in place, never copied into the repo).
//! Each test skips with a printed reason when its corpus is absent, and fails instead when
//! MORGUE_REQUIRE_CORPORA=1.

mod util;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use morgue::ingest::{self, SourceFile};
use serde_json::Value;

#[test]
fn seed_segments_exactly_as_expected() {
    let Some(seed) = util::seed_dir() else { return };
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(seed.join("xi-putin-best-friend.expected.json")).unwrap(),
    )
    .unwrap();
    let out = util::morgue()
        .args(["segment", "--json"])
        .arg(seed.join("xi-putin-best-friend.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["title"], expected["title"]);
    assert_eq!(got["standfirst"], expected["standfirst"]);
    assert_eq!(got["byline"], expected["byline"]);
    assert_eq!(got["date"], expected["date"]);
    let paragraphs: Vec<&str> = got["body"].as_str().unwrap().split("\n\n").collect();
    let want: Vec<&str> = expected["body_paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(paragraphs, want);
    let body = got["body"].as_str().unwrap();
    for line in expected["not_in_body"].as_array().unwrap() {
        assert!(
            !body.contains(line.as_str().unwrap()),
            "boilerplate in body: {line}"
        );
    }
    // The bundled copy is the same page.
    let bundled = std::fs::read(util::bundled_corpus().join("xi-putin-best-friend.txt")).unwrap();
    assert_eq!(
        bundled,
        std::fs::read(seed.join("xi-putin-best-friend.txt")).unwrap()
    );
}

#[test]
fn bbc_titles_are_all_the_first_line() {
    let Some(root) = util::shared("bbc-news-2225") else {
        return;
    };
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".txt") && name != "README.TXT" {
            by_folder
                .entry(entry.path().parent().unwrap().to_path_buf())
                .or_default()
                .push(entry.into_path());
        }
    }
    let (mut right, mut wrong) = (0, Vec::new());
    for files in by_folder.values() {
        let batch = files
            .iter()
            .map(|p| {
                let file = SourceFile {
                    path: p.clone(),
                    key: p.display().to_string(),
                    size: 0,
                };
                (file, ingest::load(p).expect("BBC files load"))
            })
            .collect();
        for result in ingest::segment_batch(batch) {
            let found = result.expect("every BBC file has an article");
            let text = std::fs::read(&found.file.path).unwrap();
            let text = String::from_utf8_lossy(&text);
            let first = text.lines().next().unwrap().trim();
            let title = found.articles[0].1.title.clone().unwrap_or_default();
            if title.trim() == first.trim_end_matches('\u{fffd}') || title == first {
                right += 1;
            } else {
                wrong.push(format!(
                    "{}: {title:?} != {first:?}",
                    found.file.path.display()
                ));
            }
        }
    }
    assert_eq!(right + wrong.len(), 2225);
    assert!(
        wrong.is_empty(),
        "{} wrong titles:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The benchmark's text dumps scored by the shared tool; the floor sits a little under the
/// figure in BENCHMARKS.md so that a real regression fails while noise does not.
#[test]
fn benchmark_text_dumps_body_f1() {
    let Some(data) = util::shared("article-extraction-benchmark-dev") else {
        return;
    };
    let tool = data.join("../../tools/score-segmentation.py");
    if Command::new("python3").arg("--version").output().is_err() || !tool.exists() {
        assert!(
            std::env::var("MORGUE_REQUIRE_CORPORA").is_err(),
            "python3 and {} are needed",
            tool.display()
        );
        eprintln!("skipped: python3 or {} missing", tool.display());
        return;
    }
    let bin = env!("CARGO_BIN_EXE_morgue");
    let out = Command::new("python3")
        .arg(&tool)
        .args(["zyte"])
        .arg(&data)
        .args([
            "--input",
            "text",
            "--with-standfirst",
            "--json",
            "--cmd",
            &format!("{bin} segment --json"),
        ])
        .output()
        .unwrap();
    util::assert_success(&out);
    let metrics: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f1 = metrics["f1"].as_f64().unwrap();
    eprintln!("benchmark text dumps: body F1 {f1:.3}");
    assert_eq!(metrics["failures"], 0);
    assert!(f1 >= 0.89, "body F1 {f1:.3} fell below 0.89");
}
