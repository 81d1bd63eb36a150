//! The integration tests, built as one binary (as ripgrep's are): the shared harness in `util`
//! compiles once, and `cargo test` links one program instead of one per file.
//!
//! - `cli`: the binary end to end on small archives; `export`: `morgue export` and its contract
//!   with the OpenSearch API; `search`: search features; `indexing`:
//!   incremental runs, locks and faults; `html`: saved web pages; `corpora`: measurements on the
//!   shared corpora; `json`: the `--json` contract, decoded into typed copies; `hostile`: input
//!   and index states built to break morgue; `html_fuzz`: the HTML extractor under random pages.

mod util;

mod browser;
mod cli;
mod corpora;
mod export;
mod formats;
mod formats_fuzz;
mod hostile;
mod html;
mod html_fuzz;
mod indexing;
mod json;
mod languages;
mod search;
mod serve;
mod serve_hostile;
