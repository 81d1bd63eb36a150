//! `morgue search QUERY --engine URL`: the same request asked of an OpenSearch or Elasticsearch
//! index that `index --engine` filled, answered with the same `Results` (so the same human text
//! and `--json` lines). The query is read by the same grammar and repair as a local search and
//! translated: words over the default fields with morgue's boosts (and each language's prose
//! sub-field), phrases, `field:`, exclusions, OR, ranges, `word*`, `word~N`; the filters; facets
//! as aggregations. Snippets and highlights are made by morgue's own highlighter from the
//! articles the engine returns, so that their byte ranges are exactly a local search's.
//!
//! What an engine does not do as morgue does is said in the results' notes, never faked:
//! name aliases, `--recent` and `--explain` are not applied; copies of a story are not folded
//! (each is a hit); ranking is the engine's BM25 over the fields, without morgue's proximity
//! and people bonuses.

use std::collections::HashMap;

use frostem::Algorithm;

use anyhow::bail;
use serde_json::{json, Map, Value};
use tantivy::query::Occur;
use tantivy_query_grammar::{Delimiter, UserInputAst, UserInputBound, UserInputLeaf};

use super::client::Client;
use crate::article::{Article, Format};
use crate::index::analyzer;
use crate::index::schema::{self, DocKind, DOCUMENT};
use crate::output::terminal::clean;
use crate::search::article::{Marks, StoredArticle};
use crate::search::facets::{Counts, Facet};
use crate::search::plan::{render, Plan};
use crate::search::query::{Wanted, DEFAULT_FIELDS, MAX_FUZZY_DISTANCE};
use crate::search::snippet::ProseSnippets;
use crate::search::stats::{Coverage, Stats};
use crate::search::{repair, Hit, Request, Results, SortOrder};

/// Values counted per facet.
const FACET_SIZE: usize = 100;

/// Search the engine's index.
///
/// # Errors
/// The engine cannot be reached, refuses the request, or its index is not morgue's.
pub fn search(client: &Client, request: &Request) -> anyhow::Result<Results> {
    let languages = morgue_index(client)?;
    let (text, mut notes) = repair::sanitize(&request.query);
    let (ast, errors) = tantivy_query_grammar::parse_query_lenient(&text);
    notes.extend(errors.into_iter().map(|e| e.message));
    if request.recent_half_life_days.is_some() {
        notes.push("--recent is not applied by an engine: hits are in relevance order".into());
    }
    if request.explain {
        notes.push("--explain is not given by an engine: scores are the engine's".into());
    }
    if !request.aliases.is_empty() {
        notes.push("name aliases are not applied against an engine".into());
    }
    let translator = Translator {
        languages: &languages,
    };
    let plan = Plan {
        input: request.query.clone(),
        parsed: render(&ast),
        dropped: notes.clone(),
        ..Plan::default()
    };
    let mut relaxed = false;
    let query = translator
        .node(&ast, false)
        .unwrap_or_else(|| json!({"match_none": {}}));
    let mut answer = ask(client, request, &query)?;
    if total_of(&answer) == 0 {
        // No article has every word: articles with any of them, as a local search does.
        if let Some(any) = translator.node(&ast, true) {
            if any != query {
                let again = ask(client, request, &any)?;
                if total_of(&again) > 0 {
                    relaxed = true;
                    answer = again;
                }
            }
        }
    }
    let wanted = wanted(&ast, &stemmers(&languages));
    Ok(Results {
        hits: hits(&answer, request, &wanted),
        total: total_of(&answer) as usize,
        ignored: notes,
        relaxed,
        suggestion: None,
        facets: (!request.facets.is_empty()).then(|| facets(&answer, &request.facets)),
        plan,
    })
}

