//! Understanding a typed query: repair what people type, parse it with tantivy's grammar, expand
//! what the parser cannot (name aliases, fuzzy `word~`), and compile it into a tantivy query,
//! keeping what was looked for (for highlights) and the scoring parts (for `--explain`).
//!
//! Plain leaves (a word, a "phrase", a range) are handed back to tantivy's `QueryParser` one field
//! at a time, so that analysis, phrases and field boosts are exactly the parser's; only the tree
//! around them is morgue's.

use std::collections::{HashMap, HashSet};

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy_query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};

use crate::index::Index;
use crate::index::{analyzer, schema};
use crate::search::aliases::Aliases;
use crate::search::any_of::AnyOf;
use crate::search::plan::{render, AliasUse, FuzzyUse, Plan};
use crate::search::repair;

/// Fields searched when the query names none, with their boosts: the headline counts most, then
/// the lede (what the story leads with is what it is about), the standfirst, the byline and the
/// rest of the body. Tuned on the Reuters known-item and people queries of
/// `score-search.py` (two seeds agree); see BENCHMARKS.md.
pub const DEFAULT_FIELDS: &[(&str, f32)] = &[
    (schema::TITLE, 2.5),
    (schema::TITLE_EXACT, 1.0),
    (schema::STANDFIRST, 2.0),
    (schema::LEAD, 2.5),
    (schema::BYLINE, 1.5),
    (schema::BODY, 1.0),
];

/// Fields analysed as words (the others are exact keys: id, lang, format).
const TEXT_FIELDS: &[&str] = &[
    schema::TITLE,
    schema::TITLE_EXACT,
    schema::STANDFIRST,
    schema::LEAD,
    schema::BYLINE,
    schema::BODY,
    schema::SOURCE,
    schema::URL,
    schema::PERSON,
    schema::ORG,
    schema::PLACE,
    schema::KEYWORD,
];

/// Words of a name looked up in the alias file at most, when typed without quotes.
const MAX_NAME_WORDS: usize = 4;

/// Deepest query tree compiled: parentheses are flattened past 16 levels before parsing, and
/// nothing anyone types needs more.
const MAX_DEPTH: usize = 48;

/// Spellings of one name searched: each is a phrase in five fields, and a group this large is
/// a list of names, not one name's spellings.
const MAX_ALIAS_VARIANTS: usize = 64;

/// Fuzzy words per query: each walks the vocabulary of five fields, and nobody types more.
const MAX_FUZZY_WORDS: usize = 8;

/// The largest edit distance of `word~`: beyond two edits nearly every short word matches.
pub const MAX_FUZZY_DISTANCE: u32 = 2;

/// A query ready to run, with what it looks for.
pub struct Compiled {
    /// Matches what was asked (every term, or any when `any_term`).
    pub query: Box<dyn Query>,
    /// Per field, the words and phrases to highlight (excluded words are not among them).
    pub wanted: HashMap<Field, Wanted>,
    /// The scoring parts, one per term or phrase and field, for `--explain`.
    pub units: Vec<Unit>,
    /// The plain words of the query in order, for the proximity bonus: as the index's prose
    /// holds them in each language it was stemmed in, English first, each different list once.
    pub plain_words: Vec<Analysis>,
    /// The plain words again, each as names hold it (folded, see `schema::PERSON`) and as
    /// English prose does (stemmed), for the people boost (`named`).
    pub plain_names: Vec<(String, String)>,
    /// What was done, in words.
    pub plan: Plan,
}

/// A text as the index holds it in the prose of some of its languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The compiler's parser that analyses it so.
    pub parser: usize,
    /// The terms.
    pub terms: Vec<String>,
    /// The codes (`schema::STEMMING`) of the articles that hold it so; empty: all of them.
    pub languages: Vec<&'static str>,
}

/// One scoring part of a query: a term, phrase or expansion in one field.
pub struct Unit {
    /// The field's name.
    pub field: &'static str,
    /// What it looks for, as shown to people: `putin`, `"best friend"`, `zelensky~1`.
    pub label: String,
    pub query: Box<dyn Query>,
}

