//! morgue: a search engine for news archives.
//!
//! The pipeline, stage by stage, with plain data types between the stages:
//!
//! ```text
//! files on disk --ingest::walk/load--> Loaded --ingest::segment_batch--> Article
//!     Article --index::Writer--> tantivy index
//!     query --search::Searcher--> Hit (with snippet::Snippet) --output--> stdout
//! ```
//!
//! - [`segment`] cuts an article (title, standfirst, byline, date, body) out of a page saved as
//!   text; it is pure and knows nothing of files or indexes.
//! - [`html`] does the same for a saved web page (body by the `trafilatura` crate, every other
//!   field by morgue's own reading of the markup).
//! - [`ingest`] walks an archive, decodes files and recognises their format.
//! - [`schema`] and [`index`] own everything tantivy-specific about writing; [`merge`] keeps
//!   tantivy's segment merges small enough that indexing memory does not grow with the archive,
//!   and [`manifest`] records the files an index has read, for incremental re-runs.
//! - [`search`] parses queries leniently and returns [`search::Hit`]s; [`snippet`] finds the
//!   passages that show why a hit matched.
//! - [`output`] renders hits and articles for people and for programs (JSON Lines).

pub mod article;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod lang;
pub mod output;
pub mod search;

pub use article::{Article, Format};
