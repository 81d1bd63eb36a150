//! `morgue export`: every article once in checksummed chunks, the generated OpenSearch and
//! Quickwit configs, re-exports that write only what changed, folders it must not take and a
//! full disk, and the contract: the export loads into a server of the OpenSearch API with the
//! commands its README gives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use morgue::index::schema::DOCUMENT;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::util::osmem::Osmem;
use crate::util::server::Server;
use crate::util::{assert_success, bundled_corpus, copy_tree, Env};

/// `morgue export ARCHIVE --out OUT EXTRA...`.
fn export(env: &Env, out: &Path, extra: &[&str]) -> std::process::Output {
    env.morgue(&["export"])
        .arg(env.archive())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every article line of every run, oldest first.
fn articles(out: &Path) -> Vec<Value> {
    let manifest = read_json(&out.join("manifest.json"));
    let mut lines = Vec::new();
    for run in manifest["runs"].as_array().unwrap() {
        for chunk in run["chunks"].as_array().unwrap() {
            let text = std::fs::read_to_string(out.join(chunk["file"].as_str().unwrap())).unwrap();
            lines.extend(
                text.lines()
                    .map(|l| serde_json::from_str::<Value>(l).unwrap()),
            );
        }
    }
    lines
}

/// The ids a run lists as deleted.
fn deleted(out: &Path, run: usize) -> Vec<String> {
    let manifest = read_json(&out.join("manifest.json"));
    manifest["runs"][run]["deleted"]["file"]
        .as_str()
        .map(|f| {
            std::fs::read_to_string(out.join(f))
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A text page of its own, long enough to be an article.
fn page(n: usize) -> String {
    format!(
        "Harbour report number {n}\n\nThe harbour board met on day {n} to discuss the dredging of the northern channel and the cost of repairs to the old quay wall, which the engineers said could no longer wait.\n\nMembers agreed to publish the survey results before the next meeting, number {n}, in the town hall.\n"
    )
}

#[test]
fn an_export_holds_every_article_once_in_checksummed_chunks_of_the_documents_fields() {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    let out = env.dir.path().join("out");
    // Small chunks: the corpus's 13 articles fill several.
    let run = export(&env, &out, &["--chunk-size", "4K"]);
    assert_success(&run);
    let manifest = read_json(&out.join("manifest.json"));
    let chunks = manifest["runs"][0]["chunks"].as_array().unwrap();
    assert!(chunks.len() > 1, "{manifest}");
    let lines = articles(&out);
    assert_eq!(lines.len() as u64, manifest["articles"].as_u64().unwrap());
    // The same articles as `segment --json`, the same ids as the local index.
    let files: Vec<PathBuf> = walkdir::WalkDir::new(env.archive())
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let segmented = env
        .morgue(&["segment", "--json"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&segmented.stdout).lines().count(),
        lines.len()
    );
    env.index();
    let (hits, _, _) = env.search_json("*", &["-n", "1000", "--all-copies"]);
    let local: BTreeSet<String> = hits
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    let exported: BTreeSet<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(exported.len(), lines.len(), "each article once");
    assert_eq!(exported, local);
    // Each line: the id first, then the document's fields in order, none other.
    let names: Vec<&str> = DOCUMENT.iter().map(|f| f.name).collect();
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted_names = names.clone();
        sorted_names.sort_unstable();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_names);
    }
    let first = std::fs::read_to_string(out.join(chunks[0]["file"].as_str().unwrap())).unwrap();
    assert!(first.starts_with("{\"id\":\""), "{}", &first[..40]);
    // Checksums, in the manifest and as `sha256sum -c` reads them.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    for chunk in chunks {
        let file = chunk["file"].as_str().unwrap();
        let bytes = std::fs::read(out.join(file)).unwrap();
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(chunk["sha256"], json!(sum));
        assert_eq!(chunk["bytes"], json!(bytes.len()));
        assert!(sums.contains(&format!("{sum}  {file}\n")), "{sums}");
    }
    // The corpus's German page: its language in the manifest and a German sub-field in the
    // OpenSearch mapping.
    assert_eq!(manifest["languages"]["de"], json!(1));
    let body = read_json(&out.join("opensearch-index.json"));
    assert_eq!(
        body["mappings"]["properties"]["body"]["fields"]["de"]["analyzer"],
        "morgue_prose_de"
    );
}

#[test]
fn a_re_export_writes_only_what_changed_and_the_ids_that_are_gone() {
    let env = Env::new();
    for n in 0..5 {
        env.write(&format!("{n}.txt"), page(n));
    }
    let out = env.dir.path().join("out");
    assert_success(&export(&env, &out, &[]));
    let first = articles(&out);
    assert_eq!(first.len(), 5);
    let id_of = |lines: &[Value], file: &str| -> String {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(file))
            .map(|l| l["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    // One file changed, one gone, one new.
    env.write("1.txt", page(101));
    std::fs::remove_file(env.archive().join("2.txt")).unwrap();
    env.write("5.txt", page(5));
    let run = export(&env, &out, &[]);
    assert_success(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("1 ids deleted"), "{stderr}");
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["runs"].as_array().unwrap().len(), 2);
    assert_eq!(manifest["articles"], json!(5));
    let second: Vec<Value> = articles(&out).split_off(5);
    let mut titles: Vec<&str> = second
        .iter()
        .map(|l| l["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        ["Harbour report number 101", "Harbour report number 5"]
    );
    // The changed article keeps its id (loading it replaces the old one).
    assert_eq!(id_of(&second, "1.txt"), id_of(&first, "1.txt"));
    assert_eq!(deleted(&out, 1), [id_of(&first, "2.txt")]);
    // Nothing changed: no run is added.
    let run = export(&env, &out, &[]);
    assert_success(&run);
    assert!(String::from_utf8_lossy(&run.stderr).contains("0 new chunks"));
    let again = read_json(&out.join("manifest.json"));
    assert_eq!(again["runs"], manifest["runs"]);
}

#[test]
fn a_folder_that_is_not_an_export_is_refused() {
    let env = Env::new();
    env.write("1.txt", page(1));
    let out = env.dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "mine").unwrap();
    let run = export(&env, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("not a morgue export") && stderr.contains("empty or new folder"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "mine"
    );
    // A damaged manifest: named, nothing overwritten.
    let out = env.dir.path().join("out2");
    assert_success(&export(&env, &out, &[]));
    std::fs::write(out.join("manifest.json"), "{garbled").unwrap();
    let run = export(&env, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("manifest.json"));
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        "{garbled"
    );
    // Another export writing the folder: said, and nothing written.
    let out = env.dir.path().join("out3");
    assert_success(&export(&env, &out, &[]));
    let held = std::fs::File::open(out.join("morgue-export.lock")).unwrap();
    held.try_lock().unwrap();
    let before = std::fs::read(out.join("manifest.json")).unwrap();
    env.write("2.txt", page(2));
    let run = export(&env, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another `morgue export` is writing"));
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), before);
}

#[cfg(target_os = "linux")]
#[test]
fn a_disk_full_mid_export_stops_it_and_the_next_run_finishes_it() {
    let env = Env::new();
    for n in 0..600 {
        env.write(&format!("{n}.txt"), page(n));
    }
    let out = env.dir.path().join("out");
    let mut cmd = env.morgue(&["export", "--commit-every", "50", "--chunk-size", "20K"]);
    cmd.arg(env.archive()).arg("--out").arg(&out);
    let run = crate::util::with_file_size_limit(&cmd, 60_000)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains("disk") && last.contains("run `morgue export` again"),
        "{stderr}"
    );
    // With room again: every article once, chunks and manifest in agreement.
    assert_success(&export(&env, &out, &[]));
    let lines = articles(&out);
    let ids: BTreeSet<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["articles"], json!(600));
    // Articles written again after the stop replace their earlier lines: every id is there,
    // and the lines beyond are later copies of the same ids.
    assert_eq!(ids.len(), 600);
    let listed: BTreeSet<PathBuf> = manifest["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["chunks"].as_array().unwrap().clone())
        .map(|c| out.join(c["file"].as_str().unwrap()))
        .collect();
    for run in std::fs::read_dir(out.join("runs")).unwrap() {
        for file in std::fs::read_dir(run.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            assert!(
                listed.contains(&path) || path.ends_with("deleted.txt"),
                "{} is not listed",
                path.display()
            );
        }
    }
}