/// What a query looks for in one field, as the index holds words (lower-cased, folded, stemmed).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    /// Words highlighted wherever they stand.
    pub terms: HashSet<String>,
    /// Phrases, highlighted only where their words stand together, as one mark.
    pub phrases: Vec<Vec<String>>,
    /// `word~`: the word and how many edits away a match may be.
    pub fuzzy: Vec<(String, u32)>,
    /// `word*`: prefixes of the folded, unstemmed word.
    pub prefixes: Vec<String>,
}

impl Wanted {
    /// Wanted words, from plain terms only.
    pub fn terms<I: IntoIterator<Item = String>>(terms: I) -> Wanted {
        Wanted {
            terms: terms.into_iter().collect(),
            ..Wanted::default()
        }
    }
}

/// Compiles typed queries against one index.
pub struct Compiler<'a> {
    /// One parser per Latin stemmer the index's prose was stemmed in (English first): a word
    /// is looked for in the prose as each language's articles hold it ("Wahl" as `wahl` in the
    /// German articles), and in the other fields as English stems it.
    parsers: Vec<(frostem::Algorithm, QueryParser)>,
    /// The field of each article's stemming language (`schema::STEMMING`).
    stemming: Field,
    schema: tantivy::schema::Schema,
    aliases: &'a Aliases,
}

impl<'a> Compiler<'a> {
    pub fn new(index: &'a Index, aliases: &'a Aliases) -> Compiler<'a> {
        let schema = index.schema();
        let field = |name: &str| {
            schema
                .get_field(name)
                .expect("our fields are in the schema")
        };
        let defaults: Vec<Field> = DEFAULT_FIELDS.iter().map(|(name, _)| field(name)).collect();
        // An index whose languages cannot be listed is searched as English.
        let stemmers = index
            .prose_stemmers()
            .unwrap_or_else(|_| vec![frostem::Algorithm::English]);
        let parsers = stemmers
            .into_iter()
            .map(|latin| {
                let mut parser = index.query_parser(defaults.clone(), latin);
                // Only our own `word*` rewrites reach the parser as regular expressions (see
                // `sanitize`).
                parser.allow_regexes();
                for (name, boost) in DEFAULT_FIELDS {
                    parser.set_field_boost(field(name), *boost);
                }
                (latin, parser)
            })
            .collect();
        Compiler {
            parsers,
            stemming: field(schema::STEMMING),
            schema,
            aliases,
        }
    }

    /// Compile `input`: every term required unless `any_term`.
    pub fn compile(&self, input: &str, any_term: bool) -> Compiled {
        let (text, mut dropped) = repair::sanitize(input);
        let (ast, errors) = tantivy_query_grammar::parse_query_lenient(&text);
        dropped.extend(errors.into_iter().map(|e| e.message));
        let mut state = State {
            compiler: self,
            any_term,
            wanted: HashMap::new(),
            units: Vec::new(),
            plain_words: vec![Vec::new(); self.parsers.len()],
            plain_names: Vec::new(),
            fuzzy_words: 0,
            plan: Plan {
                input: input.to_string(),
                parsed: render(&ast),
                ..Plan::default()
            },
        };
        let compiled = state.node(ast, Polarity::Positive, true, 0);
        let query: Box<dyn Query> = match compiled {
            None => Box::new(tantivy::query::EmptyQuery),
            Some((q, true)) => {
                // Only exclusions: every other article matches (see `node`).
                state.plan.dropped.push(
                    "the query only excludes words: every article without them matches".to_string(),
                );
                q
            }
            Some((q, false)) => q,
        };
        state.plan.dropped.splice(0..0, dropped);
        let plain_words = self.grouped(state.plain_words);
        Compiled {
            query,
            wanted: state.wanted,
            units: state.units,
            plain_words,
            plain_names: state.plain_names,
            plan: state.plan,
        }
    }

    /// Analyses of one text, one per parser, each different one once, with the languages
    /// whose articles hold the text so (none named when all do).
    fn grouped(&self, per_parser: Vec<Vec<String>>) -> Vec<Analysis> {
        let mut out: Vec<Analysis> = Vec::new();
        for (i, terms) in per_parser.into_iter().enumerate() {
            let code = crate::lang::latin_stemmer_code(self.parsers[i].0);
            match out.iter_mut().find(|a| a.terms == terms) {
                Some(same) => same.languages.push(code),
                None if !terms.is_empty() || i == 0 => out.push(Analysis {
                    parser: i,
                    terms,
                    languages: vec![code],
                }),
                None => {}
            }
        }
        if out.len() == 1 {
            out[0].languages.clear();
        }
        out
    }

    fn field_name(&self, field: Field) -> &'static str {
        let name = self.schema.get_field_name(field);
        TEXT_FIELDS
            .iter()
            .chain([schema::ID, schema::LANG, schema::FORMAT, schema::PATH].iter())
            .find(|n| **n == name)
            .copied()
            .unwrap_or("other")
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Polarity {
    Positive,
    /// Under an exclusion: matched but neither highlighted nor explained.
    Negative,
}

