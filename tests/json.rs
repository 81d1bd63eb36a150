//! The `--json` contract (`src/output/json.rs`), held to account: every line morgue prints is
//! decoded into a typed copy of its message that refuses unknown fields, so a renamed, misspelt
//! or undocumented field fails here. The copies are written from the contract's documentation,
//! not from morgue's types.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::util::{bundled, bundled_corpus};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Message {
    Query(Query),
    Hit(Hit),
    Facets(Facets),
    Summary(Summary),
    Article(Article),
    Stats(Stats),
    Bucket(Bucket),
    Timeline(Timeline),
    Name(Name),
    Listed(Listed),
    Copies(Copies),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Copies {
    articles: Vec<Copy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Copy {
    id: String,
    path: String,
    title: Option<String>,
    source: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    name: String,
    total: usize,
    top: Option<Sample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bucket {
    start: String,
    count: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Timeline {
    by: String,
    total: u64,
    undated: u64,
    relaxed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Name {
    kind: String,
    name: String,
    count: u64,
    sample: Option<Sample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    id: String,
    title: Option<String>,
    date: Option<String>,
    path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    input: String,
    parsed: String,
    terms: Vec<String>,
    phrases: Vec<String>,
    aliases: Vec<AliasUse>,
    fuzzy: Vec<FuzzyUse>,
    prefixes: Vec<String>,
    dropped: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasUse {
    name: String,
    variants: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FuzzyUse {
    word: String,
    distance: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hit {
    rank: usize,
    score: f32,
    id: String,
    path: String,
    format: String,
    title: Option<String>,
    standfirst: Option<String>,
    byline: Vec<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    people: Vec<String>,
    orgs: Vec<String>,
    places: Vec<String>,
    copies: Vec<CopyRef>,
    snippets: Vec<Snippet>,
    #[serde(default)]
    explain: Option<Explain>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CopyRef {
    id: String,
    path: String,
    source: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snippet {
    field: String,
    text: String,
    highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Explain {
    relevance: f32,
    matched: Vec<Contribution>,
    proximity: f32,
    recency: Option<f32>,
    named: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Contribution {
    field: String,
    term: String,
    score: f32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facets {
    facets: BTreeMap<String, BTreeMap<String, u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    hits: usize,
    total: usize,
    elapsed_ms: f64,
    relaxed: bool,
    suggestion: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    path: String,
    format: String,
    title: Option<String>,
    standfirst: Option<String>,
    byline: Vec<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    body: String,
    people: Vec<String>,
    orgs: Vec<String>,
    places: Vec<String>,
    keywords: Vec<String>,
    crawled: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stats {
    articles: u64,
    sources: BTreeMap<String, u64>,
    date_min: Option<String>,
    date_max: Option<String>,
    index_bytes: u64,
    coverage: Coverage,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Coverage {
    byline: f64,
    date: f64,
    standfirst: f64,
}

/// Every line of stdout, decoded; fails on a line that is not one of the messages.
fn messages(out: &std::process::Output) -> Vec<Message> {
    let stdout = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    stdout
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: not a message: {line}"))
        })
        .collect()
}

fn is_day(date: &Option<String>) -> bool {
    date.as_deref().is_none_or(|d| {
        d.len() == 10
            && time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).is_ok()
    })
}

#[test]
fn search_messages_come_in_order_with_every_field_documented() {
    let env = bundled();
    let out = env
        .morgue(&[
            "search",
            "--json",
            "--explain",
            "--facets",
            "source,byline,year",
            "--recent",
            "Putin OR harbour",
        ])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let all = messages(&out);
    let kinds: Vec<&str> = all
        .iter()
        .map(|m| match m {
            Message::Query(_) => "query",
            Message::Hit(_) => "hit",
            Message::Facets(_) => "facets",
            Message::Summary(_) => "summary",
            Message::Article(_) => "article",
            Message::Stats(_) => "stats",
            Message::Bucket(_) => "bucket",
            Message::Timeline(_) => "timeline",
            Message::Name(_) => "name",
            Message::Listed(_) => "listed",
            Message::Copies(_) => "copies",
        })
        .collect();
    let hits = kinds.iter().filter(|k| **k == "hit").count();
    assert!(hits >= 2, "{kinds:?}");
    let mut want = vec!["query"];
    want.extend(std::iter::repeat_n("hit", hits));
    want.extend(["facets", "summary"]);
    assert_eq!(kinds, want);
    for message in &all {
        match message {
            Message::Query(q) => {
                assert_eq!(q.input, "Putin OR harbour");
                assert!(
                    q.parsed.contains("OR") && !q.parsed.contains("Literal"),
                    "{}",
                    q.parsed
                );
                assert!(q.terms.contains(&"putin".to_string()));
                assert!(q.phrases.is_empty() && q.aliases.is_empty() && q.fuzzy.is_empty());
                assert!(q.prefixes.is_empty() && q.dropped.is_empty());
            }
            Message::Hit(h) => {
                assert!(h.rank >= 1 && h.score > 0.0);
                assert_eq!(h.id.len(), 16);
                assert!(std::path::Path::new(&h.path).is_absolute());
                assert!(["text", "html", "json", "jsonl"].contains(&h.format.as_str()));
                assert!(h.title.is_some() || h.standfirst.is_some() || !h.snippets.is_empty());
                assert!(h.byline.iter().all(|b| !b.is_empty()));
                assert!(is_day(&h.date), "{:?}", h.date);
                assert!(h.source.as_deref().is_none_or(|s| !s.is_empty()));
                assert!(h.url.as_deref().is_none_or(|u| u.starts_with("http")));
                for c in &h.copies {
                    assert!(c.id.len() == 16 && c.id != h.id && !c.path.is_empty());
                    assert!(is_day(&c.date) && c.source.as_deref().is_none_or(|s| !s.is_empty()));
                }
                let named = h.people.iter().chain(&h.orgs).chain(&h.places);
                assert!(named.clone().all(|n| !n.is_empty()));
                for s in &h.snippets {
                    assert!(["title", "standfirst", "body"].contains(&s.field.as_str()));
                    for [from, to] in &s.highlights {
                        assert!(
                            from < to
                                && s.text.is_char_boundary(*from)
                                && s.text.is_char_boundary(*to)
                        );
                    }
                }
                let e = h.explain.as_ref().expect("--explain adds explain");
                assert!(e.relevance > 0.0 && e.proximity >= 0.0);
                assert!(e.recency.is_some_and(|r| (0.5..=1.0).contains(&r)));
                assert!(e.named.is_none_or(|n| (1.0..=1.5).contains(&n)));
                assert!(e
                    .matched
                    .iter()
                    .all(|c| !c.field.is_empty() && !c.term.is_empty() && c.score > 0.0));
            }
            Message::Facets(f) => {
                let names: Vec<&str> = f.facets.keys().map(String::as_str).collect();
                assert_eq!(names, ["byline", "source", "year"]);
                assert!(f.facets["year"].keys().all(|y| y.len() == 4));
            }
            Message::Summary(s) => {
                assert_eq!(s.hits, hits);
                assert!(s.total >= s.hits && s.elapsed_ms >= 0.0);
                assert!(!s.relaxed && s.suggestion.is_none());
            }
            other => panic!("search printed {other:?}"),
        }
    }
    // Aliases and fuzzy words, as the query message tells them.
    let aliases = env.dir.path().join("aliases.toml");
    std::fs::write(&aliases, "Putin = [\"Путин\"]\n").unwrap();
    let out = env
        .morgue(&["search", "--json", "--explain", "--aliases"])
        .arg(&aliases)
        .arg("Putin frendship~")
        .output()
        .unwrap();
    match messages(&out).first() {
        Some(Message::Query(q)) => {
            assert_eq!(q.aliases[0].name, "Putin");
            assert_eq!(q.aliases[0].variants, ["Putin", "Путин"]);
            assert_eq!(
                (q.fuzzy[0].word.as_str(), q.fuzzy[0].distance),
                ("frendship", 2)
            );
        }
        other => panic!("{other:?}"),
    }
    // The fields added with --explain are the only ones that come and go.
    let out = env
        .morgue(&["search", "--json", "harbour"])
        .output()
        .unwrap();
    for message in messages(&out) {
        if let Message::Hit(h) = message {
            assert!(h.explain.is_none());
        }
    }
    // Nothing found: a summary with a suggestion, and nothing else.
    let out = env
        .morgue(&["search", "--json", "harbuor"])
        .output()
        .unwrap();
    match messages(&out).as_slice() {
        [Message::Summary(s)] => {
            assert_eq!((s.hits, s.total), (0, 0));
            assert_eq!(s.suggestion.as_deref(), Some("harbour"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn segment_and_stats_messages_have_every_field_documented() {
    let out = crate::util::morgue()
        .args(["segment", "--json"])
        .args(
            walkdir::WalkDir::new(bundled_corpus())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path()),
        )
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let all = messages(&out);
    assert!(all.len() >= 10);
    for message in &all {
        let Message::Article(a) = message else {
            panic!("segment printed {message:?}");
        };
        assert!(std::path::Path::new(&a.path).exists(), "{}", a.path);
        assert!(["text", "html", "json", "jsonl"].contains(&a.format.as_str()));
        assert!(a.title.is_some() || !a.body.is_empty());
        assert!(a.standfirst.as_deref().is_none_or(|s| !s.is_empty()));
        assert!(a.byline.iter().all(|b| !b.is_empty()));
        assert!(is_day(&a.date));
        assert!(a.source.as_deref().is_none_or(|s| !s.is_empty()));
        assert!(a.url.as_deref().is_none_or(|u| !u.is_empty()));
        assert!(a.lang.as_deref().is_none_or(|l| l.len() == 2));
        assert!(a.keywords.iter().all(|k| !k.trim().is_empty()));
        assert!(is_day(&a.crawled));
    }
    for message in &all {
        if let Message::Article(a) = message {
            for name in a.people.iter().chain(&a.orgs).chain(&a.places) {
                assert!(!name.trim().is_empty() && name.trim() == name, "{name:?}");
            }
        }
    }
    // The seed names its people, in their fullest form, once each.
    let seed = all
        .iter()
        .find_map(|m| match m {
            Message::Article(a) if a.path.ends_with("xi-putin-best-friend.txt") => Some(a),
            _ => None,
        })
        .expect("the seed is in the bundled corpus");
    assert!(
        seed.people.contains(&"Vladimir Putin".to_string()),
        "{:?}",
        seed.people
    );
    assert!(
        seed.people.contains(&"Xi Jinping".to_string()),
        "{:?}",
        seed.people
    );
    assert!(
        !seed.people.contains(&"Putin".to_string()),
        "{:?}",
        seed.people
    );
    // Text pages declare no language; theirs is detected.
    assert!(all.iter().any(|m| matches!(m, Message::Article(a) if a.format == "text" && a.lang.as_deref() == Some("en"))));

    let env = bundled();
    let out = env.morgue(&["stats", "--json"]).output().unwrap();
    match messages(&out).as_slice() {
        [Message::Stats(s)] => {
            assert!(s.articles > 10 && s.index_bytes > 0);
            assert_eq!(s.sources.get("Eastport Gazette"), Some(&5));
            assert!(is_day(&s.date_min) && is_day(&s.date_max) && s.date_min <= s.date_max);
            for share in [s.coverage.byline, s.coverage.date, s.coverage.standfirst] {
                assert!((0.0..=1.0).contains(&share));
            }
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_message_with_an_unknown_field_is_refused() {
    // The check above can fail: a field the documentation does not list is an error.
    let line = r#"{"type":"summary","hits":1,"total":1,"elapsed_ms":1.0,"relaxed":false,"suggestion":null,"hitz":1}"#;
    assert!(serde_json::from_str::<Message>(line).is_err());
    let line = r#"{"type":"summary","hits":1,"total":1,"elapsed_ms":1.0,"relaxed":false,"suggestion":null}"#;
    assert!(serde_json::from_str::<Message>(line).is_ok());
}

#[test]
fn timeline_and_people_messages_have_every_field_documented() {
    let env = bundled();
    let out = env
        .morgue(&["timeline", "--json", "harbour OR Putin"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let all = messages(&out);
    let (last, buckets) = all.split_last().expect("messages");
    let Message::Timeline(t) = last else {
        panic!("{last:?}");
    };
    assert!(["day", "week", "month", "year"].contains(&t.by.as_str()));
    assert!(t.total >= t.undated && !t.relaxed);
    let mut dated = 0;
    for b in buckets {
        let Message::Bucket(b) = b else {
            panic!("{b:?}");
        };
        assert!(is_day(&Some(b.start.clone())));
        dated += b.count;
    }
    assert_eq!(dated + t.undated, t.total);

    let list = env.dir.path().join("names.txt");
    std::fs::write(&list, "Xi Jinping\nNobody Atall\n").unwrap();
    let out = env
        .morgue(&["search", "--json", "--names"])
        .arg(&list)
        .output()
        .unwrap();
    for message in messages(&out) {
        match message {
            Message::Listed(l) => {
                assert!(!l.name.is_empty());
                assert_eq!(l.top.is_some(), l.total > 0);
            }
            Message::Summary(s) => assert_eq!((s.hits, s.total), (1, 2)),
            other => panic!("{other:?}"),
        }
    }

    let out = env
        .morgue(&["people", "--json", "Putin OR harbour"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let all = messages(&out);
    let (last, names) = all.split_last().expect("messages");
    assert!(matches!(last, Message::Summary(s) if s.hits == names.len()));
    for n in names {
        let Message::Name(n) = n else {
            panic!("{n:?}");
        };
        assert_eq!(n.kind, "person");
        assert!(!n.name.is_empty() && n.count >= 1);
        let s = n.sample.as_ref().expect("a matching article names each");
        assert_eq!(s.id.len(), 16);
        assert!(s.title.is_some() && std::path::Path::new(&s.path).is_absolute());
        assert!(is_day(&s.date));
    }
}

#[test]
fn copies_messages_have_every_field_documented() {
    let env = crate::util::Env::new();
    crate::search::wire_copy(&env, "gazette", "Bank raises rates", 0, "2022-06-16");
    crate::search::wire_copy(&env, "courier", "Rates up", 2, "2022-06-17");
    env.index();
    let out = env.morgue(&["copies", "--json"]).output().unwrap();
    crate::util::assert_success(&out);
    let all = messages(&out);
    assert_eq!(all.len(), 1);
    let Message::Copies(group) = &all[0] else {
        panic!("{:?}", all[0]);
    };
    assert_eq!(group.articles.len(), 2);
    let first = &group.articles[0];
    assert_eq!(first.id.len(), 16);
    assert!(first.path.ends_with("rates.json"));
    assert_eq!(first.title.as_deref(), Some("Bank raises rates"));
    assert_eq!(first.source.as_deref(), Some("gazette"));
    assert_eq!(first.date.as_deref(), Some("2022-06-16"));
    assert!(group.articles[1].date > first.date);
}
