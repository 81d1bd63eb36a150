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
//!
//! A million files make a manifest of a hundred megabytes: a run keeps in memory only what it
//! looks up per file (40 bytes: a hash of the key, size, time, a hash of the content), and
//! streams the entries themselves from disk when it writes the next manifest: the manifest as
//! it was loaded ([`Manifest::pin`] keeps it under another name while commits replace it), and
//! the entries this run wrote (a [`Spill`] file).

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The manifest's file name in the index folder.
pub const FILE: &str = "morgue-manifest.jsonl";
/// The manifest as a run loaded it, kept while the run's commits replace [`FILE`].
const PINNED: &str = "morgue-manifest.jsonl.old";
/// The entries a run has committed so far (see [`Spill`]).
const SPILL: &str = "morgue-manifest.jsonl.run";

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

/// A file's key as a run remembers it: 64 bits of SipHash (two keys of a million share one with
/// odds of one in thirty million; the cost of it is a file read again, or not read once).
pub fn key_hash(key: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// 64 bits of a content hash as [`Entry::hash`] writes it; `None` when it is empty (unknown).
fn content_bits(hex: &str) -> Option<u64> {
    hex.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok())
}

/// What a run looks up of a file the manifest lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub size: u64,
    pub mtime_ns: i64,
    /// The first 64 bits of the content hash, when known.
    content: Option<u64>,
    /// The file could not be read when it was last tried.
    pub failed: bool,
}

impl Known {
    fn of(entry: &Entry) -> Known {
        Known {
            size: entry.size,
            mtime_ns: entry.mtime_ns,
            content: content_bits(&entry.hash),
            failed: entry.failed.is_some(),
        }
    }

    /// Whether the file's content hashed to `hash` (an [`Entry::hash`]) when it was read.
    pub fn same_content(&self, hash: &str) -> bool {
        self.content.is_some() && self.content == content_bits(hash)
    }
}

/// Every file an index holds articles from: looked up in memory by key, read from disk in full.
#[derive(Debug, Default)]
pub struct Manifest {
    /// The token of the index commit it describes (none in a manifest of an older morgue).
    pub commit: Option<String>,
    /// By [`key_hash`], sorted, each key once.
    known: Vec<(u64, Known)>,
    /// Where the entries are read from: the manifest file (or its pinned copy).
    source: Option<PathBuf>,
    /// Entries added since loading (see [`Manifest::add_read_in_part`]).
    added: Vec<Entry>,
}

