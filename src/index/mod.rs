//! Creating and opening the index, and writing articles into it. All tantivy writing lives here.

pub mod analyzer;
mod directory;
pub mod manifest;
pub mod merge;
pub mod pipeline;
pub mod schema;
pub mod stem;
pub mod writer;

pub use pipeline::{index_paths, Record, Sink};
pub use writer::Writer;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tantivy::schema::Term;

use schema::{Fields, SCHEMA_VERSION};

/// The folder name `morgue index` creates and `morgue search` looks for.
pub const DEFAULT_DIR: &str = ".morgue";
/// A file beside tantivy's own, naming our schema version. It also marks a folder as a morgue
/// index: `--rebuild` empties only such folders, and the walk never indexes one.
pub const VERSION_FILE: &str = "morgue-version";

/// An open morgue index.
pub struct Index {
    inner: tantivy::Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Opened on first search and kept: opening every segment again per query costs more than
    /// a small query does.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
}

/// Why an index could not be used for writing.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Another writer (another `morgue index`) holds the lock.
    #[error("another `morgue index` is writing to this index")]
    Busy,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// What an index is opened for: a writer's merges read its files without memory maps (see
/// `directory`).
#[derive(Debug, Clone, Copy)]
enum Use {
    Searching,
    Writing,
}

/// Threads that search one index's parts at once, at most.
const MAX_SEARCH_THREADS: usize = 8;

impl Index {
    /// Open the index in `dir`, creating it if the folder is missing, empty, or a morgue index
    /// folder emptied by `--rebuild`.
    ///
    /// # Errors
    /// The folder cannot be created, holds something that is not a morgue index, or an index of
    /// another schema version.
    pub fn open_or_create(dir: &Path) -> anyhow::Result<Index> {
        if dir.join("meta.json").exists() {
            return Index::open_as(dir, Use::Writing);
        }
        fs::create_dir_all(dir).with_context(|| format!("creating index folder {}", shown(dir)))?;
        let ours = dir.join(VERSION_FILE).exists();
        // What `index --engine` remembers of the engines it fed lives here too.
        let empty = fs::read_dir(dir)
            .with_context(|| format!("reading index folder {}", shown(dir)))?
            .filter_map(Result::ok)
            .all(|e| e.file_name() == ENGINES);
        if !ours && !empty {
            bail!(
                "{} is not empty and holds no morgue index; choose another --index folder",
                shown(dir)
            );
        }
        let directory = directory::LockTolerant::open_for_writing(dir)
            .with_context(|| format!("opening index folder {}", shown(dir)))?;
        let inner = tantivy::Index::create(directory, schema::build(), store_settings())
            .with_context(|| format!("creating index in {}", shown(dir)))?;
        fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
            .with_context(|| format!("writing {}", shown(&dir.join(VERSION_FILE))))?;
        Index::wrap(inner, dir)
    }

