//! Extract: cutting one page into an [`Article`](crate::Article)'s fields. Pure functions of
//! text: nothing here knows of files, folders or indexes.
//!
//! - [`text`] segments a page saved as text (a browser's "save as text", a w3m dump, a clipping).
//! - [`html`] extracts a saved web page (body by the `trafilatura` crate, every other field by
//!   morgue's own reading of the markup).
//! - The field parsers both use: [`byline`] (names out of "By ..." lines), [`date`] (dates as
//!   newspapers write them), [`lexicon`] (function words, furniture phrases, roles), and
//!   [`boilerplate`] (lines that recur across the pages of one folder).

pub mod boilerplate;
pub mod byline;
pub mod copies;
pub mod date;
pub mod entities;
pub mod html;
pub mod lexicon;
pub mod text;
