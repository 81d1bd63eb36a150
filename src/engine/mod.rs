//! Engines outside morgue: OpenSearch/Elasticsearch and Quickwit. Their mappings, generated
//! from the one description of the exported document (`mapping`); what morgue sent to each
//! (`ledger`); an OpenSearch index's address and requests (`client`); the sink that
//! `index --engine` sends articles through (`sink`); `search`, `timeline`, `people` and
//! `stats --engine`: a request translated into the engine's query language and its answer into
//! `Results` or `Stats` (`search`); the choice between the local index and an engine that the
//! commands and the server ask through (`backend`).

pub mod backend;
pub mod client;
pub mod ledger;
pub mod mapping;
pub mod search;
pub mod sink;
