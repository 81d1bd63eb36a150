//! morgue: a search engine for news archives.
//!
//! The stages, with plain data types between them (ARCHITECTURE.md tells the whole story):
//!
//! ```text
//! files on disk --ingest::walk--> SourceFile --ingest::load--> Loaded
//!     Loaded --ingest::extract_batch (extract::text, extract::html)--> Article
//!     Article --index::pipeline::index_paths--> Record --Sink (index::Writer)--> tantivy index
//!                                                         --Sink (export::Export)--> NDJSON chunks
//!                                                         --Sink (engine::sink::Engine)--> OpenSearch
//!     Request --search::search--> Results { Hit (with Snippet) } --output--> stdout
//! ```
//!
//! - [`extract`] cuts one page into an [`Article`] (title, standfirst, byline, date, body):
//!   [`extract::text`] for pages saved as text, [`extract::html`] for saved web pages; pure
//!   functions of text that know nothing of files or indexes.
//! - [`ingest`] walks an archive, reads files (bounded, gzip undone, decoded), recognises their
//!   format and hands their articles on.
//! - [`index`] owns everything tantivy-specific about writing: the schema and analysers, the
//!   indexing pipeline with its incremental rules and manifest, the writer behind the
//!   [`index::Sink`] trait, merges.
//! - [`search`] compiles queries, ranks, counts facets and returns plain [`search::Hit`]s with
//!   their snippets; [`search::stats`] says what an index holds.
//! - [`export`] and [`engine`] are the pipeline's other sinks: the articles as NDJSON chunks
//!   with the OpenSearch and Quickwit configs (generated from `index::schema::DOCUMENT`), or sent
//!   to an OpenSearch cluster.
//! - [`output`] renders for people (terminal-safe text) and programs (the JSON contract).
//! - [`lang`] is the one list of languages.

pub mod article;
pub mod engine;
pub mod export;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod lang;
pub mod output;
pub mod search;
pub mod serve;

pub use article::{Article, Format};
