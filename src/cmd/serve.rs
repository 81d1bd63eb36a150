//! `morgue serve`: open the index (or reach the engine), say where it is served, serve until
//! interrupted.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use morgue::engine::backend::Backend;
use morgue::output::terminal::clean;
use morgue::serve::Config;

use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs, index_flag: Option<PathBuf>, quiet: bool) -> anyhow::Result<ExitCode> {
    let (backend, dir) = super::open_backend(args.engine.as_deref(), index_flag)?;
    // A damaged index, or an engine away or not holding morgue's, is said now, with what to
    // run, rather than by the first request.
    let shown_dir = match &backend {
        Backend::Local(index) => {
            index.check()?;
            clean(&dir.display().to_string()).to_string()
        }
        Backend::Engine(client) => {
            backend.stats()?;
            client.shown()
        }
    };
    let aliases = super::aliases(args.aliases.as_deref(), &dir)?;
    if !args.bind.ip().is_loopback() && !quiet {
        eprintln!(
            "morgue: warning: listening on {}: anyone who can reach this machine on the network can read the archive",
            args.bind
        );
    }
    let config = Config {
        bind: args.bind,
        base_path: args.base_path.clone(),
    };
    morgue::serve::run(backend, aliases, &config, |addr| {
        let url = format!("http://{addr}{}/", config.base_path);
        // On stdout, so that a script (or a test) can read where to connect.
        println!("morgue: serving {shown_dir} at {url}");
        let _ = std::io::stdout().flush();
        if args.open {
            open_browser(&url, quiet);
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ask the desktop to open `url`; say so when it cannot.
fn open_browser(url: &str, quiet: bool) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() && !quiet {
        eprintln!("morgue: could not start {opener} to open the page: open {url} yourself");
    }
}
