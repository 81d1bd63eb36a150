//! The command line, declared with clap's derive: doc comments are the help text.

use std::path::PathBuf;

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use morgue::search::facets::Facet;
use morgue::search::request::DAY_FORMS;
use time::Date;

/// A search engine for news archives: index a folder of saved articles, then search it.
#[derive(Debug, Parser)]
#[command(name = "morgue", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// Index directory [default: $MORGUE_INDEX, else ./.morgue; search also looks in parent folders]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Print no progress, warnings or summaries on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 results (or index built, files segmented), 1 no hits, \
2 error, or some files could not be read (each named on stderr; the others were done).";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk archive folders, segment every article and add it to the index
    Index(IndexArgs),
    /// Search the index and print ranked hits with snippets
    Search(SearchArgs),
    /// Segment files into articles and print them, without touching an index
    Segment(SegmentArgs),
    /// Print what the index holds: articles, sources, date range, size, field coverage
    Stats(StatsArgs),
    /// How many matching articles there are per day, week, month or year, as a bar chart
    Timeline(TimelineArgs),
    /// The people (or organisations, places) most often in the matching articles
    People(PeopleArgs),
    /// Every group of copies of one story (an agency text republished), one group a line
    Copies(CopiesArgs),
    /// Serve the index as a web page and an HTTP API (read-only; loopback unless --bind says otherwise)
    Serve(ServeArgs),
    /// Write the segmented articles as NDJSON chunks, with the OpenSearch and Quickwit configs
    /// that load them (a re-run writes only what changed, and the ids of what is gone)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Archive folders (or single files) to export
    #[arg(required = true, value_name = "DIR")]
    pub paths: Vec<PathBuf>,

    /// The export's folder (created; a later export into it adds only what changed)
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,

    /// Start a new chunk file past this size, e.g. 50MB or 1G
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = byte_size)]
    pub chunk_size: usize,

    /// Follow symbolic links (loops are detected and reported)
    #[arg(long)]
    pub follow: bool,

    /// Threads reading and segmenting files [default: all cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Keep the articles of files that are no longer in the archive (list no deletions)
    #[arg(long)]
    pub no_prune: bool,

    /// Commit after this many articles (and at least every minute), so that an interrupted run
    /// keeps its progress
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub commit_every: u32,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; an address other than loopback makes the archive readable
    /// from the network (port 0 picks a free one)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7070")]
    pub bind: std::net::SocketAddr,

    /// The path the pages live under behind a reverse proxy, e.g. /morgue
    #[arg(long, value_name = "PATH", default_value = "", value_parser = morgue::serve::base_path)]
    pub base_path: String,

    /// Open the search page in the default browser once the server is listening
    #[arg(long)]
    pub open: bool,

    /// An alias file (TOML: Zelensky = ["Zelenskyy", "Zelenskiy"]) used with the index's own aliases.toml
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Serve an OpenSearch or Elasticsearch index that `morgue index --engine` filled, e.g.
    /// http://localhost:9200/news (credentials from MORGUE_ENGINE_USER / _PASSWORD)
    #[arg(long, value_name = "URL")]
    pub engine: Option<String>,
}

#[derive(Debug, Args)]
pub struct CopiesArgs {
    /// One JSON object per group instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// One JSON object instead of text
    #[arg(long)]
    pub json: bool,

    /// Count what an OpenSearch or Elasticsearch index that `morgue index --engine` filled
    /// holds, instead of the local index
    #[arg(long, value_name = "URL")]
    pub engine: Option<String>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Archive folders (or single files) to index
    #[arg(required = true, value_name = "DIR")]
    pub paths: Vec<PathBuf>,

    /// Follow symbolic links (loops are detected and reported)
    #[arg(long)]
    pub follow: bool,

    /// Threads reading and segmenting files [default: all cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Memory for the index writer's buffers, e.g. 256M or 1G [default: 64M per core, at most 1G]
    #[arg(long, value_name = "SIZE", value_parser = byte_size)]
    pub memory: Option<usize>,

    /// If another `morgue index` is writing to this index, wait for it instead of failing
    #[arg(long)]
    pub wait: bool,

    /// Start from an empty index (needed after an upgrade that changed the index's schema)
    #[arg(long)]
    pub rebuild: bool,

    /// Keep the articles of files that are no longer in the archive
    #[arg(long)]
    pub no_prune: bool,

