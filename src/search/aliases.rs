//! Name aliases: the other ways a name is written, so that a query for one finds them all.
//!
//! The file is TOML, one name per line with its variants:
//!
//! ```toml
//! Zelensky = ["Zelenskyy", "Zelenskiy", "Зеленський"]
//! "Xi Jinping" = ["习近平", "Xi Jin-ping"]
//! ```
//!
//! A group is symmetric: the name and each variant stand for the whole group. Names are compared
//! as the index compares words (lower-cased, accents folded, stemmed), so `zelensky` and
//! `ZELENSKY` both find the group above.

use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::index::analyzer::analyse;

/// Largest alias file read: tens of thousands of names.
const MAX_FILE_BYTES: u64 = 16_000_000;

/// The file `morgue search` loads from the index folder when it is there.
pub const INDEX_FILE: &str = "aliases.toml";

/// Groups of names that stand for one another.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Each group as typed, the name first.
    groups: Vec<Vec<String>>,
    /// The same groups analysed: each name as its sequence of index terms.
    analysed: Vec<Vec<Vec<String>>>,
}

/// A problem with an alias file, naming the file.
#[derive(Debug, Error)]
pub enum AliasError {
    // The I/O error is the source: it follows in the chain, once.
    #[error("cannot read alias file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("alias file {path} is not a regular file of at most 16 MB")]
    NotAFile { path: PathBuf },
    #[error("alias file {path} is not valid TOML: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error(
        "alias file {path}: {key:?} must be a list of strings, as in {key:?} = [\"variant\", …]"
    )]
    NotAList { path: PathBuf, key: String },
    #[error("alias file {path}: {key:?} has a variant with no words in it")]
    EmptyName { path: PathBuf, key: String },
}

impl Aliases {
    /// Read the alias file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, or a value is not a list of names.
    pub fn load(path: &Path) -> Result<Aliases, AliasError> {
        let read = |source| AliasError::Read {
            path: path.to_path_buf(),
            source,
        };
        // Only a regular file, and a bounded one: a pipe would block, a device never end.
        let meta = std::fs::metadata(path).map_err(read)?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(AliasError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text))
            .map_err(read)?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(AliasError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        Aliases::parse(&text, path)
    }

    /// Parse alias TOML; `path` only names the source in errors.
    ///
    /// # Errors
    /// As [`Aliases::load`].
    pub fn parse(text: &str, path: &Path) -> Result<Aliases, AliasError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| AliasError::Syntax {
                path: path.to_path_buf(),
                // toml's message spans several lines (with a caret under the column): one is enough.
                message: e.to_string().lines().next().unwrap_or("").to_string(),
            })?;
        let mut aliases = Aliases::default();
        for (key, value) in table {
            let not_a_list = || AliasError::NotAList {
                path: path.to_path_buf(),
                key: key.clone(),
            };
            let variants = value.as_array().ok_or_else(not_a_list)?;
            let mut group = vec![key.clone()];
            for v in variants {
                group.push(v.as_str().ok_or_else(not_a_list)?.to_string());
            }
            aliases.add(group).map_err(|()| AliasError::EmptyName {
                path: path.to_path_buf(),
                key: key.clone(),
            })?;
        }
        Ok(aliases)
    }

    /// Add one group; `Err` when a name in it has no words.
    fn add(&mut self, group: Vec<String>) -> Result<(), ()> {
        let analysed: Vec<Vec<String>> = group.iter().map(|name| analyse(name)).collect();
        if analysed.iter().any(Vec::is_empty) {
            return Err(());
        }
        self.groups.push(group);
        self.analysed.push(analysed);
        Ok(())
    }

    /// Both sets of groups.
    pub fn merge(&mut self, other: Aliases) {
        self.groups.extend(other.groups);
        self.analysed.extend(other.analysed);
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every name that stands for `terms` (its analysed words), as typed in the file, `terms`'
    /// own spelling included: the union of the groups it belongs to. Empty when it has none.
    pub fn variants_of(&self, terms: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A set beside the list: a group can hold thousands of names.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (group, analysed) in self.groups.iter().zip(&self.analysed) {
            if analysed.iter().any(|a| a == terms) {
                for name in group {
                    if seen.insert(name) {
                        out.push(name.clone());
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Aliases, AliasError> {
        Aliases::parse(text, Path::new("aliases.toml"))
    }

    #[test]
    fn any_spelling_finds_the_whole_group() {
        let a = parse(
            "Zelensky = [\"Zelenskyy\", \"Zelenskiy\", \"Зеленський\"]\n\"Xi Jinping\" = [\"习近平\"]",
        )
        .unwrap();
        let all = ["Zelensky", "Zelenskyy", "Zelenskiy", "Зеленський"];
        assert_eq!(a.variants_of(&analyse("ZELENSKIY")), all);
        assert_eq!(a.variants_of(&analyse("zelensky")), all);
        assert_eq!(
            a.variants_of(&analyse("xi jinping")),
            ["Xi Jinping", "习近平"]
        );
        assert!(a.variants_of(&analyse("xi")).is_empty());
    }

    #[test]
    fn bad_files_are_named_with_what_to_fix() {
        let e = parse("Zelensky = \"Zelenskyy\"").unwrap_err().to_string();
        assert!(
            e.contains("aliases.toml") && e.contains("list of strings"),
            "{e}"
        );
        let e = parse("Zelensky = [1]").unwrap_err().to_string();
        assert!(e.contains("list of strings"), "{e}");
        let e = parse("Zelensky = [\"").unwrap_err().to_string();
        assert!(e.contains("not valid TOML") && !e.contains('\n'), "{e}");
        let e = parse("Zelensky = [\"...\"]").unwrap_err().to_string();
        assert!(e.contains("no words"), "{e}");
        let e =
            anyhow::Error::new(Aliases::load(Path::new("/nonexistent/aliases.toml")).unwrap_err());
        let said = format!("{e:#}");
        assert_eq!(said.matches("No such file").count(), 1, "{said}");
    }
}
