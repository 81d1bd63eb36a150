//! How a query was read, for `--explain` and the JSON `query` message: the query as typed and as
//! parsed, the terms, phrases, aliases, fuzzy words and prefixes searched, and what was changed.

use serde::Serialize;
use tantivy_query_grammar::{Delimiter, UserInputAst, UserInputLeaf};

/// How a query was read, for `--explain`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// The query as typed.
    pub input: String,
    /// The query after repair, as tantivy's grammar read it (`+` must, `-` must not).
    pub parsed: String,
    /// Words searched, as the index holds them (lower-cased, folded, stemmed).
    pub terms: Vec<String>,
    pub phrases: Vec<String>,
    pub aliases: Vec<AliasUse>,
    pub fuzzy: Vec<FuzzyUse>,
    pub prefixes: Vec<String>,
    /// What lenient parsing dropped or changed.
    pub dropped: Vec<String>,
}

/// A name that an alias group widened.
#[derive(Debug, Clone, Serialize)]
pub struct AliasUse {
    pub name: String,
    pub variants: Vec<String>,
}

/// A `word~` and the distance it was searched with.
#[derive(Debug, Clone, Serialize)]
pub struct FuzzyUse {
    pub word: String,
    pub distance: u32,
}

/// A parsed query in morgue's own notation, for `--explain`: clauses in parentheses, `+` must,
/// `-` must not, `OR` between alternatives (a word with no mark is required, as typed words
/// are), `field:word`, `field:"phrase"~slop`, `field:[a TO b}`, `field:/regex/`, `field:*`,
/// `(…)^boost`.
pub fn render(ast: &UserInputAst) -> String {
    use tantivy::query::Occur;
    use tantivy_query_grammar::UserInputBound;
    let field = |name: &Option<String>| name.as_ref().map_or(String::new(), |n| format!("{n}:"));
    match ast {
        UserInputAst::Clause(children) => {
            if children.len() > 1 && children.iter().all(|(o, _)| *o == Some(Occur::Should)) {
                let parts: Vec<String> = children.iter().map(|(_, c)| render(c)).collect();
                return format!("({})", parts.join(" OR "));
            }
            let parts: Vec<String> = children
                .iter()
                .map(|(occur, child)| {
                    let sign = match occur {
                        Some(Occur::Must) => "+",
                        Some(Occur::MustNot) => "-",
                        Some(Occur::Should) | None => "",
                    };
                    format!("{sign}{}", render(child))
                })
                .collect();
            format!("({})", parts.join(" "))
        }
        UserInputAst::Boost(inner, boost) => format!("{}^{}", render(inner), boost.into_inner()),
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(l) => {
                let text = match l.delimiter {
                    Delimiter::None => l.phrase.clone(),
                    _ => format!("\"{}\"", l.phrase),
                };
                let slop = if l.slop > 0 {
                    format!("~{}", l.slop)
                } else {
                    String::new()
                };
                let prefix = if l.prefix { "*" } else { "" };
                format!("{}{text}{slop}{prefix}", field(&l.field_name))
            }
            UserInputLeaf::All => "*".to_string(),
            UserInputLeaf::Range {
                field: f,
                lower,
                upper,
            } => {
                let lower = match lower {
                    UserInputBound::Inclusive(w) => format!("[{w}"),
                    UserInputBound::Exclusive(w) => format!("{{{w}"),
                    UserInputBound::Unbounded => "{*".to_string(),
                };
                let upper = match upper {
                    UserInputBound::Inclusive(w) => format!("{w}]"),
                    UserInputBound::Exclusive(w) => format!("{w}}}"),
                    UserInputBound::Unbounded => "*}".to_string(),
                };
                format!("{}{lower} TO {upper}", field(f))
            }
            UserInputLeaf::Set { field: f, elements } => {
                format!("{}IN [{}]", field(f), elements.join(" "))
            }
            UserInputLeaf::Exists { field: f } => format!("{f}:*"),
            UserInputLeaf::Regex { field: f, pattern } => format!("{}/{pattern}/", field(f)),
        },
    }
}
