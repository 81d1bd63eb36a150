//! A tiny harness: a temporary archive and index, and the real `morgue` binary to run on them.

use std::path::{Path, PathBuf};

pub mod hostile_pages;
pub mod osmem;
pub mod server;
pub mod warc;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary folder holding an archive (`archive/`) and an index (`index/`).
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn archive(&self) -> PathBuf {
        self.dir.path().join("archive")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Write a file under the archive, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.archive().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `morgue --index <tmp>/index ARGS...`, run in the temp folder, without colour or env leaks.
    pub fn morgue(&self, args: &[&str]) -> Command {
        let mut cmd = morgue();
        cmd.current_dir(self.dir.path())
            .arg("--index")
            .arg(self.index_dir())
            .args(args);
        cmd
    }

    /// Index the archive and insist that it succeeds.
    pub fn index(&self) -> std::process::Output {
        let out = self
            .morgue(&["index"])
            .arg(self.archive())
            .output()
            .unwrap();
        assert_success(&out);
        out
    }

    /// Run `search --json QUERY EXTRA...` and parse every line.
    pub fn search_json(&self, query: &str, extra: &[&str]) -> (Vec<Value>, Value, i32) {
        let out = self
            .morgue(&["search", "--json", query])
            .args(extra)
            .output()
            .unwrap();
        parse_json_lines(&out)
    }
}

/// Start a command without waiting for it (stdout and stderr discarded).
pub trait SpawnWaiting {
    fn spawn_waiting(&mut self) -> std::process::Child;
}

impl SpawnWaiting for Command {
    fn spawn_waiting(&mut self) -> std::process::Child {
        let mut cmd = std::process::Command::new(self.get_program());
        cmd.args(self.get_args());
        if let Some(dir) = self.get_current_dir() {
            cmd.current_dir(dir);
        }
        for (key, value) in self.get_envs() {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        cmd.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts")
    }
}

/// The binary, with a clean environment for the things it reads.
pub fn morgue() -> Command {
    let mut cmd = Command::cargo_bin("morgue").unwrap();
    cmd.env_remove("MORGUE_INDEX")
        .env_remove("NO_COLOR")
        .env("TERM", "dumb");
    cmd
}

/// Hits and the summary from `search --json` output, with the exit code.
pub fn parse_json_lines(out: &std::process::Output) -> (Vec<Value>, Value, i32) {
    let stdout = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    assert!(
        lines
            .iter()
            .all(|v| ["hit", "summary", "query", "facets"]
                .contains(&v["type"].as_str().unwrap_or("")))
    );
    let (summary, rest): (Vec<Value>, Vec<Value>) =
        lines.into_iter().partition(|v| v["type"] == "summary");
    assert_eq!(summary.len(), 1, "exactly one summary line in {stdout}");
    let hits: Vec<Value> = rest.into_iter().filter(|v| v["type"] == "hit").collect();
    (
        hits,
        summary.into_iter().next().unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// Every line of a command's `--json` output, parsed.
pub fn json_lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

/// The one line of `search --json` output of type `kind` ("query", "facets").
pub fn json_line(out: &std::process::Output, kind: &str) -> Option<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("every line is JSON"))
        .find(|v| v["type"] == kind)
}

/// The `id`s of search hits, sorted.
pub fn sorted_ids(hits: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = hits
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// What each hit is, independent of where its archive lies: the path inside the archive and
/// the title, sorted. Ids name real files, so two copies of an archive have different ids; this
/// compares what two indexes hold.
pub fn sorted_articles(hits: &[Value], archive: &Path) -> Vec<String> {
    let root = archive
        .canonicalize()
        .unwrap_or_else(|_| archive.to_path_buf())
        .display()
        .to_string();
    let mut out: Vec<String> = hits
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap();
            let rel = path.strip_prefix(root.as_str()).unwrap_or(path);
            format!("{rel}#{}", h["title"].as_str().unwrap_or(""))
        })
        .collect();
    out.sort();
    out
}

/// The seed article's headline.
pub const SEED_TITLE: &str = "Xi Jinping says Vladimir Putin is his ‘best friend’";

/// An index of the bundled corpus, as the README's quickstart builds it.
pub fn bundled() -> Env {
    let env = Env::new();
    copy_tree(&bundled_corpus(), &env.archive());
    env.index();
    env
}

/// The repository's bundled corpus.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Where the shared corpora are, or `None` (with the reason printed) when they are absent.
/// With MORGUE_REQUIRE_CORPORA=1 an absent corpus fails the test instead.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("MORGUE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("MORGUE_REQUIRE_CORPORA").is_ok_and(|v| v == "1") {
        panic!("{} is missing and MORGUE_REQUIRE_CORPORA=1", path.display());
    }
    eprintln!("skipped: {} not found (set MORGUE_CORPORA)", path.display());
    None
}

/// The seed's folder (`../shared/seed`, beside the corpora), under the same rules as `shared`.
pub fn seed_dir() -> Option<PathBuf> {
    shared("../seed")
}

/// Copy a folder tree (the bundled corpus into a temp archive).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The hits' titles, sorted (an empty string for a hit without one).
pub fn sorted_titles(hits: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = hits
        .iter()
        .map(|h| h["title"].as_str().unwrap_or("").to_string())
        .collect();
    out.sort();
    out
}

/// The highlighted words of a hit's snippet for `field`, as they appear in its text.
pub fn highlighted(hit: &Value, field: &str) -> Vec<String> {
    let Some(snippet) = hit["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["field"] == field)
    else {
        return Vec::new();
    };
    let text = snippet["text"].as_str().unwrap();
    snippet["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize].to_string())
        .collect()
}

/// Fail with the command's stderr when it did not succeed.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A disk that fills up mid-run, simulated with a file-size limit on the indexer's process:
/// writes past it fail as they would on a full disk (EFBIG rather than ENOSPC; SIGXFSZ is
/// ignored so that the write fails instead of killing the process).
#[cfg(target_os = "linux")]
pub fn with_file_size_limit(cmd: &assert_cmd::Command, bytes: u64) -> std::process::Command {
    use std::os::unix::process::CommandExt;
    let mut std_cmd = std::process::Command::new(cmd.get_program());
    std_cmd
        .args(cmd.get_args())
        .current_dir(cmd.get_current_dir().expect("Env sets the folder"));
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => std_cmd.env(key, v),
            None => std_cmd.env_remove(key),
        };
    }
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        std_cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    std_cmd
}