    /// Empty the index in `dir` (for `morgue index --rebuild`): only the files morgue and
    /// tantivy made go; the folder, its `aliases.toml` and anything else put there stay. A
    /// folder that is not a morgue index is refused, never emptied.
    ///
    /// # Errors
    /// `dir` is not a morgue index, another indexer is writing to it, or a file cannot be
    /// removed.
    pub fn remove(dir: &Path) -> anyhow::Result<()> {
        if !dir.exists() {
            return Ok(());
        }
        if !dir.join(VERSION_FILE).exists() {
            bail!(
                "{} is not a morgue index (it has no {VERSION_FILE} file); --rebuild empties only a morgue index: choose another --index folder",
                shown(dir)
            );
        }
        // Never pull an index from under a running `morgue index`: take its writer lock first.
        use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
        let directory =
            MmapDirectory::open(dir).with_context(|| format!("opening {}", shown(dir)))?;
        let _lock = directory.acquire_lock(&INDEX_WRITER_LOCK).map_err(|_| {
            anyhow::anyhow!(
                "another `morgue index` is writing to {}; wait for it to finish before --rebuild",
                shown(dir)
            )
        })?;
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", shown(dir)))? {
            let entry = entry.with_context(|| format!("reading {}", shown(dir)))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if entry.file_type().is_ok_and(|t| t.is_file()) && made_by_morgue(&name) {
                fs::remove_file(entry.path())
                    .with_context(|| format!("removing {}", shown(&entry.path())))?;
            }
        }
        Ok(())
    }

    /// Open an existing index. It can be read without write access (another user's index, a
    /// read-only mount).
    ///
    /// # Errors
    /// No index there, a damaged one, or one of another schema version; each named with what to
    /// run.
    pub fn open(dir: &Path) -> anyhow::Result<Index> {
        Index::open_as(dir, Use::Searching)
    }

    fn open_as(dir: &Path, use_: Use) -> anyhow::Result<Index> {
        if !dir.join("meta.json").exists() {
            bail!(
                "no index at {}; create one with `morgue index ARCHIVE_DIR`",
                shown(dir)
            );
        }
        let version = fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        if version.trim() != SCHEMA_VERSION.to_string() {
            bail!(
                "the index at {} was built by another version of morgue (schema {}, this one needs {}); \
                 rebuild it with `morgue index --rebuild --index {} ARCHIVE_DIR`",
                shown(dir),
                if version.trim().is_empty() { "unknown".to_string() } else { crate::output::terminal::clean(version.trim().chars().take(20).collect::<String>().as_str()).into_owned() },
                SCHEMA_VERSION,
                shown(dir),
            );
        }
        let directory = match use_ {
            Use::Searching => directory::LockTolerant::open(dir),
            Use::Writing => directory::LockTolerant::open_for_writing(dir),
        }
        .with_context(|| format!("opening index {}", shown(dir)))?;
        let mut inner = tantivy::Index::open(directory).map_err(|e| explain(dir, e))?;
        // The parts of a large index are searched side by side, one a core: a million articles
        // are some 13 parts (see `merge`), and two cores took nearly a third off the median
        // two-word query at 25 (BENCHMARKS.md). A pool that cannot be made leaves the search
        // on this thread.
        let parts = inner.searchable_segment_ids().map_or(0, |ids| ids.len());
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = cores.min(parts).min(MAX_SEARCH_THREADS);
        if threads > 1 {
            let _ = inner.set_multithread_executor(threads);
        }
        Index::wrap(inner, dir)
    }

    fn wrap(inner: tantivy::Index, dir: &Path) -> anyhow::Result<Index> {
        analyzer::register(&inner);
        let fields = Fields::resolve(&inner.schema())
            .with_context(|| format!("{} is not a morgue index", shown(dir)))?;
        Ok(Index {
            inner,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
        })
    }

    /// The index's schema (its fields, from [`schema`]).
    pub fn schema(&self) -> tantivy::schema::Schema {
        self.inner.schema()
    }

    /// tantivy's query parser over this index, searching `default_fields` when a query names
    /// none, with prose stemmed as a language whose Latin-script words `latin` stems.
    pub fn query_parser(
        &self,
        default_fields: Vec<tantivy::schema::Field>,
        latin: frostem::Algorithm,
    ) -> tantivy::query::QueryParser {
        tantivy::query::QueryParser::new(
            self.inner.schema(),
            default_fields,
            analyzer::query_analyzers(latin),
        )
    }

    /// The Latin stemmers the index's prose was stemmed with, English first (always: the
    /// fields that are not prose are stemmed as English).
    ///
    /// # Errors
    /// The index's term dictionary cannot be read.
    pub fn prose_stemmers(&self) -> tantivy::Result<Vec<frostem::Algorithm>> {
        let mut out = vec![frostem::Algorithm::English];
        for part in self.searcher()?.segment_readers() {
            let inverted = part.inverted_index(self.fields.stemming)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let code = String::from_utf8_lossy(terms.key());
                let latin = crate::lang::latin_stemmer(Some(&code));
                if !out.contains(&latin) {
                    out.push(latin);
                }
            }
        }
        Ok(out)
    }

    /// A searcher over the latest commit (reloaded as commits land).
    ///
    /// # Errors
    /// The index's files cannot be opened.
    pub fn searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self.inner.reader()?;
        let searcher = reader.searcher();
        let _ = self.reader.set(reader);
        Ok(searcher)
    }

    /// Open every part of the index, as a search would: a damaged file is found now, with a
    /// message saying what to run, rather than by the next search.
    ///
    /// # Errors
    /// A file of the index is missing or damaged.
    pub fn check(&self) -> anyhow::Result<()> {
        self.inner.reader().map(drop).map_err(|e| self.explain(e))
    }

    /// A writer with `threads` indexing threads and `memory` bytes of budget in all.
    ///
    /// # Errors
    /// `IndexError::Busy` when another process holds the index's write lock; `Other` when the
    /// budget is refused or the index cannot be written.
    pub fn writer(&self, threads: usize, memory: usize) -> Result<Writer, IndexError> {
        // One merge at a time: each holds its parts' dictionaries and fast columns mapped and
        // copies their stored articles (see `merge`); with tantivy's four merge threads several
        // ran at once on a large archive (peak 761 against 624 MB at a million).
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .memory_budget_per_thread(memory / threads.max(1))
            .num_worker_threads(threads.max(1))
            .num_merge_threads(1)
            .build();
        match self.inner.writer_with_options(options) {
            Ok(writer) => {
                // tantivy numbers a writer's first operation with the opstamp of the last commit
                // (its stamper starts there), so a first delete counts as already applied for the
                // parts whose deletes are up to that commit: when a merge starts before this
                // writer's first commit (it does, as soon as a part is added), the merged part
                // skips that delete and an old copy of the file comes back. A delete that matches
                // nothing takes that opstamp, so that every real one comes after it.
                writer.delete_term(Term::from_field_text(self.fields.file_key, ""));
                writer.set_merge_policy(Box::new(merge::BoundedMerges));
                Ok(Writer {
                    writer,
                    fields: self.fields,
                })
            }
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            )) => Err(IndexError::Busy),
            Err(e) => Err(IndexError::Other(
                anyhow::Error::new(e).context(format!("opening {} for writing", shown(&self.dir))),
            )),
        }
    }

    /// A tantivy error reading this index, in words a user can act on.
    pub fn explain(&self, err: tantivy::TantivyError) -> anyhow::Error {
        explain(&self.dir, err)
    }

    /// A failed write, with what to do when the disk is full. Told by the I/O error's kind:
    /// the error's own where tantivy kept it, else that of a small write tried in the index's
    /// folder (tantivy passes some I/O errors on as text only, from its indexing threads).
    pub fn explain_write_error(&self, err: anyhow::Error) -> anyhow::Error {
        if out_of_room(&err) || no_room_for_a_probe(&self.dir) {
            err.context(format!(
                "the disk holding {} is full: free some space and run `morgue index` again (the index keeps everything up to its last commit)",
                shown(&self.dir)
            ))
        } else {
            err
        }
    }
}

