//! `osmem-server` (PyPI, an OpenSearch-API server in one static binary) started on a free
//! loopback port for a test, stopped when the test ends. Used for the export's contract with
//! the OpenSearch API, never for relevance.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// A running server; killed on drop.
pub struct Osmem {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Drop for Osmem {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's binary: `$OSMEM_SERVER_BIN`, `osmem-server` on the PATH, or the one the
/// `osmem-server` Python package bundles.
fn binary() -> Option<String> {
    if let Some(bin) = std::env::var_os("OSMEM_SERVER_BIN") {
        return Some(bin.to_string_lossy().into_owned());
    }
    let on_path = Command::new("osmem-server")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some("osmem-server".to_string());
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import osmem_server; print(osmem_server.resolve_binary())",
        ])
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !path.is_empty()).then_some(path)
}

impl Osmem {
    /// Start the server, or `None` (with the reason printed) when it is not installed; with
    /// MORGUE_REQUIRE_OSMEM=1 (set by `.ci/run`, which installs it) an absent server fails.
    pub fn start() -> Option<Osmem> {
        let Some(bin) = binary() else {
            if std::env::var("MORGUE_REQUIRE_OSMEM").is_ok_and(|v| v == "1") {
                panic!("osmem-server is not installed and MORGUE_REQUIRE_OSMEM=1 (pip install osmem-server==0.1.6)");
            }
            eprintln!("skipped: osmem-server not installed (pip install osmem-server==0.1.6)");
            return None;
        };
        let mut child = Command::new(&bin)
            .args(["-addr", "127.0.0.1:0", "-no-stdin-watch"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{bin} starts: {e}"));
        // Its first line says where it listens.
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("osmem-server says where it listens");
        let hello: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("osmem-server's first line is JSON ({e}): {line}"));
        let url = hello["url"].as_str().expect("a url").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Some(Osmem { child, url })
    }

    /// `GET`, `POST` or `PUT` (a JSON body) to `path`, and the answer's JSON.
    pub fn request(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{}{path}", self.url);
        let answer = match body {
            Some(b) if method == "PUT" => agent
                .put(&url)
                .header("Content-Type", "application/json")
                .send(b.to_string()),
            Some(b) => agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.to_string()),
            None if method == "GET" => agent.get(&url).call(),
            None => agent.post(&url).send_empty(),
        };
        let text = answer
            .expect("osmem-server answers")
            .body_mut()
            .read_to_string()
            .expect("a body");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }
}