    /// Remove the articles of an archive folder that is now empty (without it, an empty folder
    /// such as an unmounted drive keeps its articles)
    #[arg(long, conflicts_with = "no_prune")]
    pub prune_empty: bool,

    /// Commit after this many articles (and at least every minute), so that an interrupted run
    /// keeps its progress
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub commit_every: u32,

    /// Send the articles to an OpenSearch or Elasticsearch index instead of the local one,
    /// e.g. http://localhost:9200/news (credentials from MORGUE_ENGINE_USER and
    /// MORGUE_ENGINE_PASSWORD; what was sent is remembered under --index)
    /// (Read by the command, not by a value parser: clap would echo a bad value, and the
    /// address may hold a password.)
    #[arg(long, value_name = "URL", conflicts_with_all = ["rebuild", "memory", "wait"])]
    pub engine: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", field:term, -exclusion, OR, AND, parentheses (a query that starts with "-" goes after "--")
    #[arg(required_unless_present = "names", value_name = "QUERY")]
    pub query: Vec<String>,

    /// Search each name of this file (one a line) as a phrase, within QUERY when one is given,
    /// and print its count of articles and its best hit
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,

    /// Number of hits to show
    #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,

    #[command(flatten)]
    pub filters: Filters,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Blend relevance with freshness: an article HALF_LIFE older than the archive's newest counts
    /// 3/4 as much (--recent=30d, 26w, 6m, 2y; a bare number is days; --recent alone is 1y)
    #[arg(
        long,
        value_name = "HALF_LIFE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "1y",
        value_parser = half_life_days
    )]
    pub recent: Option<f64>,

    /// Count all matching articles per value of these: source, byline, year, person, org, place
    /// (comma-separated)
    #[arg(
        long,
        value_name = "LIST",
        value_parser = facet,
        value_delimiter = ',',
        num_args = 1
    )]
    pub facets: Vec<Facet>,

    /// Show how the query was read and, per hit, which terms matched in which fields and their share of the score
    #[arg(long)]
    pub explain: bool,

    /// Show every copy of a story as a hit of its own (by default each story is shown once, at
    /// its best-ranked copy, with "+N copies")
    #[arg(long)]
    pub all_copies: bool,

    /// Body passages shown per hit (each a sentence or two around the matches)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub fragments: u8,

    /// One JSON object per line (hits, then a summary) instead of text
    #[arg(long)]
    pub json: bool,

    /// When to colour highlights
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Which articles a query covers: dates, outlets, bylines, people, languages, and the spellings of
/// names. Shared by `search`, `timeline` and `people`, so that their counts agree.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = first_day)]
    pub since: Option<Date>,

    /// Only articles dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = last_day)]
    pub until: Option<Date>,

    /// Only articles from this outlet (its name or words of it; repeat for any of several)
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    pub source: Vec<String>,

    /// Only articles by this person (a full name or a surname; repeat for any of several)
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    pub byline: Vec<String>,

    /// Only articles that name this person (a full name or a surname; repeat: all must be named)
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    pub person: Vec<String>,

    /// Only articles in this language (a code such as en or de; repeat for any of several)
    #[arg(long, value_name = "CODE", value_parser = NonEmptyStringValueParser::new())]
    pub lang: Vec<String>,

    /// An alias file (TOML: Zelensky = ["Zelenskyy", "Zelenskiy"]) used with the index's own aliases.toml
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Ask an OpenSearch or Elasticsearch index that `morgue index --engine` filled, e.g.
    /// http://localhost:9200/news, instead of the local index (credentials from
    /// MORGUE_ENGINE_USER and MORGUE_ENGINE_PASSWORD)
    #[arg(long, value_name = "URL")]
    pub engine: Option<String>,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The query, as for `search`
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// The period of a bar [default: chosen from the span of the dates, at most about 60 bars]
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<Period>,

    #[command(flatten)]
    pub filters: Filters,

    /// One JSON object per line (a bucket per period, then a summary) instead of a chart
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// The query, as for `search`
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// Organisations instead of people
    #[arg(long, conflicts_with = "places")]
    pub orgs: bool,

    /// Places instead of people
    #[arg(long)]
    pub places: bool,

    /// Names to list
    #[arg(short = 'n', long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,

    #[command(flatten)]
    pub filters: Filters,

    /// One JSON object per line (a name each, then a summary) instead of text
    #[arg(long)]
    pub json: bool,
}