/// The folder of an index's folder where `index --engine` keeps, per engine and index, what it
/// sent (see `engine::sink`).
pub const ENGINES: &str = "engines";

/// The files of an index folder that morgue or tantivy made: `--rebuild` removes these only.
fn made_by_morgue(name: &str) -> bool {
    const OWN: &[&str] = &[
        "meta.json",
        ".managed.json",
        ".tantivy-meta.lock",
        ".tantivy-writer.lock",
        manifest::FILE,
    ];
    // tantivy's segment files: a 32-digit hex id, then an extension (and a delete's opstamp).
    let segment_file = name.len() > 33
        && name.as_bytes()[32] == b'.'
        && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
    OWN.contains(&name) || name.starts_with(manifest::FILE) || segment_file
}

/// A path as shown in messages: lossless, and without control characters.
fn shown(path: &Path) -> String {
    crate::output::terminal::clean(&crate::ingest::walk::path_text(path)).into_owned()
}

/// A tantivy error reading the index in `dir`, in words: what is wrong and what to run. The
/// damaged file's content is never echoed (a garbled `meta.json` can be megabytes).
fn explain(dir: &Path, err: tantivy::TantivyError) -> anyhow::Error {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as E;
    let rebuild = format!(
        "rebuild it with `morgue index --rebuild --index {} ARCHIVE_DIR`",
        shown(dir)
    );
    match &err {
        E::OpenReadError(OpenReadError::FileDoesNotExist(path)) => anyhow::anyhow!(
            "the index at {} changed while it was being read ({} is gone): if a `morgue index --rebuild` is running, search again when it is done; otherwise {rebuild}",
            shown(dir),
            shown(path)
        ),
        E::DataCorruption(_)
        | E::OpenReadError(_)
        | E::IncompatibleIndex(_)
        | E::SchemaError(_)
        | E::DeserializeError(_) => {
            let what = match &err {
                E::OpenReadError(OpenReadError::IoError { filepath, .. }) => {
                    format!("{} cannot be read", shown(filepath))
                }
                _ => "a file of it cannot be read".to_string(),
            };
            anyhow::anyhow!("the index at {} is damaged ({what}); {rebuild}", shown(dir))
        }
        E::IoError(io) if io.kind() == std::io::ErrorKind::PermissionDenied => anyhow::anyhow!(
            "cannot read the index at {}: {io}; check its permissions",
            shown(dir)
        ),
        _ => anyhow::Error::new(err).context(format!("reading the index at {}", shown(dir))),
    }
}

