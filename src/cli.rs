//! The command line, declared with clap's derive: doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

const EXIT_CODES: &str = "Exit codes: 0 results (or index built), 1 no hits, 2 error.";

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
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// One JSON object instead of text
    #[arg(long)]
    pub json: bool,
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
    #[arg(long, value_name = "SIZE")]
    pub memory: Option<String>,

    /// If another `morgue index` is writing to this index, wait for it instead of failing
    #[arg(long)]
    pub wait: bool,

    /// Start from an empty index (needed after an upgrade that changed the index's schema)
    #[arg(long)]
    pub rebuild: bool,

    /// Keep the articles of files that are no longer in the archive
    #[arg(long)]
    pub no_prune: bool,

    /// Commit after this many articles (and at least every minute), so that an interrupted run
    /// keeps its progress
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub commit_every: u32,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", field:term, -exclusion, OR, AND, parentheses (a query that starts with "-" goes after "--")
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// Number of hits to show
    #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub limit: u32,

    /// Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Only articles from this outlet (its name or words of it; repeat for any of several)
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,

    /// Only articles by this person (a full name or a surname; repeat for any of several)
    #[arg(long, value_name = "NAME")]
    pub byline: Vec<String>,

    /// Only articles in this language (a code such as en or de; repeat for any of several)
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,

    /// Blend relevance with freshness: an article HALF_LIFE older than the archive's newest counts
    /// 3/4 as much (e.g. 30d, 26w, 6m, 2y; a bare number is days)
    #[arg(long, value_name = "HALF_LIFE", num_args = 0..=1, default_missing_value = "1y")]
    pub recent: Option<String>,

    /// Count all matching articles per value of these: source, byline, year (comma-separated)
    #[arg(long, value_name = "LIST")]
    pub facets: Option<String>,

    /// Show how the query was read and, per hit, which terms matched in which fields and their share of the score
    #[arg(long)]
    pub explain: bool,

    /// An alias file (TOML: Zelensky = ["Zelenskyy", "Zelenskiy"]) used with the index's own aliases.toml
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

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