/// A timeline's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl From<Period> for morgue::search::timeline::Period {
    fn from(p: Period) -> Self {
        use morgue::search::timeline::Period as P;
        match p {
            Period::Day => P::Day,
            Period::Week => P::Week,
            Period::Month => P::Month,
            Period::Year => P::Year,
        }
    }
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Files to segment (pages saved as text, JSON exports, .gz of either)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// One JSON object per article instead of text
    #[arg(long)]
    pub json: bool,

    /// Show how each line of a text page was judged (class, weight, in the body region or not)
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Best match first
    Relevance,
    /// Most recent first (undated last)
    Newest,
    /// Oldest first (undated last)
    Oldest,
}

/// Colour use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, NO_COLOR is unset and TERM is not "dumb"
    Auto,
    Always,
    Never,
}

/// `--facets`: a facet by name (`Facet::from_name`).
fn facet(value: &str) -> Result<Facet, String> {
    Facet::from_name(value).ok_or_else(|| format!("use {}", morgue::search::facets::FACET_NAMES))
}

/// `--since`: the first day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn first_day(value: &str) -> Result<Date, String> {
    morgue::search::request::parse_day(value, false).ok_or_else(|| DAY_FORMS.to_string())
}

/// `--until`: the last day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn last_day(value: &str) -> Result<Date, String> {
    morgue::search::request::parse_day(value, true).ok_or_else(|| DAY_FORMS.to_string())
}

/// `--recent`: a half-life in days, from `30d`, `26w`, `6m`, `2y` or a bare number of days.
fn half_life_days(value: &str) -> Result<f64, String> {
    morgue::search::request::parse_half_life(value)
        .ok_or_else(|| morgue::search::request::HALF_LIFE_FORMS.to_string())
}

/// The most `--memory` can be: tantivy refuses more than 4 GB per writer thread, and uses at
/// most 8 threads.
pub const MAX_MEMORY: usize = 8 * ((4 << 30) - 1);

/// `--memory`: bytes, from `256M`, `1G`, `1.5G` or a number of bytes (K, M, G are powers of 1024;
/// a trailing `B` or `iB` is allowed).
fn byte_size(value: &str) -> Result<usize, String> {
    const UNITS: &[(char, f64)] = &[
        ('b', 1.0),
        ('k', 1024.0),
        ('m', 1024.0 * 1024.0),
        ('g', 1024.0 * 1024.0 * 1024.0),
    ];
    let lower = value.trim().to_ascii_lowercase();
    // "256MB", "256MiB": the unit is the letter before the B.
    let unit_only = lower
        .strip_suffix("ib")
        .or_else(|| {
            lower
                .strip_suffix('b')
                .filter(|s| s.ends_with(['k', 'm', 'g']))
        })
        .unwrap_or(&lower);
    match morgue::search::request::number_with_unit(unit_only, UNITS, 'b') {
        Some(bytes) if bytes >= 1.0 && bytes <= MAX_MEMORY as f64 => Ok(bytes as usize),
        _ => Err("use a number of bytes or a size such as 256M or 1G".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_lives_in_days() {
        assert_eq!(half_life_days("30d"), Ok(30.0));
        assert_eq!(half_life_days("2"), Ok(2.0));
        assert_eq!(half_life_days("2w"), Ok(14.0));
        assert!((half_life_days("1Y").unwrap() - 365.25).abs() < 1e-9);
        for bad in ["", "0d", "-3d", "soon", "3x", "nand", "inf", "d"] {
            assert!(half_life_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_in_bytes() {
        assert_eq!(byte_size("256M"), Ok(256 << 20));
        assert_eq!(byte_size("1G"), Ok(1 << 30));
        assert_eq!(byte_size("1.5g"), Ok(3 << 29));
        assert_eq!(byte_size("64MiB"), Ok(64 << 20));
        assert_eq!(byte_size("64mb"), Ok(64 << 20));
        assert_eq!(byte_size("1000"), Ok(1000));
        for bad in ["lots", "12Q", "0", "-1M", "", "1e30", "100G"] {
            assert!(byte_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_name_every_form() {
        assert!(first_day("2019-13-45").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(last_day("9999").unwrap().to_string(), "9999-12-31");
    }
}