/// Quickwit's documented index config (docs/configuration/index-config.md, quickwit-oss/quickwit
/// main branch): field types, tokenizers, normalizers, record options, datetime formats.
#[test]
fn the_quickwit_config_follows_quickwits_documented_schema() {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    let out = env.dir.path().join("out");
    assert_success(&export(&env, &out, &[]));
    let text = std::fs::read_to_string(out.join("quickwit-index.yaml")).unwrap();
    let config: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let s = |v: &serde_yaml_ng::Value| v.as_str().map(str::to_string);
    const TYPES: &[&str] = &[
        "text", "i64", "u64", "f64", "datetime", "bool", "ip", "bytes", "json",
    ];
    const TOKENIZERS: &[&str] = &[
        "raw",
        "raw_lowercase",
        "default",
        "en_stem",
        "whitespace",
        "chinese_compatible",
        "lowercase",
    ];
    const RECORDS: &[&str] = &["basic", "freq", "position"];
    const NORMALIZERS: &[&str] = &["raw", "lowercase"];
    const PRECISIONS: &[&str] = &["seconds", "milliseconds", "microseconds", "nanoseconds"];
    const TEXT_KEYS: &[&str] = &[
        "name",
        "type",
        "description",
        "stored",
        "indexed",
        "tokenizer",
        "record",
        "fieldnorms",
        "fast",
    ];
    const DATE_KEYS: &[&str] = &[
        "name",
        "type",
        "description",
        "input_formats",
        "output_format",
        "stored",
        "indexed",
        "fast",
        "fast_precision",
    ];
    let id = s(&config["index_id"]).unwrap();
    assert!(
        id.len() >= 3
            && id.chars().next().unwrap().is_ascii_alphabetic()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{id}"
    );
    assert!(
        ["0.7", "0.8", "0.9"].contains(&config["version"].as_f64().unwrap().to_string().as_str())
    );
    let mapping = &config["doc_mapping"];
    assert_eq!(s(&mapping["mode"]).as_deref(), Some("strict"));
    let fields = mapping["field_mappings"].as_sequence().unwrap();
    let mut names = Vec::new();
    for field in fields {
        let name = s(&field["name"]).unwrap();
        assert!(
            name.chars().next().unwrap().is_ascii_alphabetic()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "{name}"
        );
        let ty = s(&field["type"]).unwrap();
        let base = ty
            .strip_prefix("array<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(&ty);
        assert!(TYPES.contains(&base), "{name}: {ty}");
        let keys: Vec<String> = field
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| s(k).unwrap())
            .collect();
        let allowed = if base == "datetime" {
            DATE_KEYS
        } else {
            TEXT_KEYS
        };
        assert!(
            keys.iter().all(|k| allowed.contains(&k.as_str())),
            "{name}: {keys:?}"
        );
        if let Some(t) = s(&field["tokenizer"]) {
            assert!(TOKENIZERS.contains(&t.as_str()), "{name}: {t}");
        }
        if let Some(r) = s(&field["record"]) {
            assert!(RECORDS.contains(&r.as_str()), "{name}: {r}");
        }
        match &field["fast"] {
            serde_yaml_ng::Value::Null | serde_yaml_ng::Value::Bool(_) => {}
            fast => {
                let normalizer = s(&fast["normalizer"]).unwrap();
                assert!(NORMALIZERS.contains(&normalizer.as_str()), "{name}");
            }
        }
        if base == "datetime" {
            for format in field["input_formats"].as_sequence().unwrap() {
                let f = s(format).unwrap();
                assert!(
                    ["iso8601", "rfc2822", "rfc3339", "unix_timestamp"].contains(&f.as_str())
                        || f.contains('%'),
                    "{name}: {f}"
                );
            }
            if let Some(p) = s(&field["fast_precision"]) {
                assert!(PRECISIONS.contains(&p.as_str()), "{name}: {p}");
            }
        }
        names.push((
            name,
            base.to_string(),
            field["fast"].as_bool() == Some(true),
        ));
    }
    // Every field of the document, once; the timestamp a fast datetime field.
    let mut got: Vec<&str> = names.iter().map(|(n, _, _)| n.as_str()).collect();
    got.sort_unstable();
    let mut want: Vec<&str> = DOCUMENT.iter().map(|f| f.name).collect();
    want.sort_unstable();
    assert_eq!(got, want);
    let timestamp = s(&mapping["timestamp_field"]).unwrap();
    assert!(names
        .iter()
        .any(|(n, t, fast)| *n == timestamp && t == "datetime" && *fast));
    for default in config["search_settings"]["default_search_fields"]
        .as_sequence()
        .unwrap()
    {
        let d = s(default).unwrap();
        assert!(names.iter().any(|(n, t, _)| *n == d && t == "text"), "{d}");
    }
}