/// The languages of the engine's index, once it is known to be there and morgue's.
fn morgue_index(client: &Client) -> anyhow::Result<Vec<String>> {
    let Some(mapping) = client.mapping()? else {
        bail!(
            "there is no index at {}: fill it with `morgue index DIR --engine {}`",
            client.shown(),
            client.shown()
        );
    };
    if mapping["_meta"]["morgue_schema"].as_u64() != Some(u64::from(schema::SCHEMA_VERSION)) {
        bail!(
            "the index at {} was not made by this morgue (schema {}): fill a new one with `morgue index DIR --engine URL`",
            client.shown(),
            schema::SCHEMA_VERSION
        );
    }
    Ok(mapping["_meta"]["languages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().map(str::to_string))
        .collect())
}

/// The stemmers a query's words are looked for with: English, and each language's the index
/// holds.
fn stemmers(languages: &[String]) -> Vec<Algorithm> {
    let mut stemmers = vec![Algorithm::English];
    for code in languages {
        let latin = crate::lang::latin_stemmer(Some(code));
        if !stemmers.contains(&latin) {
            stemmers.push(latin);
        }
    }
    stemmers
}

/// The article whose id is `id`, every field as the engine keeps it, and where the words of
/// `query` stand in it (marked by morgue's own highlighter, as a local index's article is);
/// `None` when the engine has no such article. Copies are not listed: an engine keeps no
/// signatures.
///
/// # Errors
/// The engine cannot be reached, refuses, or its index is not morgue's.
pub fn article(
    client: &Client,
    id: &str,
    query: &str,
) -> anyhow::Result<Option<(StoredArticle, Marks)>> {
    let languages = morgue_index(client)?;
    let path: String =
        percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).collect();
    let answer = client.request("GET", &format!("/_doc/{path}"), None)?;
    match answer.status {
        200 if answer.body["found"] != Value::Bool(false) => {}
        // Not found: 404, or 200 with `"found": false`.
        200 | 404 => return Ok(None),
        status => bail!(
            "the engine at {} answered {status} when asked for article {}: {}",
            client.shown(),
            clean(id),
            super::client::reason_of(&answer.body)
        ),
    }
    let source = &answer.body["_source"];
    let (text, list) = (text_of, strings_of);
    let day = |v: &Value| {
        v.as_str()
            .and_then(|d| crate::search::request::parse_day(d, false))
    };
    let body: Vec<String> = source["body"]
        .as_str()
        .filter(|b| !b.is_empty())
        .map(|b| b.split("\n\n").map(str::to_string).collect())
        .unwrap_or_default();
    let article = Article {
        title: text(&source["title"]),
        standfirst: text(&source["standfirst"]),
        byline: list(&source["byline"]),
        date: day(&source["date"]),
        body,
        source: text(&source["source"]),
        url: text(&source["url"]),
        lang: text(&source["lang"]),
        people: list(&source["people"]),
        orgs: list(&source["orgs"]),
        places: list(&source["places"]),
        keywords: list(&source["keywords"]),
        crawled: day(&source["crawled"]),
        copy_signature: None,
    };
    let marks = if query.trim().is_empty() {
        Marks::default()
    } else {
        let (text, _) = repair::sanitize(query);
        let (ast, _) = tantivy_query_grammar::parse_query_lenient(&text);
        crate::search::article::mark(&wanted(&ast, &stemmers(&languages)), &article)
    };
    let stored = StoredArticle {
        id: text(&answer.body["_id"]).unwrap_or_else(|| id.to_string()),
        path: text(&source["path"]).unwrap_or_default(),
        format: text(&source["format"])
            .and_then(|name| Format::from_name(&name))
            .unwrap_or(Format::Text),
        article,
        copies: Vec::new(),
    };
    Ok(Some((stored, marks)))
}

