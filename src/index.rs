//! Creating and opening the index, and writing articles into it. All tantivy writing lives here.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, TantivyDocument};

use crate::article::Article;
use crate::ingest::Format;
use crate::schema::{self, Fields, SCHEMA_VERSION};

/// The folder name `morgue index` creates and `morgue search` looks for.
pub const DEFAULT_DIR: &str = ".morgue";
/// A file beside tantivy's own, naming our schema version.
const VERSION_FILE: &str = "morgue-version";

/// An open morgue index.
pub struct Index {
    pub inner: tantivy::Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Opened on first search and kept: opening every segment again per query costs more than
    /// a small query does.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
}

impl Index {
    /// Open the index in `dir`, creating it if the folder is empty or missing.
    ///
    /// # Errors
    /// The folder cannot be created, holds something that is not a morgue index, or an index of
    /// another schema version.
    pub fn open_or_create(dir: &Path) -> anyhow::Result<Index> {
        let exists = dir.join("meta.json").exists();
        if !exists {
            fs::create_dir_all(dir)
                .with_context(|| format!("creating index folder {}", dir.display()))?;
            if fs::read_dir(dir)?.next().is_some() {
                bail!(
                    "{} is not empty and holds no morgue index; choose another --index folder",
                    dir.display()
                );
            }
            let inner = tantivy::Index::builder()
                .schema(schema::build())
                .settings(store_settings())
                .create_in_dir(dir)
                .with_context(|| format!("creating index in {}", dir.display()))?;
            fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
                .with_context(|| format!("writing {}", dir.join(VERSION_FILE).display()))?;
            return Index::wrap(inner, dir);
        }
        Index::open(dir)
    }

    /// Delete the index in `dir` (for `morgue index --rebuild`). A folder that holds something
    /// else is refused, never emptied.
    ///
    /// # Errors
    /// `dir` is not a morgue index, or cannot be removed.
    pub fn remove(dir: &Path) -> anyhow::Result<()> {
        if !dir.exists() {
            return Ok(());
        }
        let ours = dir.join("meta.json").exists() || dir.join(VERSION_FILE).exists();
        if !ours {
            bail!(
                "{} holds no morgue index; --rebuild removes only an index (choose another --index folder)",
                dir.display()
            );
        }
        // Never pull an index from under a running `morgue index`: take its writer lock first.
        use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
        let directory =
            MmapDirectory::open(dir).with_context(|| format!("opening {}", dir.display()))?;
        let _lock = directory.acquire_lock(&INDEX_WRITER_LOCK).map_err(|_| {
            anyhow::anyhow!(
                "another `morgue index` is writing to {}; wait for it to finish before --rebuild",
                dir.display()
            )
        })?;
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))
    }

    /// Open an existing index.
    ///
    /// # Errors
    /// No index there, a corrupt one, or one of another schema version.
    pub fn open(dir: &Path) -> anyhow::Result<Index> {
        if !dir.join("meta.json").exists() {
            bail!(
                "no index at {}; create one with `morgue index ARCHIVE_DIR`",
                dir.display()
            );
        }
        let version = fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        if version.trim() != SCHEMA_VERSION.to_string() {
            bail!(
                "the index at {} was built by another version of morgue (schema {}, this one needs {}); \
                 rebuild it with `morgue index --rebuild ARCHIVE_DIR`",
                dir.display(),
                if version.trim().is_empty() { "unknown" } else { version.trim() },
                SCHEMA_VERSION
            );
        }
        let inner = tantivy::Index::open_in_dir(dir)
            .with_context(|| format!("opening index {}", dir.display()))?;
        Index::wrap(inner, dir)
    }

    fn wrap(inner: tantivy::Index, dir: &Path) -> anyhow::Result<Index> {
        schema::register_analyzers(&inner);
        let fields = Fields::resolve(&inner.schema())
            .with_context(|| format!("{} is not a morgue index", dir.display()))?;
        Ok(Index {
            inner,
            fields,
            dir: dir.to_path_buf(),
            reader: std::sync::OnceLock::new(),
        })
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

    /// A writer with `threads` indexing threads and `memory` bytes of budget in all.
    ///
    /// # Errors
    /// `WriterError::Busy` when another process holds the index's write lock; `Other` when the
    /// budget is refused or the index cannot be written.
    pub fn writer(&self, threads: usize, memory: usize) -> Result<Writer, WriterError> {
        match self.inner.writer_with_num_threads(threads, memory) {
            Ok(writer) => {
                writer.set_merge_policy(Box::new(crate::merge::BoundedMerges));
                Ok(Writer {
                    writer,
                    fields: self.fields,
                })
            }
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            )) => Err(WriterError::Busy),
            Err(e) => Err(WriterError::Other(
                anyhow::Error::new(e)
                    .context(format!("opening {} for writing", self.dir.display())),
            )),
        }
    }
}