/// The README's shell commands for OpenSearch, run from the export's folder against `url`.
fn load_with_readme(out: &Path, url: &str) {
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    let script = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the README gives the OpenSearch commands first");
    let run = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(out)
        .env("URL", url)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("refused"), "{stderr}");
}

#[test]
fn an_export_loads_into_an_opensearch_api_server_with_the_commands_it_writes() {
    let Some(server) = Osmem::start() else {
        return;
    };
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive().join("bundled"));
    // A few thousand Reuters articles, when the shared corpora are there.
    if let Some(reuters) = crate::util::shared("reuters-21578") {
        for name in ["reut2-000.sgm", "reut2-001.sgm"] {
            std::fs::create_dir_all(env.archive().join("reuters")).unwrap();
            std::fs::copy(reuters.join(name), env.archive().join("reuters").join(name)).unwrap();
        }
    }
    let out = env.dir.path().join("out");
    assert_success(&export(&env, &out, &[]));
    let manifest = read_json(&out.join("manifest.json"));
    let url = format!("{}/morgue", server.url);
    load_with_readme(&out, &url);
    let count = |server: &Osmem, query: Value| -> u64 {
        server.request("POST", "/morgue/_count", Some(json!({ "query": query })))["count"]
            .as_u64()
            .unwrap()
    };
    let total = manifest["articles"].as_u64().unwrap();
    assert_eq!(count(&server, json!({"match_all": {}})), total);
    // The index is the generated one: strict, its analysers in place.
    let mapping = server.request("GET", "/morgue/_mapping", None);
    assert_eq!(mapping["morgue"]["mappings"]["dynamic"], "strict");
    let analysed = server.request(
        "POST",
        "/morgue/_analyze",
        Some(json!({"analyzer": "morgue_text", "text": "Runners 习近平 Меркурия"})),
    );
    let tokens: Vec<&str> = analysed["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, ["runner", "习近", "近平", "меркур"]);
    // Filters give what the local index gives.
    env.index();
    let local_total = |query: &str, extra: &[&str]| -> u64 {
        let (_, summary, _) = env.search_json(query, extra);
        summary["total"].as_u64().unwrap()
    };
    assert_eq!(
        count(&server, json!({"term": {"lang": "de"}})),
        local_total("*", &["--lang", "de"])
    );
    assert_eq!(
        count(
            &server,
            json!({"range": {"date": {"gte": "1987-03-01", "lte": "1987-03-31"}}})
        ),
        local_total("*", &["--since", "1987-03-01", "--until", "1987-03-31"])
    );
    // A re-export after a file is removed, loaded with the same commands: its articles go.
    let gone = env.archive().join("bundled/xi-putin-best-friend.txt");
    std::fs::remove_file(&gone).unwrap();
    assert_success(&export(&env, &out, &[]));
    load_with_readme(&out, &url);
    assert_eq!(count(&server, json!({"match_all": {}})), total - 1);
    let gone_ids = deleted(&out, 1);
    assert_eq!(gone_ids.len(), 1);
    assert_eq!(count(&server, json!({"ids": {"values": gone_ids}})), 0);
}

