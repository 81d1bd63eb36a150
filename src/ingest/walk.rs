//! Listing an archive: the files under each root, each with the key that names it in the index.
//!
//! A file's key is its real (canonical) path, written losslessly as text ([`path_text`]): two
//! different files never share a key, and the same file reached from two roots (`corpus` and
//! `./corpus`, a folder and its subfolder) has one key, so it is listed once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Skip, SkipReason};

/// A file found in the archive.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its real path as lossless text (see [`path_text`]): the basis of stable article ids.
    pub key: String,
    /// Size in bytes, from the walk.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch, from the walk (0 when unknown).
    pub mtime_ns: i64,
}

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (loops are reported, never followed).
    pub follow: bool,
    /// A folder holding a file of this name is skipped whole (a morgue index inside the
    /// archive must not index its own files).
    pub skip_folders_holding: Option<&'static str>,
}

/// One item of an archive walk: a file to read, or a problem to report.
pub type WalkItem = Result<SourceFile, (PathBuf, Skip)>;

/// List the files under each root in a stable order (files of a folder before its subfolders,
/// then by name), each real file once. Hidden files and folders are skipped; symbolic links are
/// followed only with `follow`, and a link loop is reported rather than followed forever.
/// Roots should be canonical (see [`std::fs::canonicalize`]), so that keys are real paths.
pub fn walk<'a>(
    roots: &'a [PathBuf],
    options: &'a WalkOptions,
) -> impl Iterator<Item = WalkItem> + 'a {
    let mut seen: HashSet<String> = HashSet::new();
    roots
        .iter()
        .flat_map(move |root| {
            let walker = WalkDir::new(root)
                .follow_links(options.follow)
                .sort_by(|a, b| {
                    a.file_type()
                        .is_dir()
                        .cmp(&b.file_type().is_dir())
                        .then(a.file_name().cmp(b.file_name()))
                })
                .into_iter()
                .filter_entry(move |e| {
                    let hidden =
                        e.depth() > 0 && e.file_name().as_encoded_bytes().starts_with(b".");
                    let index = e.file_type().is_dir()
                        && options
                            .skip_folders_holding
                            .is_some_and(|marker| e.path().join(marker).exists());
                    !hidden && !index
                });
            walker.filter_map(move |entry| match entry {
                Ok(e) if e.file_type().is_file() => Some(Ok(source_file(&e, options.follow))),
                Ok(_) => None,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let skip = if err.loop_ancestor().is_some() {
                        Skip::new(SkipReason::BrokenLink, "symbolic link loop, not followed")
                    } else if path.symlink_metadata().is_ok() && path.metadata().is_err() {
                        Skip::new(SkipReason::BrokenLink, "symbolic link to nothing")
                    } else {
                        let detail = err
                            .io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string);
                        Skip::new(SkipReason::Unreadable, detail)
                    };
                    Some(Err((path, skip)))
                }
            })
        })
        // Overlapping roots list a file twice: once is enough.
        .filter(move |item| match item {
            Ok(file) => seen.insert(file.key.clone()),
            Err(_) => true,
        })
}

fn source_file(e: &walkdir::DirEntry, follow: bool) -> SourceFile {
    // Through followed links the walk's path is not the file's real one.
    let real = if follow {
        e.path()
            .canonicalize()
            .unwrap_or_else(|_| e.path().to_path_buf())
    } else {
        e.path().to_path_buf()
    };
    let meta = e.metadata().ok();
    let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
    let mtime_ns = meta
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    SourceFile {
        key: path_text(&real),
        path: e.path().to_path_buf(),
        size,
        mtime_ns,
    }
}

/// What the keys of every file under `root` start with: the root's own key for a file, its key
/// and a slash for a folder.
pub fn key_prefix(root: &Path) -> String {
    let key = path_text(root);
    if root.is_dir() && !key.ends_with('/') {
        key + "/"
    } else {
        key
    }
}

/// A path as text, losslessly: valid UTF-8 as it is, a backslash doubled, and each byte that is
/// not UTF-8 as `\xNN`. Two paths that differ only in such bytes stay apart (a lossy conversion
/// would turn both into U+FFFD), and keys of files under a folder start with the folder's key.
pub fn path_text(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_text_is_lossless_and_keeps_prefixes() {
        assert_eq!(path_text(Path::new("/a/b c/d.txt")), "/a/b c/d.txt");
        assert_eq!(path_text(Path::new("/a\\b")), "/a\\\\b");
        #[cfg(unix)]
        {
            use std::ffi::OsStr;
            use std::os::unix::ffi::OsStrExt;
            let one = path_text(Path::new(OsStr::from_bytes(b"/x/caf\xe9.txt")));
            let two = path_text(Path::new(OsStr::from_bytes(b"/x/caf\xe8.txt")));
            assert_eq!(one, "/x/caf\\xE9.txt");
            assert_ne!(one, two);
            // A name that spells the escape itself differs from the escaped byte.
            assert_ne!(path_text(Path::new("/x/caf\\xE9.txt")), one);
        }
    }
}