struct State<'c, 'a> {
    compiler: &'c Compiler<'a>,
    any_term: bool,
    wanted: HashMap<Field, Wanted>,
    units: Vec<Unit>,
    /// Per parser of the compiler, the plain words as its language's prose holds them.
    plain_words: Vec<Vec<String>>,
    /// The plain words as names and as English prose hold them (see `Compiled::plain_names`).
    plain_names: Vec<(String, String)>,
    plan: Plan,
    /// `word~` terms compiled so far.
    fuzzy_words: usize,
}

impl State<'_, '_> {
    /// Compile one node. The flag says whether the result only excludes (a clause of `-x` alone),
    /// so that the caller can decide what such a clause means.
    fn node(
        &mut self,
        ast: UserInputAst,
        polarity: Polarity,
        top_level_and: bool,
        depth: usize,
    ) -> Option<(Box<dyn Query>, bool)> {
        // The grammar nests `NOT NOT NOT …` a level a word; the engine then recurses as deep.
        if depth > MAX_DEPTH {
            let note =
                format!("the query nests deeper than {MAX_DEPTH} levels; the rest was dropped");
            if !self.plan.dropped.contains(&note) {
                self.plan.dropped.push(note);
            }
            return None;
        }
        match ast {
            UserInputAst::Clause(children) => {
                let default = if self.any_term {
                    Occur::Should
                } else {
                    Occur::Must
                };
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut negative_only = true;
                for (occur, child) in self.alias_names_joined(children) {
                    let occur = occur.unwrap_or(default);
                    let child_polarity = if occur == Occur::MustNot {
                        Polarity::Negative
                    } else {
                        polarity
                    };
                    // Words count for proximity only where all of them are required.
                    let and = top_level_and && occur == Occur::Must;
                    if let Some((q, only_excludes)) =
                        self.node(child, child_polarity, and, depth + 1)
                    {
                        negative_only &= occur == Occur::MustNot || only_excludes;
                        clauses.push((occur, q));
                    }
                }
                // `-medal` alone means every article without "medal" (a query of exclusions
                // alone would otherwise match nothing at all).
                if !clauses.is_empty() && clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                // Words that must all match skip through one another (see `any_of`).
                crate::search::any_of::tie(&mut clauses);
                match clauses.len() {
                    0 => None,
                    1 if clauses[0].0 != Occur::MustNot => {
                        Some((clauses.pop().expect("one").1, negative_only))
                    }
                    _ => Some((Box::new(BooleanQuery::new(clauses)), negative_only)),
                }
            }
            UserInputAst::Boost(inner, boost) => {
                self.node(*inner, polarity, false, depth + 1)
                    .map(|(q, neg)| {
                        (
                            Box::new(BoostQuery::new(q, boost.into_inner() as f32))
                                as Box<dyn Query>,
                            neg,
                        )
                    })
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf, polarity, top_level_and),
        }
    }

