//! The local index as a [`Sink`] of the indexing pipeline: articles become tantivy documents.

use anyhow::Context;
use tantivy::schema::Term;
use tantivy::{DateTime, IndexWriter, TantivyDocument};

use super::pipeline::{Record, Sink};
use super::schema::Fields;

/// Adds articles to the local index, replacing a file's earlier articles as a whole.
pub struct Writer {
    pub(super) writer: IndexWriter,
    pub(super) fields: Fields,
}

impl Writer {
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

    /// The error that stopped tantivy's indexing threads. When one of them fails (a full disk),
    /// later calls only say that "the index writer was killed"; the thread's own error, with its
    /// `io::ErrorKind`, comes back when the threads are joined, which preparing a commit does.
    fn cause(&mut self, err: tantivy::TantivyError) -> anyhow::Error {
        match err {
            tantivy::TantivyError::ErrorInThread(_) => match self.writer.prepare_commit() {
                Err(cause) => anyhow::Error::new(cause),
                Ok(_) => anyhow::Error::new(err),
            },
            other => anyhow::Error::new(other),
        }
    }
}

impl Sink for Writer {
    fn last_commit(&self) -> anyhow::Result<(Option<String>, bool)> {
        let metas = self.writer.index().load_metas()?;
        let empty = metas.segments.iter().all(|s| s.num_docs() == 0);
        Ok((metas.payload, empty))
    }

    fn delete_file(&mut self, file_key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.file_key, file_key));
    }

    fn articles_of(&self, keys: &[String]) -> anyhow::Result<usize> {
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

    fn file_keys(&self) -> anyhow::Result<Vec<String>> {
        use tantivy::DocSet;
        let reader = self.writer.index().reader()?;
        let searcher = reader.searcher();
        let mut keys = std::collections::BTreeSet::new();
        for part in searcher.segment_readers() {
            let inverted = part.inverted_index(self.fields.file_key)?;
            let mut terms = inverted.terms().stream()?;
            while let Some((key, info)) = terms.next() {
                // A key whose every article is deleted holds nothing.
                let mut docs = inverted
                    .read_postings_from_terminfo(info, tantivy::schema::IndexRecordOption::Basic)?;
                let mut alive = false;
                while docs.doc() != tantivy::TERMINATED {
                    if !part.is_deleted(docs.doc()) {
                        alive = true;
                        break;
                    }
                    docs.advance();
                }
                if alive {
                    keys.insert(String::from_utf8_lossy(key).into_owned());
                }
            }
        }
        Ok(keys.into_iter().collect())
    }

    fn add(&mut self, record: &Record) -> anyhow::Result<()> {
        let f = &self.fields;
        let article = record.article;
        let mut doc = TantivyDocument::default();
        // Every document says how its prose is stemmed: the prose analyzer follows the last
        // language recorded on its thread (see `index::stem`).
        let latin = crate::lang::latin_stemmer(article.lang.as_deref());
        doc.add_text(f.stemming, crate::lang::latin_stemmer_code(latin));
        doc.add_text(f.id, record.id);
        doc.add_text(f.file_key, record.file_key);
        doc.add_text(f.path, record.path);
        doc.add_text(f.format, record.format.as_str());
        if let Some(t) = &article.title {
            doc.add_text(f.title, t);
            doc.add_text(f.title_exact, t);
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
        if let Some(lead) = super::lead_of(&article.body) {
            doc.add_text(f.lead, lead);
        }
        if let Some(s) = &article.source {
            doc.add_text(f.source, s);
            doc.add_text(f.source_key, s);
        }
        if let Some(u) = &article.url {
            doc.add_text(f.url, u);
        }
        for (names, words, whole) in [
            (&article.people, f.person, f.person_key),
            (&article.orgs, f.org, f.org_key),
            (&article.places, f.place, f.place_key),
        ] {
            if names.is_empty() {
                continue;
            }
            // The words of all the names as one text (see `VALUE_GAP`); each name kept whole.
            let mut text = String::with_capacity(names.iter().map(|n| n.len() + 1).sum());
            for name in names {
                if !text.is_empty() {
                    text.push(crate::index::analyzer::VALUE_GAP);
                }
                text.push_str(name);
                doc.add_text(whole, name);
            }
            doc.add_text(words, text);
        }
        if let Some(sig) = &article.copy_signature {
            for n in crate::extract::copies::to_numbers(sig) {
                doc.add_u64(f.copy_signature, n);
            }
            for bucket in crate::extract::copies::buckets(sig) {
                doc.add_u64(f.copy_band, bucket);
            }
        }
        if let Some(l) = &article.lang {
            doc.add_text(f.lang, l);
        }
        for keyword in &article.keywords {
            doc.add_text(f.keyword, keyword);
        }
        if let Some(d) = article.crawled {
            doc.add_date(f.crawled, DateTime::from_utc(d.midnight().assume_utc()));
        }
        if let Err(e) = self.writer.add_document(doc) {
            return Err(self.cause(e));
        }
        Ok(())
    }

    fn commit(&mut self, token: &str) -> anyhow::Result<()> {
        let mut prepared = self
            .writer
            .prepare_commit()
            .context("committing the index")?;
        prepared.set_payload(token);
        prepared.commit().context("committing the index")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::index::Index;
    use tantivy::schema::Term;

    /// tantivy's writer numbers its first operation with the last commit's opstamp; a delete
    /// numbered so is skipped by a merge that starts before the writer's first commit (an old
    /// copy of a re-indexed file came back after `morgue index` was killed and run again).
    /// `Index::writer` spends that opstamp, so that every delete morgue makes comes after it.
    #[test]
    fn deletes_are_numbered_after_the_last_commit() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        for _ in 0..3 {
            let mut w = index.writer(1, 15_000_000).unwrap();
            let committed = w.writer.commit_opstamp();
            let first = w
                .writer
                .delete_term(Term::from_field_text(index.fields.file_key, "x"));
            assert!(first > committed, "delete {first} after commit {committed}");
            w.writer.prepare_commit().unwrap().commit().unwrap();
            w.finish().unwrap();
        }
    }
}