impl Manifest {
    /// The manifest in `index_dir`; empty when there is none yet.
    ///
    /// # Errors
    /// The file exists but cannot be read. A damaged line is skipped (its file is read again).
    pub fn load(index_dir: &Path) -> io::Result<Manifest> {
        let path = index_dir.join(FILE);
        let mut manifest = Manifest::default();
        let Some(lines) = lines_of(&path)? else {
            return Ok(manifest);
        };
        for (n, line) in lines.enumerate() {
            let line = line?;
            if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                manifest
                    .known
                    .push((key_hash(&entry.key), Known::of(&entry)));
            } else if n == 0 {
                manifest.commit = serde_json::from_str::<Header>(&line).ok().map(|h| h.commit);
            }
        }
        manifest.source = Some(path);
        manifest.settle();
        Ok(manifest)
    }

    /// Sort `known` by key, the last entry of a key standing (as a map's insert would).
    fn settle(&mut self) {
        // Stable: entries of one key stay in the order read.
        self.known.sort_by_key(|(k, _)| *k);
        let mut settled: Vec<(u64, Known)> = Vec::with_capacity(self.known.len());
        for (key, known) in self.known.drain(..) {
            match settled.last_mut() {
                Some(last) if last.0 == key => last.1 = known,
                _ => settled.push((key, known)),
            }
        }
        self.known = settled;
    }

    /// What the manifest says of the file at `key`.
    pub fn get(&self, key: &str) -> Option<&Known> {
        let hash = key_hash(key);
        self.known
            .binary_search_by_key(&hash, |(k, _)| *k)
            .ok()
            .map(|at| &self.known[at].1)
    }

    /// Whether the manifest lists the file at `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Files listed.
    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// The [`key_hash`]es of the files listed.
    pub fn key_hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.known.iter().map(|(k, _)| *k)
    }

    /// Whether the file at `key` with this size and time is already indexed as it is.
    pub fn unchanged(&self, key: &str, size: u64, mtime_ns: i64) -> bool {
        self.get(key)
            .is_some_and(|e| e.size == size && e.mtime_ns == mtime_ns && mtime_ns != 0)
    }

    /// List the files at `keys` that the manifest does not know as read in part (size and time
    /// 0, no hash): each is read again, and its articles replaced, when the walk finds it.
    pub fn add_read_in_part(&mut self, keys: impl IntoIterator<Item = String>) {
        // `known` stays sorted (for `contains`) until the new ones join it at the end; a lost
        // manifest can leave every file of the index to add, so no list is searched in turn.
        let mut fresh: Vec<(u64, Known)> = Vec::new();
        let mut fresh_keys: std::collections::HashSet<u64> = std::collections::HashSet::new();
        for key in keys {
            let hash = key_hash(&key);
            if self.contains(&key) || !fresh_keys.insert(hash) {
                continue;
            }
            let entry = Entry {
                key,
                size: 0,
                mtime_ns: 0,
                hash: String::new(),
                failed: None,
            };
            fresh.push((hash, Known::of(&entry)));
            self.added.push(entry);
        }
        self.known.extend(fresh);
        self.settle();
    }

    /// Keep the manifest as loaded under another name, so that [`Manifest::entries`] still
    /// reads it after commits have replaced the manifest file (a hard link: no copy).
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn pin(&mut self) -> io::Result<()> {
        let Some(source) = &self.source else {
            return Ok(());
        };
        let pinned = source.with_file_name(PINNED);
        match fs::remove_file(&pinned) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        if fs::hard_link(source, &pinned).is_err() {
            // A file system without hard links.
            fs::copy(source, &pinned)?;
        }
        self.source = Some(pinned);
        Ok(())
    }

    /// Forget the pinned copy (at the end of a run). A copy left by a run that stopped is
    /// replaced by the next run's.
    pub fn unpin(&self) {
        if let Some(source) = &self.source {
            if source.file_name().is_some_and(|n| n == PINNED) {
                let _ = fs::remove_file(source);
            }
        }
    }

    /// Copy the entries into `out` (those added since loading included), but those whose key
    /// `leave_out` says.
    ///
    /// # Errors
    /// The manifest cannot be read again, or `out` written.
    pub fn copy_to(&self, out: &mut Writer, leave_out: Filter) -> io::Result<()> {
        if let Some(path) = &self.source {
            copy_lines(path, out, leave_out)?;
        }
        for entry in &self.added {
            if !leave_out.is_some_and(|f| f(&entry.key)) {
                out.entry(entry)?;
            }
        }
        Ok(())
    }

    /// Every entry, read from disk (damaged lines skipped, as [`Manifest::load`] skips them),
    /// then those added since.
    ///
    /// # Errors
    /// The manifest cannot be read again.
    pub fn entries(&self) -> io::Result<impl Iterator<Item = io::Result<Entry>> + '_> {
        let lines = match &self.source {
            Some(path) => lines_of(path)?,
            None => None,
        };
        let read = lines.into_iter().flatten().filter_map(|line| match line {
            Ok(line) => serde_json::from_str::<Entry>(&line).ok().map(Ok),
            Err(e) => Some(Err(e)),
        });
        Ok(read.chain(self.added.iter().cloned().map(Ok)))
    }
}