    /// Words typed one after another that spell a name of the alias file (`Xi Jinping`, with
    /// `"Xi Jinping" = ["习近平"]`) become that name, as if quoted, so that its other spellings
    /// are searched: the longest name first, up to [`MAX_NAME_WORDS`] words.
    fn alias_names_joined(
        &self,
        children: Vec<(Option<Occur>, UserInputAst)>,
    ) -> Vec<(Option<Occur>, UserInputAst)> {
        if self.compiler.aliases.is_empty() {
            return children;
        }
        // A plain word: no field, no quotes, no `*` or `~`, required or optional as the rest.
        let word = |child: &(Option<Occur>, UserInputAst)| -> Option<String> {
            match child {
                (None | Some(Occur::Must), UserInputAst::Leaf(leaf)) => match leaf.as_ref() {
                    UserInputLeaf::Literal(l)
                        if l.field_name.is_none()
                            && l.delimiter == Delimiter::None
                            && !l.prefix
                            && !l.phrase.contains('~') =>
                    {
                        Some(l.phrase.clone())
                    }
                    _ => None,
                },
                _ => None,
            }
        };
        let mut out = Vec::with_capacity(children.len());
        let mut rest = children.into_iter().peekable();
        let mut pending: Vec<(Option<Occur>, UserInputAst)> = Vec::new();
        loop {
            // Fill a window of up to MAX_NAME_WORDS plain words, then take the longest name.
            while pending.len() < MAX_NAME_WORDS && rest.peek().and_then(word).is_some() {
                pending.push(rest.next().expect("peeked"));
            }
            if pending.is_empty() {
                match rest.next() {
                    Some(child) => {
                        out.push(child);
                        continue;
                    }
                    None => return out,
                }
            }
            let words: Vec<String> = pending.iter().filter_map(word).collect();
            let name_len = (2..=words.len()).rev().find(|&n| {
                let name = words[..n].join(" ");
                !self
                    .compiler
                    .aliases
                    .variants_of(&analyzer::analyse(&name))
                    .is_empty()
            });
            match name_len {
                Some(n) => {
                    let occur = pending[0].0;
                    pending.drain(..n);
                    out.push((
                        occur,
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                            field_name: None,
                            phrase: words[..n].join(" "),
                            delimiter: Delimiter::DoubleQuotes,
                            slop: 0,
                            prefix: false,
                        }))),
                    ));
                }
                None => out.push(pending.remove(0)),
            }
        }
    }

    fn leaf(
        &mut self,
        leaf: UserInputLeaf,
        polarity: Polarity,
        plain: bool,
    ) -> Option<(Box<dyn Query>, bool)> {
        match leaf {
            UserInputLeaf::Literal(literal) => self.literal(literal, polarity, plain),
            UserInputLeaf::Exists { field } if field != schema::DATE => {
                // `title:*`: articles with any word in the field. tantivy's own "exists" query
                // needs a fast column, which only the date has.
                let Ok(f) = self.compiler.schema.get_field(&field) else {
                    self.plan
                        .dropped
                        .push(format!("`{field}:*`: there is no such field; dropped"));
                    return None;
                };
                match tantivy::query::RegexQuery::from_pattern(".+", f) {
                    Ok(q) => Some((Box::new(q), false)),
                    Err(e) => {
                        self.plan.dropped.push(format!("`{field}:*`: {e}"));
                        None
                    }
                }
            }
            UserInputLeaf::Regex { field, pattern } => {
                if polarity == Polarity::Positive {
                    if let Some(prefix) = pattern.strip_suffix(".*") {
                        let prefix = prefix.to_string();
                        if !self.plan.prefixes.contains(&prefix) {
                            self.plan.prefixes.push(prefix.clone());
                        }
                        for f in self.fields_for(field.as_deref()) {
                            self.wanted
                                .entry(f)
                                .or_default()
                                .prefixes
                                .push(prefix.clone());
                        }
                    }
                }
                let label = pattern.clone();
                let field_name = field.clone();
                let q = self.parse_leaf(UserInputLeaf::Regex { field, pattern })?;
                if polarity == Polarity::Positive {
                    if let Some(name) = field_name.as_deref() {
                        let f = self.compiler.schema.get_field(name).ok()?;
                        self.units.push(Unit {
                            field: self.compiler.field_name(f),
                            label: format!("{label} (prefix)"),
                            query: q.box_clone(),
                        });
                    }
                }
                Some((q, false))
            }
            other => self.parse_leaf(other).map(|q| (q, false)),
        }
    }

    /// The fields a leaf searches: the one it names, else the default fields.
    fn fields_for(&self, name: Option<&str>) -> Vec<Field> {
        let schema = &self.compiler.schema;
        match name {
            Some(n) => schema.get_field(n).into_iter().collect(),
            None => DEFAULT_FIELDS
                .iter()
                .map(|(n, _)| schema.get_field(n).expect("our fields are in the schema"))
                .collect(),
        }
    }

    fn literal(
        &mut self,
        literal: UserInputLiteral,
        polarity: Polarity,
        plain: bool,
    ) -> Option<(Box<dyn Query>, bool)> {
        let field_name = literal.field_name.clone();
        let text_field = field_name
            .as_deref()
            .is_none_or(|n| TEXT_FIELDS.contains(&n));
        if !text_field {
            return self
                .parse_leaf(UserInputLeaf::Literal(literal))
                .map(|q| (q, false));
        }
        let quoted = literal.delimiter != Delimiter::None;
        // The grammar keeps `word~2` as one word: the tilde is ours to read.
        let fuzzy = if quoted {
            None
        } else {
            split_fuzzy(&literal.phrase)
        };
        // `harbour~-1`, `harbour~x`: a tilde without a count of edits; the word as written.
        let odd_tilde = match (quoted, fuzzy, literal.phrase.rsplit_once('~')) {
            (false, None, Some((word, _))) if !word.is_empty() && !word.contains('~') => {
                self.plan.dropped.push(format!(
                    "`{}`: `~` takes a number of edits from 0 to {MAX_FUZZY_DISTANCE}; searched as `{word}`",
                    literal.phrase
                ));
                Some(word)
            }
            _ => None,
        };
        let phrase = fuzzy.map_or(odd_tilde.unwrap_or(literal.phrase.as_str()), |(word, _)| {
            word
        });
        let terms = analyzer::analyse(phrase);
        if terms.is_empty() {
            return None;
        }
        let fields = self.fields_for(field_name.as_deref());
        let positive = polarity == Polarity::Positive;

        // `word~`: every word of the index within a few edits.
        let fuzzy = match fuzzy {
            Some((typed, _)) if self.fuzzy_words >= MAX_FUZZY_WORDS => {
                self.plan.dropped.push(format!(
                    "`{typed}~`: at most {MAX_FUZZY_WORDS} words are searched fuzzily; searched as written"
                ));
                None
            }
            other => other,
        };
        if let (Some((typed, asked)), 1) = (fuzzy, terms.len()) {
            self.fuzzy_words += 1;
            let word = terms[0].clone();
            let distance = fuzzy_distance(&word, asked);
            if asked > MAX_FUZZY_DISTANCE {
                self.plan.dropped.push(format!(
                    "`{typed}~{asked}`: at most {MAX_FUZZY_DISTANCE} edits are searched"
                ));
            }
            if distance > 0 {
                if positive {
                    self.plan.fuzzy.push(FuzzyUse {
                        word: word.clone(),
                        distance,
                    });
                }
                let mut per_field: Vec<Box<dyn Query>> = Vec::new();
                for f in fields {
                    let boost = self.boost_of(f);
                    let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                    for analysis in self.as_indexed(f, typed, vec![word.clone()]) {
                        let Some(stem) = one_word(analysis.terms) else {
                            continue;
                        };
                        let q: Box<dyn Query> = Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new(
                                Term::from_field_text(f, &stem),
                                distance as u8,
                                true,
                            )),
                            boost,
                        ));
                        let q = self.only_in(q, &analysis.languages);
                        if positive {
                            self.wanted
                                .entry(f)
                                .or_default()
                                .fuzzy
                                .push((stem.clone(), distance));
                            self.units.push(Unit {
                                field: self.compiler.field_name(f),
                                label: format!("{stem}~{distance}"),
                                query: q.box_clone(),
                            });
                        }
                        alternatives.push(q);
                    }
                    per_field.push(one_of(alternatives));
                }
                return Some((Box::new(AnyOf::new(per_field)), false));
            }
            if asked > 0 {
                self.plan.dropped.push(format!(
                    "`{typed}~`: words under three letters are not searched fuzzily"
                ));
            }
        }
        let literal = UserInputLiteral {
            phrase: phrase.to_string(),
            ..literal
        };

        // A name with aliases: any of its spellings (as many as a query has words, at most).
        let mut variants = self.compiler.aliases.variants_of(&terms);
        if variants.len() > MAX_ALIAS_VARIANTS {
            self.plan.dropped.push(format!(
                "`{}` has {} spellings in the alias file; only the first {MAX_ALIAS_VARIANTS} were searched",
                literal.phrase,
                variants.len()
            ));
            variants.truncate(MAX_ALIAS_VARIANTS);
            // The spelling typed is always among those searched.
            if !variants.iter().any(|v| analyzer::analyse(v) == terms) {
                variants[MAX_ALIAS_VARIANTS - 1] = literal.phrase.clone();
            }
        }
        let spellings: Vec<(String, Vec<String>, Delimiter)> = if variants.is_empty() {
            vec![(literal.phrase.clone(), terms.clone(), literal.delimiter)]
        } else {
            if positive {
                self.plan.aliases.push(AliasUse {
                    name: literal.phrase.clone(),
                    variants: variants.clone(),
                });
            }
            variants
                .iter()
                .map(|v| (v.clone(), analyzer::analyse(v), Delimiter::DoubleQuotes))
                .collect()
        };
        if plain && positive && !quoted && variants.is_empty() && field_name.is_none() {
            for (i, (latin, _)) in self.compiler.parsers.iter().enumerate() {
                let words = if i == 0 {
                    terms.clone()
                } else {
                    analyzer::analyse_prose(phrase, *latin)
                };
                self.plain_words[i].extend(words);
            }
            let folded = analyzer::analyse_folded(phrase);
            // The same words cut alike, one stemmed: the lists pair up.
            if folded.len() == terms.len() {
                self.plain_names
                    .extend(folded.into_iter().zip(terms.iter().cloned()));
            }
        }
        let mut any: Vec<Box<dyn Query>> = Vec::new();
        for (phrase, analysed, delimiter) in spellings {
            if analysed.is_empty() {
                continue;
            }
            if positive {
                let label = if analysed.len() == 1 {
                    analysed[0].clone()
                } else {
                    format!("\"{}\"", analysed.join(" "))
                };
                if analysed.len() == 1 {
                    if !self.plan.terms.contains(&label) {
                        self.plan.terms.push(label.clone());
                    }
                } else if !self.plan.phrases.contains(&label) {
                    self.plan.phrases.push(label.clone());
                }
            }
            for &f in &fields {
                let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                for analysis in self.as_indexed(f, &phrase, analysed.clone()) {
                    let analysed = analysis.terms;
                    let leaf = UserInputLeaf::Literal(UserInputLiteral {
                        field_name: Some(self.compiler.schema.get_field_name(f).to_string()),
                        phrase: phrase.clone(),
                        delimiter,
                        slop: literal.slop,
                        prefix: false,
                    });
                    let Some(q) = self.parse_leaf_as(analysis.parser, leaf) else {
                        continue;
                    };
                    let q = self.only_in(q, &analysis.languages);
                    if positive {
                        let w = self.wanted.entry(f).or_default();
                        if analysed.len() == 1 {
                            w.terms.insert(analysed[0].clone());
                        } else {
                            w.phrases.push(analysed.clone());
                        }
                        let label = if analysed.len() == 1 {
                            analysed[0].clone()
                        } else {
                            format!("\"{}\"", analysed.join(" "))
                        };
                        self.units.push(Unit {
                            field: self.compiler.field_name(f),
                            label,
                            query: q.box_clone(),
                        });
                    }
                    alternatives.push(q);
                }
                if !alternatives.is_empty() {
                    any.push(one_of(alternatives));
                }
            }
        }
        let restricted: Box<dyn Query> = match any.len() {
            0 => return None,
            1 => any.pop().expect("one"),
            _ => Box::new(AnyOf::new(any)),
        };
        // `title:Putin` says where the word must stand, not that the rest of the article does
        // not count: among articles with Putin in the title, those about Putin rank first.
        let default_field = field_name
            .as_deref()
            .is_some_and(|n| DEFAULT_FIELDS.iter().any(|(d, _)| *d == n));
        if positive && default_field {
            let broad = UserInputLiteral {
                field_name: None,
                ..literal
            };
            if let Some((everywhere, _)) = self.literal(broad, polarity, false) {
                return Some((
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, restricted),
                        (Occur::Should, everywhere),
                    ])),
                    false,
                ));
            }
        }
        Some((restricted, false))
    }

    fn boost_of(&self, field: Field) -> f32 {
        let name = self.compiler.schema.get_field_name(field);
        DEFAULT_FIELDS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(1.0, |(_, b)| *b)
    }

    /// `text` as the index holds it in field `f`, for each language the field was analysed in:
    /// each different analysis once, with the parser that makes it (English, `english`, first).
    /// One analysis for the fields that are not prose: `english` where they are stemmed as
    /// English, their own where not (names and `title_exact` as written).
    fn as_indexed(&self, f: Field, text: &str, english: Vec<String>) -> Vec<Analysis> {
        let schema = &self.compiler.schema;
        if !schema::is_prose(schema, f) {
            let terms = match schema::tokenizer_of(schema, f) {
                Some(analyzer::TEXT_ANALYZER) | None => english,
                Some(_) => schema::analyse_in(schema, f, text),
            };
            return vec![Analysis {
                parser: 0,
                terms,
                languages: Vec::new(),
            }];
        }
        let per_parser = self
            .compiler
            .parsers
            .iter()
            .enumerate()
            .map(|(i, (latin, _))| {
                if i == 0 {
                    english.clone()
                } else {
                    analyzer::analyse_prose(text, *latin)
                }
            })
            .collect();
        self.compiler.grouped(per_parser)
    }

    /// `q`, matching only the articles whose prose is stemmed in one of `languages` (all when
    /// empty); the restriction adds nothing to the score.
    fn only_in(&self, q: Box<dyn Query>, languages: &[&str]) -> Box<dyn Query> {
        if languages.is_empty() {
            return q;
        }
        let any: Vec<(Occur, Box<dyn Query>)> = languages
            .iter()
            .map(|code| {
                let term = Term::from_field_text(self.compiler.stemming, code);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, q),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ),
        ]))
    }

    /// One leaf through tantivy's parser, prose read as English; its complaints go to the plan.
    fn parse_leaf(&mut self, leaf: UserInputLeaf) -> Option<Box<dyn Query>> {
        self.parse_leaf_as(0, leaf)
    }

    /// One leaf through the compiler's `parser`-th parser (see [`Compiler`]).
    fn parse_leaf_as(&mut self, parser: usize, leaf: UserInputLeaf) -> Option<Box<dyn Query>> {
        let (q, errors) = self.compiler.parsers[parser]
            .1
            .build_query_from_user_input_ast_lenient(UserInputAst::Leaf(Box::new(leaf)));
        for e in errors {
            let e = e.to_string();
            if !self.plan.dropped.contains(&e) {
                self.plan.dropped.push(e);
            }
        }
        (!q.is::<tantivy::query::EmptyQuery>()).then_some(q)
    }
}

