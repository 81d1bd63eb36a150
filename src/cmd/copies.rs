//! `morgue copies`: every group of copies of one story, one group a line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::index::Index;
use morgue::output::human;
use morgue::output::json::{self, CopiesMessage, CopyMessage, Message};
use morgue::search::copies;

use crate::cli::CopiesArgs;

pub fn run(args: &CopiesArgs, index_flag: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = super::index_dir_for_reading(index_flag)?;
    let index = Index::open(&dir)?;
    let groups = copies::groups(&index)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for group in &groups {
        if args.json {
            let message = Message::Copies(CopiesMessage {
                articles: group.iter().map(CopyMessage::new).collect(),
            });
            json::write_line(&mut out, &message)?;
        } else {
            human::write_copies(&mut out, group)?;
        }
    }
    out.flush()?;
    Ok(if groups.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