/// The lines of the file at `path`, or `None` when there is no such file.
fn lines_of(path: &Path) -> io::Result<Option<io::Lines<io::BufReader<fs::File>>>> {
    match fs::File::open(path) {
        Ok(f) => Ok(Some(io::BufReader::new(f).lines())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The entries a run has committed, in a file beside the manifest rather than in memory (a
/// first run over a million files writes a million), with the hashes of their keys when the
/// run needs them (to leave an old manifest's entries out: a first run has none).
pub struct Spill {
    path: PathBuf,
    out: io::BufWriter<fs::File>,
    /// [`key_hash`]es of the keys written, when remembered.
    keys: Option<std::collections::HashSet<u64>>,
    added: usize,
}

impl Spill {
    /// A new, empty spill file in `index_dir` (one a stopped run left is emptied), remembering
    /// the keys added when `remember_keys` (see [`Spill::has`]).
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn create(index_dir: &Path, remember_keys: bool) -> io::Result<Spill> {
        let path = index_dir.join(SPILL);
        let out = io::BufWriter::new(fs::File::create(&path)?);
        Ok(Spill {
            path,
            out,
            keys: remember_keys.then(std::collections::HashSet::new),
            added: 0,
        })
    }

    /// Add the entries of a commit.
    ///
    /// # Errors
    /// Writing failed (a full disk).
    pub fn add(&mut self, entries: impl IntoIterator<Item = Entry>) -> io::Result<()> {
        for entry in entries {
            if let Some(keys) = &mut self.keys {
                keys.insert(key_hash(&entry.key));
            }
            self.added += 1;
            serde_json::to_writer(&mut self.out, &entry)?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }

    /// Whether an entry for the file at `key` was added (never, for a spill that remembers no
    /// keys: it belongs to a run with no old entries to leave out).
    pub fn has(&self, key: &str) -> bool {
        self.keys
            .as_ref()
            .is_some_and(|keys| keys.contains(&key_hash(key)))
    }

    /// Copy the entries added into `out`, but those whose key `leave_out` says.
    ///
    /// # Errors
    /// The spill cannot be read, or `out` written.
    pub fn copy_to(&self, out: &mut Writer, leave_out: Filter) -> io::Result<()> {
        // Every `add` ends flushed.
        copy_lines(&self.path, out, leave_out)
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.added == 0
    }

    /// Delete the file (at the end of a run).
    pub fn remove(self) {
        drop(self.out);
        let _ = fs::remove_file(&self.path);
    }
}

/// Which keys to leave out of a copy; `None` copies every entry as it is, unread.
pub type Filter<'a> = Option<&'a dyn Fn(&str) -> bool>;

/// Copy the entry lines of the file at `path` into `out`, but those whose key `leave_out` says.
/// A damaged line is dropped, as [`Manifest::load`] would skip it.
fn copy_lines(path: &Path, out: &mut Writer, leave_out: Filter) -> io::Result<()> {
    let Some(lines) = lines_of(path)? else {
        return Ok(());
    };
    for line in lines {
        let line = line?;
        let keep = match leave_out {
            // Every entry line begins so (the header line does not).
            None => line.starts_with("{\"k\":") && line.ends_with('}'),
            Some(leave_out) => {
                serde_json::from_str::<Entry>(&line).is_ok_and(|e| !leave_out(&e.key))
            }
        };
        if keep {
            out.line(&line)?;
        }
    }
    Ok(())
}

/// A new manifest being written: a temporary file, renamed over the manifest when finished, so
/// that the old one stands until the new one is whole.
pub struct Writer {
    dir: PathBuf,
    tmp: PathBuf,
    out: io::BufWriter<fs::File>,
}

impl Writer {
    /// Begin the manifest of `index_dir` for the index commit with token `commit`.
    ///
    /// # Errors
    /// The folder cannot be written.
    pub fn create(index_dir: &Path, commit: &str) -> io::Result<Writer> {
        let tmp = index_dir.join(format!("{FILE}.tmp"));
        let mut out = io::BufWriter::new(fs::File::create(&tmp)?);
        serde_json::to_writer(
            &mut out,
            &Header {
                commit: commit.to_string(),
            },
        )?;
        out.write_all(b"\n")?;
        Ok(Writer {
            dir: index_dir.to_path_buf(),
            tmp,
            out,
        })
    }

    /// Add an entry.
    ///
    /// # Errors
    /// Writing failed (a full disk).
    pub fn entry(&mut self, entry: &Entry) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, entry)?;
        self.out.write_all(b"\n")
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// Make the new manifest the manifest, at once.
    ///
    /// # Errors
    /// Writing failed (disk full included); the old manifest is then untouched.
    pub fn finish(self) -> io::Result<()> {
        let file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&self.tmp, self.dir.join(FILE))
    }
}

/// BLAKE3 of a file's content, hex.
///
/// # Errors
/// The file cannot be read.
pub fn hash_file(path: &Path) -> io::Result<String> {
    /// Files up to this size are read whole: `update_reader` clears a 64 KB buffer for each
    /// file, which cost more than hashing a news article (1% of indexing a folder of them).
    const READ_WHOLE: u64 = 1 << 20;
    let mut file = fs::File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    if file.metadata()?.len() <= READ_WHOLE {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        hasher.update(&bytes);
    } else {
        hasher.update_reader(file)?;
    }
    Ok(hasher.finalize().to_hex()[..32].to_string())
}
#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, size: u64, failed: Option<&str>) -> Entry {
        Entry {
            key: key.to_string(),
            size,
            mtime_ns: 42,
            hash: "8fdfaf98e88e0328331a96e94dcf717b".into(),
            failed: failed.map(str::to_string),
        }
    }

    fn all(m: &Manifest) -> Vec<Entry> {
        m.entries().unwrap().map(Result::unwrap).collect()
    }

    fn write_all(dir: &Path, commit: &str, entries: &[Entry]) {
        let mut w = Writer::create(dir, commit).unwrap();
        for e in entries {
            w.entry(e).unwrap();
        }
        w.finish().unwrap();
    }

    #[test]
    fn a_file_hashes_as_its_bytes_whether_read_whole_or_streamed() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0, 5_000, 3 << 20] {
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let path = dir.path().join(format!("f{size}"));
            fs::write(&path, &bytes).unwrap();
            let expected = blake3::hash(&bytes).to_hex()[..32].to_string();
            assert_eq!(hash_file(&path).unwrap(), expected, "{size} bytes");
        }
    }

    #[test]
    fn saved_and_loaded_alike_and_damaged_lines_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let entries = vec![
            entry("a/b.txt", 3, None),
            entry("a/odd\tname\n.json", 9, Some("unreadable")),
        ];
        write_all(dir.path(), "c1", &entries);
        let back = Manifest::load(dir.path()).unwrap();
        assert_eq!(all(&back), entries);
        assert_eq!(back.commit.as_deref(), Some("c1"));
        assert_eq!(back.len(), 2);
        assert!(back.unchanged("a/b.txt", 3, 42));
        assert!(!back.unchanged("a/b.txt", 4, 42));
        assert!(!back.unchanged("missing", 3, 42));
        assert!(back.get("a/odd\tname\n.json").unwrap().failed);
        assert!(back.get("a/b.txt").unwrap().same_content(&entries[0].hash));
        assert!(!back.get("a/b.txt").unwrap().same_content(""));
        let mut text = fs::read_to_string(dir.path().join(FILE)).unwrap();
        text.push_str("{\"k\": broken\n");
        // A key listed twice: the later line stands.
        text.push_str(&serde_json::to_string(&entry("a/b.txt", 5, None)).unwrap());
        text.push('\n');
        fs::write(dir.path().join(FILE), text).unwrap();
        let back = Manifest::load(dir.path()).unwrap();
        assert_eq!(back.len(), 2);
        assert!(back.unchanged("a/b.txt", 5, 42));
        // Copied with or without a filter, the damaged line is dropped.
        for filter in [
            None,
            Some(&(|k: &str| k == "none") as &dyn Fn(&str) -> bool),
        ] {
            let mut w = Writer::create(dir.path(), "c2").unwrap();
            back.copy_to(&mut w, filter).unwrap();
            w.finish().unwrap();
            assert_eq!(Manifest::load(dir.path()).unwrap().len(), 2);
        }
        assert!(Manifest::load(&dir.path().join("none")).unwrap().is_empty());
    }

    #[test]
    fn files_read_in_part_are_added_once_and_known_ones_left_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        write_all(
            dir.path(),
            "c1",
            &[entry("a", 1, None), entry("b", 2, None)],
        );
        let mut manifest = Manifest::load(dir.path()).unwrap();
        // New keys first, known and repeated ones among them.
        let mut keys: Vec<String> = (0..200).map(|i| format!("new{i}")).collect();
        keys.extend(["c", "a", "b", "c", "new7"].map(str::to_string));
        manifest.add_read_in_part(keys);
        manifest.add_read_in_part(["c".to_string(), "new0".to_string()]);
        assert_eq!(manifest.len(), 203);
        let listed = all(&manifest);
        assert_eq!(listed.len(), 203);
        assert!(manifest.unchanged("a", 1, 42) && manifest.unchanged("b", 2, 42));
        assert!(manifest.contains("new199") && !manifest.unchanged("new199", 0, 0));
        assert_eq!(listed.iter().filter(|e| e.key == "c").count(), 1);
    }

    #[test]
    fn a_pinned_manifest_is_read_after_commits_replace_it() {
        let dir = tempfile::tempdir().unwrap();
        let old = vec![entry("a", 1, None), entry("b", 2, None)];
        write_all(dir.path(), "c1", &old);
        let mut manifest = Manifest::load(dir.path()).unwrap();
        manifest.pin().unwrap();
        manifest.add_read_in_part(["c".to_string(), "a".to_string()]);
        assert!(manifest.contains("c") && !manifest.unchanged("c", 0, 0));
        // A commit of this run: "b" written again, then copied from the spill.
        let mut spill = Spill::create(dir.path(), true).unwrap();
        spill.add([entry("b", 7, None)]).unwrap();
        assert!(spill.has("b") && !spill.has("a"));
        let mut w = Writer::create(dir.path(), "c2").unwrap();
        let not_b = |k: &str| k == "b";
        manifest.copy_to(&mut w, Some(&not_b)).unwrap();
        spill.copy_to(&mut w, None).unwrap();
        w.finish().unwrap();
        // The pinned copy still reads as loaded; the manifest is the new one.
        assert_eq!(all(&manifest).len(), 3);
        let now = Manifest::load(dir.path()).unwrap();
        let keys: Vec<(String, u64)> = all(&now).into_iter().map(|e| (e.key, e.size)).collect();
        assert_eq!(keys, [("a".into(), 1), ("c".into(), 0), ("b".into(), 7)]);
        manifest.unpin();
        spill.remove();
        // A first run's spill counts its entries but remembers no keys: it has none to leave out.
        let mut first = Spill::create(dir.path(), false).unwrap();
        assert!(first.is_empty());
        first.add([entry("d", 1, None)]).unwrap();
        assert!(!first.is_empty() && !first.has("d"));
        first.remove();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [FILE]);
    }
}