/// One query, or the best-scoring of several ways of writing the same thing (a word as each
/// language stems it, each restricted to the articles of its languages: one matches an article).
fn one_of(mut alternatives: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        return alternatives.pop().expect("one");
    }
    Box::new(DisjunctionMaxQuery::new(alternatives))
}

/// The only word of `terms`, if one.
fn one_word(terms: Vec<String>) -> Option<String> {
    <[String; 1]>::try_from(terms).ok().map(|[w]| w)
}

/// `word~` or `word~N` as the word and the asked distance (`~` alone asks for the most).
fn split_fuzzy(phrase: &str) -> Option<(&str, u32)> {
    let (word, digits) = phrase.rsplit_once('~')?;
    if word.is_empty() || word.ends_with('~') {
        return None;
    }
    let asked = if digits.is_empty() {
        MAX_FUZZY_DISTANCE
    } else {
        // Any number of digits: a huge one is capped, not an error.
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<u32>().unwrap_or(u32::MAX))?
    };
    Some((word, asked))
}

/// The distance a `word~N` is searched with: N, at most two, and less for short words (as
/// Elasticsearch's AUTO: none under three letters, one up to five).
fn fuzzy_distance(word: &str, asked: u32) -> u32 {
    let cap = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => MAX_FUZZY_DISTANCE,
    };
    asked.min(cap)
}