/// Why an index could not be opened for writing.
#[derive(Debug)]
pub enum WriterError {
    /// Another writer (another `morgue index`) holds the lock.
    Busy,
    Other(anyhow::Error),
}

/// Stored fields (the text shown in hits) in zstd at level 3, blocks of 16 KB: on the 200k
/// scale archive the store shrank from 470 MB (tantivy's default, lz4) to 320 MB for about
/// 0.1 ms more per search with 10 hits; 64 KB blocks saved 30 MB more but cost 0.3 ms
/// (BENCHMARKS.md).
fn store_settings() -> tantivy::IndexSettings {
    use tantivy::store::{Compressor, ZstdCompressor};
    tantivy::IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 16 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

/// The stable id of the article at `position` in the file whose archive key is `key`.
pub fn article_id(key: &str, position: usize) -> String {
    let hash = blake3::hash(format!("{key}#{position}").as_bytes());
    hash.to_hex()[..16].to_string()
}

/// Adds articles to the index, replacing any earlier copy with the same id.
pub struct Writer {
    writer: IndexWriter,
    fields: Fields,
}

impl Writer {
    /// Remove every article of the file with archive key `key` (before its articles are added
    /// again, or when it is gone). Articles added after this call in the same commit stay.
    pub fn delete_file(&mut self, key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file_key, key));
    }

    /// How many articles the last commit holds for these files.
    ///
    /// # Errors
    /// The index cannot be read.
    pub fn articles_of(&self, keys: &[String]) -> anyhow::Result<usize> {
        let reader = self.writer.index().reader()?;
        let searcher = reader.searcher();
        let mut n = 0;
        for key in keys {
            let term = Term::from_field_text(self.fields.file_key, key);
            n += searcher.search(
                &tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic),
                &tantivy::collector::Count,
            )?;
        }
        Ok(n)
    }

    /// Add one article of the file with archive key `file_key` (call `delete_file` first when
    /// the file's articles may already be in the index).
    ///
    /// # Errors
    /// The writer failed (disk full, a poisoned indexing thread).
    pub fn add(
        &mut self,
        id: &str,
        file_key: &str,
        path: &str,
        format: Format,
        article: &Article,
    ) -> anyhow::Result<()> {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, id);
        doc.add_text(f.file_key, file_key);
        doc.add_text(f.path, path);
        doc.add_text(f.format, format.as_str());
        if let Some(t) = &article.title {
            doc.add_text(f.title, t);
        }
        if let Some(s) = &article.standfirst {
            doc.add_text(f.standfirst, s);
        }
        for name in &article.byline {
            doc.add_text(f.byline, name);
            doc.add_text(f.byline_key, name);
        }
        if let Some(d) = article.date {
            doc.add_date(f.date, DateTime::from_utc(d.midnight().assume_utc()));
        }
        for paragraph in &article.body {
            doc.add_text(f.body, paragraph);
        }
        if let Some(lead) = lead_of(&article.body) {
            doc.add_text(f.lead, lead);
        }
        if let Some(s) = &article.source {
            doc.add_text(f.source, s);
            doc.add_text(f.source_key, s);
        }
        if let Some(u) = &article.url {
            doc.add_text(f.url, u);
        }
        if let Some(l) = &article.lang {
            doc.add_text(f.lang, l);
        }
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Make everything added so far durable and visible to searches; the commit carries
    /// `token` (see [`Writer::last_commit_token`]).
    ///
    /// # Errors
    /// Writing the segment or the meta file failed.
    pub fn commit(&mut self, token: &str) -> anyhow::Result<()> {
        let mut prepared = self
            .writer
            .prepare_commit()
            .context("committing the index")?;
        prepared.set_payload(token);
        prepared.commit().context("committing the index")?;
        Ok(())
    }

    /// The token of the index's last commit, and whether that commit holds any article; `None`
    /// for a commit that carries none (made by an older morgue).
    ///
    /// # Errors
    /// The index's meta file cannot be read.
    pub fn last_commit_token(&self) -> anyhow::Result<(Option<String>, bool)> {
        let metas = self.writer.index().load_metas()?;
        let empty = metas.segments.iter().all(|s| s.num_docs() == 0);
        Ok((metas.payload, empty))
    }

    /// Wait for merges to finish, so that the index is compact when the process exits.
    ///
    /// # Errors
    /// A merge failed.
    pub fn finish(self) -> anyhow::Result<()> {
        self.writer
            .wait_merging_threads()
            .context("finishing index merges")?;
        Ok(())
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
