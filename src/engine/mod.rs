//! Engines outside morgue: OpenSearch/Elasticsearch and Quickwit. Their mappings, generated
//! from the one description of the exported document (`mapping`); what morgue sent to each
//! (`ledger`); an OpenSearch index's address and requests (`client`); the sink that
//! `index --engine` sends articles through (`sink`); `search --engine`'s translation of a
//! request into the engine's query language and of its answer into `Results` (`search`).

pub mod client;
pub mod ledger;
pub mod mapping;
pub mod search;
pub mod sink;
