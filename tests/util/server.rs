//! `morgue serve` started on a free port for a test, stopped when the test ends.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Stdio};

use serde_json::Value;

/// A running server; killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` and the base path, without a trailing slash.
    pub url: String,
    agent: ureq::Agent,
}

/// An answer: status, headers that matter here, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub csp: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(500)])
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Serve the index at `index` with `extra` flags, on 127.0.0.1 with a port the system picks
    /// unless they give `--bind`.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        let bind: &[&str] = if extra.contains(&"--bind") {
            &[]
        } else {
            &["--bind", "127.0.0.1:0"]
        };
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("morgue"))
            .arg("--index")
            .arg(index)
            .arg("serve")
            .args(bind)
            .args(extra)
            .env_remove("MORGUE_INDEX")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("morgue serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // The last address: the first may be the engine served (`--engine`).
        let Some(at) = line.rfind("http://") else {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            let _ = child.kill();
            panic!("morgue serve did not say where it listens: {line:?} {err}");
        };
        let url = line[at..].trim().trim_end_matches('/').to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server { child, url, agent }
    }

    /// GET `path` (which starts with `/`, after the base path).
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path)
    }

    /// A request of any method.
    pub fn request(&self, method: &str, path: &str) -> Answer {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.url)
        };
        let result = match method {
            "GET" => self.agent.get(&url).call(),
            "POST" => self.agent.post(&url).send("x"),
            "DELETE" => self.agent.delete(&url).call(),
            "PUT" => self.agent.put(&url).send("x"),
            other => panic!("no {other} in this harness"),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect::<Vec<_>>();
        let find = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let body = response
            .body_mut()
            .with_config()
            .limit(200 << 20)
            .read_to_string()
            .unwrap_or_else(|e| panic!("reading {url}: {e}"));
        Answer {
            status: response.status().as_u16(),
            content_type: find("content-type"),
            csp: find("content-security-policy"),
            body,
            headers,
        }
    }
}

impl Server {
    /// Stop the server; what it said on stderr.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            stderr.read_to_string(&mut err).ok();
        }
        err
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
