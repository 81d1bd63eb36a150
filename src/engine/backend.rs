//! Where searches are answered: the local index, or an OpenSearch/Elasticsearch index that
//! `morgue index --engine` filled. The commands and `morgue serve` ask through this, so that
//! they print and serve the same messages from either.

use crate::index::Index;
use crate::search::aliases::Aliases;
use crate::search::article::{self, Marks, StoredArticle};
use crate::search::stats::Stats;
use crate::search::{Request, Results};

use super::client::Client;

/// The index a search is asked of.
pub enum Backend {
    Local(Index),
    Engine(Client),
}

impl Backend {
    /// # Errors
    /// The index cannot be read, or the engine cannot be reached or refuses.
    pub fn search(&self, request: &Request) -> anyhow::Result<Results> {
        Ok(match self {
            Backend::Local(index) => crate::search::search(index, request)?,
            Backend::Engine(client) => super::search::search(client, request)?,
        })
    }

    /// # Errors
    /// As [`Backend::search`].
    pub fn stats(&self) -> anyhow::Result<Stats> {
        match self {
            Backend::Local(index) => crate::search::stats::stats(index),
            Backend::Engine(client) => super::search::stats(client),
        }
    }

    /// The article whose id is `id`, with where the words of `query` stand in it; `None` when
    /// there is no such article.
    ///
    /// # Errors
    /// As [`Backend::search`].
    pub fn article(
        &self,
        id: &str,
        aliases: &Aliases,
        query: &str,
    ) -> anyhow::Result<Option<(StoredArticle, Marks)>> {
        match self {
            Backend::Local(index) => Ok(article::by_id(index, id)?.map(|stored| {
                let marks = article::marks(index, aliases, query, &stored.article);
                (stored, marks)
            })),
            Backend::Engine(client) => super::search::article(client, id, query),
        }
    }

    /// The local index, or what to say when a command needs it.
    ///
    /// # Errors
    /// This is an engine's.
    pub fn local(&self, what: &str) -> anyhow::Result<&Index> {
        match self {
            Backend::Local(index) => Ok(index),
            Backend::Engine(_) => {
                anyhow::bail!("{what} reads the local index only: leave out --engine")
            }
        }
    }
}