/// What the engine's index holds, as `morgue stats` says it of a local index: articles,
/// sources, the date range, the share of articles with a byline, a date, a standfirst, and the
/// index's size as the engine reports it (0 when it does not).
///
/// # Errors
/// The engine cannot be reached, or refuses.
pub fn stats(client: &Client) -> anyhow::Result<Stats> {
    if client.mapping()?.is_none() {
        bail!(
            "there is no index at {}: fill it with `morgue index DIR --engine {}`",
            client.shown(),
            client.shown()
        );
    }
    let exists = |field: &str| json!({"filter": {"exists": {"field": field}}});
    let body = json!({
        "size": 0,
        "track_total_hits": true,
        "aggs": {
            "sources": {"terms": {"field": "source.whole", "size": 10_000}},
            "first": {"min": {"field": "date"}},
            "last": {"max": {"field": "date"}},
            "byline": exists("byline"),
            "date": exists("date"),
            "standfirst": exists("standfirst"),
        },
    });
    let answer = client.accepted_json("POST", "/_search", &body, "to count the articles")?;
    let a = &answer["aggregations"];
    let articles = total_of(&answer);
    let share = |name: &str| {
        let n = a[name]["doc_count"].as_u64().unwrap_or(0);
        if articles == 0 {
            0.0
        } else {
            (n as f64 / articles as f64 * 1000.0).round() / 1000.0
        }
    };
    let day = |agg: &Value| {
        agg["value_as_string"]
            .as_str()
            .and_then(|d| {
                crate::search::request::parse_day(&d.chars().take(10).collect::<String>(), false)
            })
            .or_else(|| {
                let ms = agg["value"].as_f64()?;
                time::OffsetDateTime::from_unix_timestamp((ms / 1000.0) as i64)
                    .ok()
                    .map(|t| t.date())
            })
    };
    let sources = a["sources"]["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
        .collect();
    // The size on disk, when the engine says it.
    let size = client.request("GET", "/_stats/store", None).ok();
    let index_bytes = size
        .and_then(|s| {
            let indices = s.body["indices"].as_object()?.values().next()?.clone();
            indices["total"]["store"]["size_in_bytes"].as_u64()
        })
        .unwrap_or(0);
    Ok(Stats {
        articles,
        sources,
        date_min: day(&a["first"]),
        date_max: day(&a["last"]),
        index_bytes,
        coverage: Coverage {
            byline: share("byline"),
            date: share("date"),
            standfirst: share("standfirst"),
        },
    })
}

/// One `_search` request: the query with the filters, order, page, highlights and facets.
fn ask(client: &Client, request: &Request, query: &Value) -> anyhow::Result<Value> {
    let mut filters = Vec::new();
    if !request.sources.is_empty() {
        let any: Vec<Value> = request
            .sources
            .iter()
            .map(|s| json!({"match_phrase": {"source": s}}))
            .collect();
        filters.push(json!({"bool": {"should": any, "minimum_should_match": 1}}));
    }
    if !request.bylines.is_empty() {
        let any: Vec<Value> = request
            .bylines
            .iter()
            .map(|s| json!({"match_phrase": {"byline": s}}))
            .collect();
        filters.push(json!({"bool": {"should": any, "minimum_should_match": 1}}));
    }
    for person in &request.people {
        filters.push(json!({"match_phrase": {"people": person}}));
    }
    if !request.langs.is_empty() {
        let langs: Vec<String> = request
            .langs
            .iter()
            .map(|l| l.trim().to_lowercase())
            .collect();
        filters.push(json!({"terms": {"lang": langs}}));
    }
    if request.since.is_some() || request.until.is_some() {
        let mut range = Map::new();
        if let Some(d) = request.since {
            range.insert("gte".into(), json!(d.to_string()));
        }
        if let Some(d) = request.until {
            range.insert("lte".into(), json!(d.to_string()));
        }
        filters.push(json!({"range": {"date": range}}));
    }
    let mut body = json!({
        "query": {"bool": {"must": [query], "filter": filters}},
        "from": request.offset,
        "size": request.limit.max(1),
        "track_total_hits": true,
    });
    match request.sort {
        SortOrder::Relevance => {}
        SortOrder::Newest => {
            body["sort"] = json!([{"date": {"order": "desc", "missing": "_last"}}, "_score"]);
        }
        SortOrder::Oldest => {
            body["sort"] = json!([{"date": {"order": "asc", "missing": "_last"}}, "_score"]);
        }
    }
    if !request.facets.is_empty() {
        let mut aggs = Map::new();
        for facet in &request.facets {
            aggs.insert(facet.name().to_string(), aggregation(*facet));
        }
        body["aggs"] = Value::Object(aggs);
    }
    client.accepted_json("POST", "/_search", &body, "the search")
}

fn total_of(answer: &Value) -> u64 {
    let total = &answer["hits"]["total"];
    total["value"].as_u64().or(total.as_u64()).unwrap_or(0)
}

/// The aggregation counting `facet`.
fn aggregation(facet: Facet) -> Value {
    let terms = |field: &str| json!({"terms": {"field": field, "size": FACET_SIZE}});
    match facet {
        Facet::Source => terms("source.whole"),
        Facet::Byline => terms("byline.whole"),
        Facet::Person => terms("people.whole"),
        Facet::Org => terms("orgs.whole"),
        Facet::Place => terms("places.whole"),
        Facet::Year => {
            json!({"date_histogram": {"field": "date", "calendar_interval": "year", "format": "yyyy", "min_doc_count": 1}})
        }
        Facet::Day => {
            json!({"date_histogram": {"field": "date", "calendar_interval": "day", "format": "yyyy-MM-dd", "min_doc_count": 1}})
        }
    }
}

fn facets(answer: &Value, asked: &[Facet]) -> Counts {
    let mut out = Counts::new();
    for facet in asked {
        let mut counts = HashMap::new();
        for bucket in answer["aggregations"][facet.name()]["buckets"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let key = bucket["key_as_string"]
                .as_str()
                .or(bucket["key"].as_str())
                .map(str::to_string);
            if let (Some(key), Some(n)) = (key, bucket["doc_count"].as_u64()) {
                counts.insert(key, n);
            }
        }
        out.insert(*facet, counts);
    }
    out
}

/// The hits of an answer, as a local search gives them: snippets and highlights made by
/// morgue's own highlighters from the articles the engine returns (so offsets are morgue's, on
/// the text as stored), with the words `wanted` per field.
fn hits(answer: &Value, request: &Request, wanted: &Wanted3) -> Vec<Hit> {
    let (text, list) = (text_of, strings_of);
    let mut prose = ProseSnippets::new(wanted.clone());
    let mut out = Vec::new();
    for hit in answer["hits"]["hits"].as_array().into_iter().flatten() {
        let source = &hit["_source"];
        let title = text(&source["title"]);
        let standfirst = text(&source["standfirst"]);
        let body: Vec<String> = source["body"]
            .as_str()
            .unwrap_or_default()
            .split("\n\n")
            .map(str::to_string)
            .collect();
        let snippets = prose.of(
            source["lang"].as_str(),
            title.as_deref(),
            standfirst.as_deref(),
            &body,
            request.fragments,
        );
        out.push(Hit {
            score: hit["_score"].as_f64().unwrap_or(0.0) as f32,
            id: text(&hit["_id"]).unwrap_or_default(),
            path: text(&source["path"]).unwrap_or_default(),
            format: text(&source["format"]).unwrap_or_default(),
            title,
            standfirst,
            byline: list(&source["byline"]),
            date: source["date"]
                .as_str()
                .and_then(|d| crate::search::request::parse_day(d, false)),
            source: text(&source["source"]),
            copies: Vec::new(),
            people: list(&source["people"]),
            orgs: list(&source["orgs"]),
            places: list(&source["places"]),
            url: text(&source["url"]),
            snippets,
            explain: None,
        });
    }
    out
}

/// A text value of an engine's document.
fn text_of(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// A list of texts of an engine's document (nothing when it is not a list).
fn strings_of(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// What a query looks for in the title, standfirst and body, as morgue's highlighter wants it.
type Wanted3 = [Wanted; 3];

/// The words, phrases, fuzzy words and prefixes the query's positive leaves look for, per
/// field (title, standfirst, body), stemmed as each of `languages` stems prose.
fn wanted(ast: &UserInputAst, languages: &[Algorithm]) -> Wanted3 {
    let mut out: Wanted3 = Default::default();
    collect_wanted(ast, languages, false, &mut out);
    out
}

fn collect_wanted(ast: &UserInputAst, languages: &[Algorithm], negative: bool, out: &mut Wanted3) {
    match ast {
        UserInputAst::Clause(children) => {
            for (occur, child) in children {
                let negative = negative || *occur == Some(Occur::MustNot);
                collect_wanted(child, languages, negative, out);
            }
        }
        UserInputAst::Boost(inner, _) => collect_wanted(inner, languages, negative, out),
        UserInputAst::Leaf(_) if negative => {}
        UserInputAst::Leaf(leaf) => {
            let mut add = Wanted::default();
            let field = match leaf.as_ref() {
                UserInputLeaf::Literal(l) => {
                    let quoted = l.delimiter != Delimiter::None;
                    let fuzzy = (!quoted)
                        .then(|| l.phrase.rsplit_once('~'))
                        .flatten()
                        .filter(|(w, _)| !w.is_empty());
                    let phrase = fuzzy.map_or(l.phrase.as_str(), |(w, _)| w);
                    let distance = fuzzy.map(|(_, d)| {
                        d.parse::<u32>()
                            .unwrap_or(MAX_FUZZY_DISTANCE)
                            .min(MAX_FUZZY_DISTANCE)
                    });
                    for latin in languages {
                        let terms = analyzer::analyse_prose(phrase, *latin);
                        match (terms.len(), distance) {
                            (0, _) => {}
                            (1, Some(d)) => add.fuzzy.push((terms[0].clone(), d)),
                            (1, None) => {
                                add.terms.insert(terms[0].clone());
                            }
                            _ => add.phrases.push(terms),
                        }
                    }
                    l.field_name.as_deref()
                }
                UserInputLeaf::Regex { field, pattern } => {
                    let Some(prefix) = pattern.strip_suffix(".*") else {
                        return;
                    };
                    add.prefixes.push(analyzer::fold(prefix));
                    field.as_deref()
                }
                _ => return,
            };
            let targets: &[usize] = match field {
                None => &[0, 1, 2],
                Some(f) if f == schema::TITLE || f == schema::TITLE_EXACT => &[0],
                Some(f) if f == schema::STANDFIRST => &[1],
                Some(f) if f == schema::BODY || f == schema::LEAD => &[2],
                Some(_) => &[],
            };
            for &t in targets {
                let w = &mut out[t];
                w.terms.extend(add.terms.iter().cloned());
                w.phrases.extend(add.phrases.iter().cloned());
                w.fuzzy.extend(add.fuzzy.iter().cloned());
                w.prefixes.extend(add.prefixes.iter().cloned());
            }
        }
    }
}

/// Turns the query's tree into the engine's query language.
struct Translator<'a> {
    /// Languages whose prose sub-fields the index has.
    languages: &'a [String],
}

impl Translator<'_> {
    fn node(&self, ast: &UserInputAst, any: bool) -> Option<Value> {
        match ast {
            UserInputAst::Clause(children) => {
                let mut must = Vec::new();
                let mut should = Vec::new();
                let mut must_not = Vec::new();
                for (occur, child) in children {
                    let Some(q) = self.node(child, any) else {
                        continue;
                    };
                    match occur.unwrap_or(if any { Occur::Should } else { Occur::Must }) {
                        Occur::Must => must.push(q),
                        Occur::Should => should.push(q),
                        Occur::MustNot => must_not.push(q),
                    }
                }
                if must.is_empty() && should.is_empty() {
                    if must_not.is_empty() {
                        return None;
                    }
                    must.push(json!({"match_all": {}}));
                }
                let mut bool = json!({"must": must, "must_not": must_not});
                if !should.is_empty() {
                    bool["should"] = json!(should);
                    if must.is_empty() {
                        bool["minimum_should_match"] = json!(1);
                    }
                }
                Some(json!({ "bool": bool }))
            }
            UserInputAst::Boost(inner, boost) => {
                let q = self.node(inner, any)?;
                Some(json!({"bool": {"must": [q], "boost": boost.into_inner()}}))
            }
            UserInputAst::Leaf(leaf) => self.leaf(leaf),
        }
    }

    /// The fields a leaf searches, with their boosts: the one it names, or the default fields
    /// (each prose field also in its language sub-fields).
    fn fields(&self, name: Option<&str>) -> Vec<String> {
        let with_languages = |name: &str, boost: f32| -> Vec<String> {
            let mut out = vec![format!("{name}^{boost}")];
            let prose = DOCUMENT
                .iter()
                .any(|f| f.name == name && f.kind == DocKind::Prose);
            if prose {
                for code in self.languages {
                    out.push(format!("{name}.{code}^{boost}"));
                }
            }
            out
        };
        match name {
            Some(n) => with_languages(&document_field(n), 1.0),
            None => DEFAULT_FIELDS
                .iter()
                .filter_map(|(local, boost)| {
                    if *local == schema::TITLE_EXACT {
                        return Some(vec![format!("title.exact^{boost}")]);
                    }
                    // The lead is the body's opening: the body stands for it.
                    if *local == schema::LEAD {
                        return None;
                    }
                    let field = DOCUMENT.iter().find(|f| f.local == *local)?;
                    Some(with_languages(field.name, *boost))
                })
                .flatten()
                .collect(),
        }
    }

    fn leaf(&self, leaf: &UserInputLeaf) -> Option<Value> {
        match leaf {
            UserInputLeaf::All => Some(json!({"match_all": {}})),
            UserInputLeaf::Literal(literal) => {
                let field = literal.field_name.as_deref();
                if let Some(exact) = field.filter(|f| is_exact(f)) {
                    return Some(
                        json!({"term": {document_field(exact): literal.phrase.to_lowercase()}}),
                    );
                }
                let fields = self.fields(field);
                let quoted = literal.delimiter != Delimiter::None;
                if quoted {
                    return Some(json!({"multi_match": {
                        "query": literal.phrase, "type": "phrase", "slop": literal.slop, "fields": fields,
                    }}));
                }
                if let Some((word, distance)) = literal.phrase.rsplit_once('~') {
                    if !word.is_empty() {
                        let distance = distance
                            .parse::<u32>()
                            .unwrap_or(MAX_FUZZY_DISTANCE)
                            .min(MAX_FUZZY_DISTANCE);
                        return Some(json!({"multi_match": {
                            "query": word, "fuzziness": distance, "type": "most_fields", "fields": fields,
                        }}));
                    }
                }
                Some(json!({"multi_match": {
                    "query": literal.phrase, "type": "most_fields", "operator": "and", "fields": fields,
                }}))
            }
            UserInputLeaf::Regex { field, pattern } => {
                let prefix = pattern.strip_suffix(".*")?.to_lowercase();
                let any: Vec<Value> = self
                    .fields(field.as_deref())
                    .into_iter()
                    .map(|f| {
                        let name = f.split('^').next().unwrap_or(&f).to_string();
                        json!({"prefix": {name: {"value": prefix}}})
                    })
                    .collect();
                Some(json!({"bool": {"should": any, "minimum_should_match": 1}}))
            }
            // As a local search: a range must name its field (dates go by --since/--until).
            UserInputLeaf::Range { field: None, .. } => None,
            UserInputLeaf::Range {
                field: Some(field),
                lower,
                upper,
            } => {
                let mut range = Map::new();
                let day = |w: &str| w.chars().take(10).collect::<String>();
                match lower {
                    UserInputBound::Inclusive(w) => {
                        range.insert("gte".into(), json!(day(w)));
                    }
                    UserInputBound::Exclusive(w) => {
                        range.insert("gt".into(), json!(day(w)));
                    }
                    UserInputBound::Unbounded => {}
                }
                match upper {
                    UserInputBound::Inclusive(w) => {
                        range.insert("lte".into(), json!(day(w)));
                    }
                    UserInputBound::Exclusive(w) => {
                        range.insert("lt".into(), json!(day(w)));
                    }
                    UserInputBound::Unbounded => {}
                }
                Some(json!({"range": {document_field(field): range}}))
            }
            UserInputLeaf::Set { field, elements } => {
                let field = field.as_deref().map_or("id".to_string(), document_field);
                Some(json!({"terms": {field: elements}}))
            }
            UserInputLeaf::Exists { field } => {
                Some(json!({"exists": {"field": document_field(field)}}))
            }
        }
    }
}

/// The exported document's name of a field of the local index (`person` is `people`).
fn document_field(local: &str) -> String {
    if local == schema::TITLE_EXACT {
        return "title.exact".to_string();
    }
    if local == schema::LEAD {
        return "body".to_string();
    }
    DOCUMENT
        .iter()
        .find(|f| f.local == local || f.name == local)
        .map_or_else(|| local.to_string(), |f| f.name.to_string())
}

/// Whether a field of the local index is matched whole (`lang:de`, `id:…`).
fn is_exact(local: &str) -> bool {
    DOCUMENT
        .iter()
        .any(|f| (f.local == local || f.name == local) && f.kind == DocKind::Exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fields_phrases_and_exclusions_are_translated() {
        let languages = vec!["de".to_string()];
        let t = Translator {
            languages: &languages,
        };
        let (ast, _) = tantivy_query_grammar::parse_query_lenient(
            "Putin \"best friend\" -medal person:xi lang:de",
        );
        let q = t.node(&ast, false).unwrap();
        let text = q.to_string();
        assert!(text.contains("\"body.de^1\""), "{text}");
        assert!(text.contains("\"type\":\"phrase\""), "{text}");
        assert!(text.contains("must_not"), "{text}");
        assert!(text.contains("\"people^1\""), "{text}");
        assert!(text.contains("{\"term\":{\"lang\":\"de\"}}"), "{text}");
    }
}