/// Whether a 1 MiB file cannot be written in `dir` for want of room (a full disk, a quota, a
/// file-size limit): the kind of its error says so.
fn no_room_for_a_probe(dir: &Path) -> bool {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
    use std::io::Write;
    let path = dir.join(".morgue-room-probe");
    let result = fs::File::create(&path).and_then(|mut file| {
        file.write_all(&vec![0u8; 1 << 20])?;
        file.sync_all()
    });
    let _ = fs::remove_file(&path);
    result.is_err_and(|e| matches!(e.kind(), StorageFull | FileTooLarge | QuotaExceeded))
}

/// A write that failed for want of room: a full disk, a quota, a file-size limit, told by the
/// I/O error's kind wherever it sits in the chain.
pub(crate) fn out_of_room(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
    use tantivy::directory::error::OpenWriteError;
    err.chain().any(|e| {
        let io = e.downcast_ref::<std::io::Error>().or_else(|| {
            match e.downcast_ref::<tantivy::TantivyError>()? {
                tantivy::TantivyError::IoError(io) => Some(io.as_ref()),
                tantivy::TantivyError::OpenWriteError(OpenWriteError::IoError {
                    io_error, ..
                }) => Some(io_error.as_ref()),
                _ => None,
            }
        });
        io.is_some_and(|io| matches!(io.kind(), StorageFull | FileTooLarge | QuotaExceeded))
    })
}

/// Stored fields (the text shown in hits) in zstd at level 1, blocks of 16 KB: on the 200k
/// scale archive the store shrank from 470 MB (tantivy's default, lz4) to 320 MB at level 3 for
/// about 0.1 ms more per search with 10 hits; 64 KB blocks saved 30 MB more but cost 0.3 ms
/// (BENCHMARKS.md). Level 1 rather than 3: on the 20k archive the store is 4.5% larger (37.9
/// against 36.2 MB) and compressing it takes 44% fewer instructions (2.5% of all indexing's).
fn store_settings() -> tantivy::IndexSettings {
    use tantivy::store::{Compressor, ZstdCompressor};
    tantivy::IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 16 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

/// The lede of a body: its first paragraph, cut after the sentence that passes 300 bytes (wire
/// copy can run a whole story into one paragraph).
pub fn lead_of(body: &[String]) -> Option<&str> {
    const LEAD_BYTES: usize = 300;
    let first = body.iter().map(|p| p.trim()).find(|p| !p.is_empty())?;
    let from = (LEAD_BYTES..first.len()).find(|&i| first.is_char_boundary(i));
    let cut = from.and_then(|from| first[from..].find(". ").map(|i| from + i + 1));
    Some(&first[..cut.unwrap_or(first.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_is_the_first_paragraph_cut_after_a_sentence() {
        let body = vec![
            "".to_string(),
            "Short lede.".to_string(),
            "Second.".to_string(),
        ];
        assert_eq!(lead_of(&body), Some("Short lede."));
        let long = format!("{}émigré sentence ends here. Next one.", "word ".repeat(58));
        let lead = lead_of(std::slice::from_ref(&long)).unwrap();
        assert!(lead.ends_with("ends here."), "{lead}");
        assert_eq!(lead_of(&[]), None);
    }
}
