//! Progress of `morgue index` on stderr: a bar on a terminal, a plain line every few seconds
//! otherwise (a log, a pipe), nothing with `--quiet`. The pipeline's warnings go through here
//! too, so that they print above the bar instead of through it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use morgue::index::pipeline::{self, Event, Report};
use morgue::output::terminal::clean;

/// How often a plain progress line is printed when stderr is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(3);

pub struct Progress {
    mode: Mode,
    started: Instant,
    /// Bytes of the files the walk has listed so far, and whether it has listed them all: the
    /// bar's length, so that the ETA firms up as the walk goes on.
    listed_bytes: AtomicU64,
    listing_done: AtomicBool,
}

enum Mode {
    Quiet,
    Bar(ProgressBar),
    Lines { last: Mutex<Instant> },
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal()
            && std::env::var("TERM").map_or(true, |t| t != "dumb")
        {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{elapsed:>4} [{bar:28}] {bytes}/{total_bytes} · {msg} · {bytes_per_sec} · ETA {eta}",
                )
                .expect("the template is valid")
                .progress_chars("=> "),
            );
            Mode::Bar(bar)
        } else {
            Mode::Lines {
                last: Mutex::new(Instant::now()),
            }
        };
        Progress {
            mode,
            started: Instant::now(),
            listed_bytes: AtomicU64::new(0),
            listing_done: AtomicBool::new(false),
        }
    }

    /// A warning or note, on its own line.
    fn say(&self, line: &str) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => bar.println(line),
            Mode::Lines { .. } => eprintln!("{line}"),
        }
    }

    /// Clear the bar before the summary is printed.
    pub fn finish(&self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
        }
    }
}

impl pipeline::Progress for Progress {
    fn listed(&self, bytes: u64) {
        self.listed_bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    fn listing_done(&self) {
        self.listing_done.store(true, Ordering::Relaxed);
    }

    fn advanced(&self, report: &Report) {
        let (files, articles, bytes) = (report.files, report.added + report.updated, report.bytes);
        let listed = self.listed_bytes.load(Ordering::Relaxed).max(bytes);
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                bar.set_length(listed);
                bar.set_position(bytes);
                bar.set_message(format!("{files} files, {articles} articles"));
            }
            Mode::Lines { last } => {
                let mut last = last.lock().expect("progress is not poisoned");
                if last.elapsed() < LINE_EVERY {
                    return;
                }
                *last = Instant::now();
                let secs = self.started.elapsed().as_secs_f64();
                let rate = bytes as f64 / 1e6 / secs.max(1e-9);
                let share = if self.listing_done.load(Ordering::Relaxed) && listed > 0 {
                    format!(
                        ", {:.0}% of {:.0} MB",
                        bytes as f64 / listed as f64 * 100.0,
                        listed as f64 / 1e6
                    )
                } else {
                    String::new()
                };
                eprintln!(
                    "morgue: {files} files, {articles} articles so far ({rate:.1} MB/s{share})"
                );
            }
        }
    }

    fn event(&self, event: &Event) {
        let line = match event {
            Event::Skipped { path, skip } => {
                format!("morgue: skipped {}: {}", clean(path), clean(&skip.detail))
            }
            Event::Note { path, note } => format!("morgue: {}: {}", clean(path), clean(note)),
            Event::EmptyRootKept { root, articles } => format!(
                "morgue: {} holds no files (an unmounted drive?): its {articles} articles were kept; pass --prune-empty to remove them",
                clean(root)
            ),
            Event::ListingIncomplete => {
                "morgue: some folders could not be listed; no article was removed for files not seen".to_string()
            }
        };
        self.say(&line);
    }
}
