//! The files an index has read: key, size, modification time and content hash, so that a re-run
//! reads only what changed.
//!
//! It is written beside the index after each commit (to a temporary file, then renamed over the
//! old one), listing only files whose articles that commit holds. A crash can leave it behind
//! the index, never ahead: a re-run then reads a few files again and replaces their articles,
//! which changes nothing, because a file's articles are always replaced as a whole.
//!
//! Its first line names the commit it describes (the token that commit carries). When the two
//! match, a file missing from the manifest has no articles in the index, and adding its articles
//! needs no delete first; when they differ (a crash between the commit and the manifest), every
//! file read is treated as possibly indexed.

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's file name in the index folder.
pub const FILE: &str = "morgue-manifest.jsonl";

/// What was known of a file when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(rename = "k")]
    pub key: String,
    #[serde(rename = "s")]
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    #[serde(rename = "m")]
    pub mtime_ns: i64,
    /// BLAKE3 of the content, hex (empty when it could not be read, or was read only in part).
    #[serde(rename = "h")]
    pub hash: String,
    /// Why the file could not be read, when it could not: it is not read again until it changes.
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// The manifest's first line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    commit: String,
}

/// Every file an index holds articles from, by archive key.
#[derive(Debug, Default)]
pub struct Manifest {
    /// The token of the index commit it describes (none in a manifest of an older morgue).
    pub commit: Option<String>,
    pub entries: HashMap<String, Entry>,
}

impl Manifest {
    /// The manifest in `index_dir`; empty when there is none yet.
    ///
    /// # Errors
    /// The file exists but cannot be read. A damaged line is skipped (its file is read again).
    pub fn load(index_dir: &Path) -> io::Result<Manifest> {
        let path = index_dir.join(FILE);
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Manifest::default()),
            Err(e) => return Err(e),
        };
        let mut manifest = Manifest::default();
        for (n, line) in io::BufReader::new(file).lines().enumerate() {
            let line = line?;
            if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                manifest.entries.insert(entry.key.clone(), entry);
            } else if n == 0 {
                manifest.commit = serde_json::from_str::<Header>(&line).ok().map(|h| h.commit);
            }
        }
        Ok(manifest)
    }

    /// Whether the file at `key` with this size and time is already indexed as it is.
    pub fn unchanged(&self, key: &str, size: u64, mtime_ns: i64) -> bool {
        self.entries
            .get(key)
            .is_some_and(|e| e.size == size && e.mtime_ns == mtime_ns && mtime_ns != 0)
    }
}

/// Write `entries` as the manifest of `index_dir` for the index commit with token `commit`,
/// replacing the old one at once (a temporary file renamed over it).
///
/// # Errors
/// The folder cannot be written (disk full included); the old manifest is then untouched.
pub fn write<'a>(
    index_dir: &Path,
    commit: &str,
    entries: impl Iterator<Item = &'a Entry>,
) -> io::Result<()> {
    let tmp = index_dir.join(format!("{FILE}.tmp"));
    let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
    serde_json::to_writer(
        &mut out,
        &Header {
            commit: commit.to_string(),
        },
    )?;
    out.write_all(b"\n")?;
    for entry in entries {
        serde_json::to_writer(&mut out, entry)?;
        out.write_all(b"\n")?;
    }
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    fs::rename(&tmp, index_dir.join(FILE))
}

/// BLAKE3 of a file's content, hex.
///
/// # Errors
/// The file cannot be read.
pub fn hash_file(path: &Path) -> io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(fs::File::open(path)?)?;
    Ok(hasher.finalize().to_hex()[..32].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_and_loaded_alike_and_damaged_lines_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        for (k, s) in [("a/b.txt", 3), ("a/odd\tname\n.json", 9)] {
            m.entries.insert(
                k.to_string(),
                Entry {
                    key: k.to_string(),
                    size: s,
                    mtime_ns: 42,
                    hash: "ab".into(),
                    failed: (s == 9).then(|| "unreadable".to_string()),
                },
            );
        }
        write(dir.path(), "c1", m.entries.values()).unwrap();
        let back = Manifest::load(dir.path()).unwrap();
        assert_eq!(back.entries, m.entries);
        assert_eq!(back.commit.as_deref(), Some("c1"));
        assert!(back.unchanged("a/b.txt", 3, 42));
        assert!(!back.unchanged("a/b.txt", 4, 42));
        assert!(!back.unchanged("missing", 3, 42));
        let mut text = fs::read_to_string(dir.path().join(FILE)).unwrap();
        text.push_str("{\"k\": broken\n");
        fs::write(dir.path().join(FILE), text).unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap().entries.len(), 2);
        assert!(Manifest::load(&dir.path().join("none"))
            .unwrap()
            .entries
            .is_empty());
    }
}