/// `morgue index ARCHIVE --engine URL EXTRA...`, its state under the env's index folder.
fn index_into(env: &Env, url: &str, extra: &[&str]) -> std::process::Output {
    env.morgue(&["index", "--engine", url])
        .arg(env.archive())
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn index_engine_sends_every_article_and_a_re_run_only_what_changed() {
    let Some(server) = Osmem::start() else {
        return;
    };
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    let url = format!("{}/news", server.url);
    let run = index_into(&env, &url, &[]);
    assert_success(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains(&format!("into {url}")), "{stderr}");
    let count = |query: Value| -> u64 {
        server.request("POST", "/news/_count", Some(json!({ "query": query })))["count"]
            .as_u64()
            .unwrap()
    };
    // The same articles, under the same ids, as the local index holds (beside the engine's
    // state, in the same folder).
    env.index();
    let (hits, summary, _) = env.search_json("*", &["-n", "1000", "--all-copies"]);
    let total = summary["total"].as_u64().unwrap();
    assert_eq!(count(json!({"match_all": {}})), total);
    let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(count(json!({"ids": {"values": ids}})), total);
    // The German article gave the index its German sub-fields.
    let mapping = server.request("GET", "/news/_mapping", None);
    assert_eq!(
        mapping["news"]["mappings"]["properties"]["body"]["fields"]["de"]["analyzer"],
        "morgue_prose_de"
    );
    // One file changed, one gone: the next run sends those, and nothing else.
    let changed = env.archive().join("wire/grain-exports-rise.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, text.replacen("grain", "barley", 1)).unwrap();
    std::fs::remove_file(env.archive().join("xi-putin-best-friend.txt")).unwrap();
    let run = index_into(&env, &url, &[]);
    assert_success(&run);
    assert_eq!(count(json!({"match_all": {}})), total - 1);
    assert_eq!(count(json!({"match": {"title": "barley"}})), 1);
    assert_eq!(count(json!({"match": {"title": "putin"}})), 0);
    // Nothing changed: nothing sent.
    let run = index_into(&env, &url, &[]);
    assert_success(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("indexed 0 articles"), "{stderr}");
}

#[test]
fn an_engine_away_a_foreign_index_or_a_bad_address_is_said_with_the_fix() {
    let env = Env::new();
    env.write("1.txt", page(1));
    // Nothing listens on this port; the password is never shown.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = index_into(
        &env,
        &format!("http://ann:s3cret@127.0.0.1:{port}/news"),
        &[],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot reach the engine at http://127.0.0.1:{port}/news"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
    for (address, said) in [
        ("ftp://127.0.0.1/news", "http and https"),
        (
            "http://ann:s3cret@127.0.0.1:9200/a/b",
            "the index's name alone",
        ),
        ("http://127.0.0.1:9200/", "the index's name alone"),
        ("http://127.0.0.1:9200/News", "not an index name"),
        ("not a url", "http://HOST:PORT/INDEX"),
    ] {
        let run = index_into(&env, address, &[]);
        assert_eq!(run.status.code(), Some(2), "{address}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(said), "{address}: {stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
    }
    let run = env
        .morgue(&[
            "index",
            "--engine",
            "http://127.0.0.1:9200/news",
            "--rebuild",
        ])
        .arg(env.archive())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    // An index that is not morgue's is named, with the fix, and left alone.
    let Some(server) = Osmem::start() else {
        return;
    };
    let made = server.request(
        "PUT",
        "/other",
        Some(json!({"mappings": {"properties": {"x": {"type": "keyword"}}}})),
    );
    assert_eq!(made["acknowledged"], true, "{made}");
    let url = format!("{}/other", server.url);
    let run = index_into(&env, &url, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("exists with another mapping")
            && stderr.contains(&format!("curl -XDELETE {url}")),
        "{stderr}"
    );
    let mapping = server.request("GET", "/other/_mapping", None);
    assert!(mapping["other"]["mappings"]["properties"]["title"].is_null());
}

/// A proxy in front of `target` that answers 429 to the first `refusals` `_bulk` requests (or,
/// with `hang_up`, closes the connection without an answer) and passes everything else on;
/// stops with the test.
fn refusing_proxy(target: &str, refusals: usize, hang_up: bool) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let target = target.to_string();
    std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut refused = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).unwrap_or(0) == 0 {
                continue;
            }
            let mut length = 0;
            let mut kind = String::from("application/json");
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header.trim().is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap_or((&header, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "content-type" => kind = value.trim().to_string(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut parts = first.split_whitespace();
            let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
            let (status, text) = if path.contains("_bulk") && refused < refusals {
                refused += 1;
                if hang_up {
                    drop(stream);
                    continue;
                }
                (429, r#"{"error":"too many requests"}"#.to_string())
            } else {
                let url = format!("{target}{path}");
                let mut answer = match method {
                    "GET" => agent.get(&url).call(),
                    "PUT" => agent
                        .put(&url)
                        .header("Content-Type", &kind)
                        .send(&body[..]),
                    _ => agent
                        .post(&url)
                        .header("Content-Type", &kind)
                        .send(&body[..]),
                }
                .unwrap();
                (
                    answer.status().as_u16(),
                    answer.body_mut().read_to_string().unwrap(),
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    address
}

#[test]
fn an_engine_that_answers_429_or_hangs_up_is_asked_again_until_it_takes_the_articles() {
    let Some(server) = Osmem::start() else {
        return;
    };
    let env = Env::new();
    for n in 0..30 {
        env.write(&format!("{n}.txt"), page(n));
    }
    let proxy = refusing_proxy(&server.url, 2, false);
    let run = index_into(&env, &format!("{proxy}/news"), &[]);
    assert_success(&run);
    let count = server.request(
        "POST",
        "/news/_count",
        Some(json!({"query": {"match_all": {}}})),
    );
    assert_eq!(count["count"], json!(30));
    // An engine that never takes them: the run stops, saying what to do; nothing is lost.
    let proxy = refusing_proxy(&server.url, usize::MAX, false);
    env.write("30.txt", page(30));
    let started = std::time::Instant::now();
    let run = index_into(&env, &format!("{proxy}/news"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("answered 429") && stderr.contains("run again when it answers"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() >= 20, "it waited between tries");
    let run = index_into(&env, &format!("{}/news", server.url), &[]);
    assert_success(&run);
    let count = server.request(
        "POST",
        "/news/_count",
        Some(json!({"query": {"match_all": {}}})),
    );
    assert_eq!(count["count"], json!(31));
    // A connection lost mid-bulk, twice: sent again, every article once.
    env.write("31.txt", page(31));
    env.write("32.txt", page(32));
    let proxy = refusing_proxy(&server.url, 2, true);
    assert_success(&index_into(&env, &format!("{proxy}/news"), &[]));
    let count = server.request(
        "POST",
        "/news/_count",
        Some(json!({"query": {"match_all": {}}})),
    );
    assert_eq!(count["count"], json!(33));
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_way_is_finished_by_the_next_without_doubles() {
    use crate::util::SpawnWaiting;
    let Some(server) = Osmem::start() else {
        return;
    };
    let env = Env::new();
    for n in 0..2000 {
        env.write(&format!("d{}/{n}.txt", n / 100), page(n));
    }
    let url = format!("{}/news", server.url);
    let mut child = env
        .morgue(&[
            "index",
            "--engine",
            &url,
            "--commit-every",
            "100",
            "--threads",
            "1",
        ])
        .arg(env.archive())
        .spawn_waiting();
    // Killed once its first commit is written, before its last.
    let state = env.index_dir().join("engines");
    let started = std::time::Instant::now();
    let committed = || {
        walkdir::WalkDir::new(&state)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name() == "morgue-export-ids.jsonl")
    };
    while !committed() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let count = || {
        server.request(
            "POST",
            "/news/_count",
            Some(json!({"query": {"match_all": {}}})),
        )["count"]
            .as_u64()
            .unwrap()
    };
    let sent = count();
    if status.success() {
        eprintln!("the run finished before it could be killed ({sent} articles)");
    } else {
        assert!(sent < 2000, "killed mid-way: {sent}");
    }
    assert_success(&index_into(&env, &url, &[]));
    // Every article once: the ids are the documents' ids.
    assert_eq!(count(), 2000);
    env.index();
    let (hits, _, _) = env.search_json("harbour", &["-n", "10000", "--all-copies"]);
    let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    let found = server.request(
        "POST",
        "/news/_count",
        Some(json!({"query": {"ids": {"values": ids}}})),
    );
    assert_eq!(found["count"], json!(2000));
}

/// The bundled corpus without its German page: the emulator's Snowball stemmers of other
/// languages match every article (these are contract tests, not relevance ones).
fn english_corpus() -> Env {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    std::fs::remove_file(env.archive().join("pages/marktplatz-gesperrt-latin1.html")).unwrap();
    env
}

#[test]
fn search_engine_answers_as_the_local_index_does() {
    let Some(server) = Osmem::start() else {
        return;
    };
    let env = english_corpus();
    if let Some(reuters) = crate::util::shared("reuters-21578") {
        std::fs::create_dir_all(env.archive().join("reuters")).unwrap();
        for name in ["reut2-000.sgm", "reut2-001.sgm"] {
            std::fs::copy(reuters.join(name), env.archive().join("reuters").join(name)).unwrap();
        }
    }
    let url = format!("{}/news", server.url);
    assert_success(&index_into(&env, &url, &[]));
    env.index();
    let engine = |query: &str, extra: &[&str]| {
        let out = env
            .morgue(&["search", "--json", "--engine", &url, query])
            .args(extra)
            .output()
            .unwrap();
        crate::util::parse_json_lines(&out)
    };
    let queries: &[(&str, &[&str])] = &[
        ("harbour", &[]),
        ("oil prices", &[]),
        ("\"best friend\"", &[]),
        ("Putin -medal", &[]),
        ("cocoa OR coffee", &[]),
        ("title:oil", &[]),
        ("harbo*", &[]),
        ("Putni~1", &[]),
        ("*", &["--source", "Reuters"]),
        ("oil", &["--since", "1987-02-26", "--until", "1987-02-27"]),
        ("*", &["--lang", "en"]),
        ("harbour", &["--sort", "newest"]),
    ];
    for (query, extra) in queries {
        let (local_hits, local, _) = env.search_json(query, extra);
        let (engine_hits, remote, _) = engine(query, extra);
        assert_eq!(remote["total"], local["total"], "{query} {extra:?}");
        assert_eq!(engine_hits.len(), local_hits.len(), "{query} {extra:?}");
        // Every hit is an article the local index holds, with the same fields.
        for hit in &engine_hits {
            let id = hit["id"].as_str().unwrap();
            let (same, _, _) = env.search_json(&format!("id:{id}"), &[]);
            assert_eq!(same.len(), 1, "{id}");
            for field in ["path", "title", "date", "source", "people"] {
                assert_eq!(hit[field], same[0][field], "{query}: {field}");
            }
        }
    }
    // The highlights are morgue's own: the same marks as a local search's for the same article.
    let (local_hits, _, _) = env.search_json("\"best friend\"", &[]);
    let (engine_hits, _, _) = engine("\"best friend\"", &[]);
    assert_eq!(engine_hits[0]["snippets"], local_hits[0]["snippets"]);
    // Facets as aggregations: sources and years counted alike.
    let (_, _, _) = engine("oil", &["--facets", "source,year"]);
    let facet_line = |out: std::process::Output| -> Value {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|v| v["type"] == "facets")
            .unwrap()
    };
    let local = facet_line(
        env.morgue(&["search", "--json", "oil", "--facets", "source,year"])
            .output()
            .unwrap(),
    );
    let remote = facet_line(
        env.morgue(&[
            "search",
            "--json",
            "--engine",
            &url,
            "oil",
            "--facets",
            "source,year",
        ])
        .output()
        .unwrap(),
    );
    assert_eq!(remote["facets"], local["facets"]);
    // `stats` and `timeline` against the engine say what they say of the local index (the size
    // is the engine's own).
    let json_lines = |args: &[&str]| -> Vec<Value> {
        let out = env.morgue(args).output().unwrap();
        assert_success(&out);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect()
    };
    let mut local = json_lines(&["stats", "--json"]).remove(0);
    let mut remote = json_lines(&["stats", "--json", "--engine", &url]).remove(0);
    local["index_bytes"] = json!(0);
    remote["index_bytes"] = json!(0);
    assert_eq!(remote, local);
    assert_eq!(
        json_lines(&["timeline", "--json", "--engine", &url, "oil"]),
        json_lines(&["timeline", "--json", "oil"])
    );
    let people = json_lines(&["people", "--json", "--engine", &url, "oil", "-n", "3"]);
    assert!(people.iter().any(|l| l["type"] == "name"), "{people:?}");
    // A list of names is asked of the engine a name at a time: the same counts and best hits.
    // (Names written with a possessive are left out: the emulator indexes "REAGAN'S" as one
    // word but analyses a query's "Reagan's" as "reagan", where OpenSearch's standard tokenizer
    // and Snowball filter give "reagan" both ways.)
    let list = env.dir.path().join("names.txt");
    std::fs::write(&list, "Putin\n\nXi Jinping\nJames Baker\nNobody Atall\n").unwrap();
    let list = list.to_str().unwrap();
    let listed = |args: &[&str]| -> Vec<Value> {
        let out = env.morgue(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|v| v["type"] == "listed")
            .collect()
    };
    let local = listed(&["search", "--json", "--names", list]);
    let remote = listed(&["search", "--json", "--engine", &url, "--names", list]);
    assert_eq!(local.len(), 4, "{local:?}");
    assert!(local[0]["total"].as_u64().unwrap() > 0, "{local:?}");
    assert_eq!(local[3]["total"], json!(0));
    for (l, r) in local.iter().zip(&remote) {
        assert_eq!(r["name"], l["name"]);
        assert_eq!(r["total"], l["total"], "{}", l["name"]);
        assert_eq!(r["top"].is_null(), l["top"].is_null(), "{}", l["name"]);
    }
    assert_eq!(remote.len(), local.len());
    // And it is the engine that answers: one without the index is said to be so.
    let out = env
        .morgue(&["search", "--names", list, "--engine"])
        .arg(format!("{}/nothing", server.url))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no index at"));
    // What an engine does not do is said.
    let out = env
        .morgue(&["search", "--engine", &url, "oil", "--recent"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--recent is not applied by an engine"));
    // An index that is not there is named, with what to run.
    let out = env
        .morgue(&[
            "search",
            "--engine",
            &format!("{}/nothing", server.url),
            "oil",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no index at"));
}

#[test]
fn serve_engine_answers_as_serving_the_local_index_does() {
    let Some(engine) = Osmem::start() else {
        return;
    };
    let env = english_corpus();
    let url = format!("{}/news", engine.url);
    assert_success(&index_into(&env, &url, &[]));
    env.index();
    let local = Server::start(&env.index_dir(), &[]);
    let remote = Server::start(&env.index_dir(), &["--engine", &url]);
    for query in ["harbour", "council budget", "\"best friend\""] {
        let q: String = form_urlencoded::byte_serialize(query.as_bytes()).collect();
        let ask = |server: &Server| {
            let answer = server.get(&format!("/api/search?q={q}&limit=50"));
            assert_eq!(answer.status, 200, "{query}: {}", answer.body);
            answer.json()
        };
        let (mine, theirs) = (ask(&local), ask(&remote));
        assert_eq!(
            theirs["summary"]["total"], mine["summary"]["total"],
            "{query}"
        );
        // The engine ranks by its own BM25: the same articles, with the same fields.
        let by_id = |answer: &Value| -> BTreeSet<(String, String)> {
            answer["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h["id"].to_string(), h["title"].to_string()))
                .collect()
        };
        assert_eq!(by_id(&theirs), by_id(&mine), "{query}");
        // The page links to the first hit.
        let page = remote.get(&format!("/?q={q}"));
        assert_eq!(page.status, 200);
        let first = theirs["hits"][0]["id"].as_str().unwrap();
        assert!(
            page.body.contains(&format!("article/{first}")),
            "{query}: {first}"
        );
    }
    // An article read back from the engine, marked as the local index marks it.
    let hits = local.get("/api/search?q=harbour").json();
    let id = hits["hits"][0]["id"].as_str().unwrap().to_string();
    let mine = local.get(&format!("/api/article/{id}?q=harbour")).json();
    let theirs = remote.get(&format!("/api/article/{id}?q=harbour"));
    assert_eq!(theirs.status, 200, "{}", theirs.body);
    let theirs = theirs.json();
    for field in [
        "type",
        "id",
        "path",
        "title",
        "body",
        "date",
        "source",
        "highlights",
    ] {
        assert_eq!(theirs[field], mine[field], "{field}");
    }
    assert!(theirs["highlights"]["body"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| !p.as_array().unwrap().is_empty()));
    let page = remote.get(&format!("/article/{id}?q=harbour"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<mark"), "the query's words are marked");
    assert_eq!(remote.get("/api/article/no-such-id").status, 404);
    // Stats as the local index's, but for the size (the engine's own).
    let mut mine = local.get("/api/stats").json();
    let mut theirs = remote.get("/api/stats").json();
    mine["index_bytes"] = json!(0);
    theirs["index_bytes"] = json!(0);
    assert_eq!(theirs, mine);
    // An engine that is not there is said at start, not by the first request.
    let out = env
        .morgue(&["serve", "--bind", "127.0.0.1:0", "--engine"])
        .arg(format!("{}/nothing", engine.url))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no index at"));
}
