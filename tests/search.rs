//! Search features end to end: fuzzy words, "did you mean", aliases, phrase highlights, facets,
//! recency, date order, explanations, and bad input to each.

use crate::util::{bundled, highlighted, json_line, parse_json_lines, Env, SEED_TITLE};
use predicates::prelude::*;
use serde_json::{json, Value};

/// A JSON export of one article.
fn article(env: &Env, name: &str, title: &str, date: &str, source: &str, body: &str) {
    let doc = json!({
        "headline": title,
        "datePublished": date,
        "publisher": source,
        "author": "Ana Costa",
        "articleBody": body,
    });
    env.write(&format!("{name}.json"), doc.to_string());
}

fn paths(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let p = h["path"].as_str().unwrap();
            p.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect()
}

#[test]
fn fuzzy_words_find_misspellings_and_are_highlighted() {
    let env = bundled();
    let (hits, _, code) = env.search_json("Repnikvoa~", &[]);
    assert_eq!(code, 0);
    assert_eq!(hits[0]["title"], SEED_TITLE);
    assert!(highlighted(&hits[0], "body").contains(&"Repnikova".to_string()));
    let (hits, _, _) = env.search_json("Putni~1 medal", &[]);
    assert_eq!(hits[0]["title"], SEED_TITLE);
    // A distance larger than two is capped and said so.
    env.morgue(&["search", "Repnikvoa~9"])
        .assert()
        .success()
        .stderr(predicate::str::contains("at most 2 edits"));
    // Two-letter words are not widened to every two-letter word.
    env.morgue(&["search", "Xi~ Putin"])
        .assert()
        .success()
        .stderr(predicate::str::contains("under three letters"));
}

#[test]
fn did_you_mean_when_nothing_matches() {
    let env = bundled();
    let out = env
        .morgue(&["search", "--json", "Repnikva friendshp"])
        .output()
        .unwrap();
    let (hits, summary, code) = parse_json_lines(&out);
    assert_eq!((hits.len(), code), (0, 1));
    assert_eq!(summary["suggestion"], "repnikova friendship");
    env.morgue(&["search", "title:Repnikva"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean: title:repnikova"));
    // Nothing close: no suggestion rather than a wild one.
    let out = env
        .morgue(&["search", "--json", "qqqqxxzz"])
        .output()
        .unwrap();
    let (_, summary, _) = parse_json_lines(&out);
    assert_eq!(summary["suggestion"], Value::Null);
}

fn zelensky_archive() -> Env {
    let env = Env::new();
    let body = |name: &str| {
        format!("President {name} addressed parliament in Kyiv on Tuesday about the winter energy plan.")
    };
    article(
        &env,
        "a",
        "Zelenskyy addresses parliament",
        "2022-11-01",
        "Kyiv Post",
        &body("Zelenskyy"),
    );
    article(
        &env,
        "b",
        "Zelenskiy meets envoys",
        "2022-11-02",
        "Reuters",
        &body("Zelenskiy"),
    );
    article(
        &env,
        "c",
        "Зеленський у парламенті",
        "2022-11-03",
        "Ukrainska Pravda",
        &body("Зеленський"),
    );
    article(
        &env,
        "d",
        "Energy plan debated",
        "2022-11-04",
        "Reuters",
        "The winter energy plan was debated without the president.",
    );
    env.index();
    env
}

#[test]
fn aliases_from_a_flag_or_the_index_find_every_spelling() {
    let env = zelensky_archive();
    let (hits, _, _) = env.search_json("Zelensky", &[]);
    assert!(hits.is_empty(), "no alias, no match: {:?}", paths(&hits));
    let file = env.dir.path().join("names.toml");
    std::fs::write(
        &file,
        "Zelensky = [\"Zelenskyy\", \"Zelenskiy\", \"Зеленський\"]\n",
    )
    .unwrap();
    let file_arg = file.to_str().unwrap();
    let (hits, _, code) = env.search_json("Zelensky", &["--aliases", file_arg]);
    assert_eq!(code, 0);
    let mut found = paths(&hits);
    found.sort();
    assert_eq!(found, ["a", "b", "c"]);
    // Any spelling stands for the group; the variant as typed is highlighted.
    let (hits, _, _) = env.search_json("zelenskiy parliament", &["--aliases", file_arg]);
    assert_eq!(hits.len(), 3);
    let c = hits
        .iter()
        .find(|h| paths(&[(*h).clone()]) == ["c"])
        .unwrap();
    assert!(highlighted(c, "body").contains(&"Зеленський".to_string()));
    // The index's own aliases.toml is loaded without a flag.
    std::fs::copy(&file, env.index_dir().join("aliases.toml")).unwrap();
    let out = env
        .morgue(&["search", "--json", "--explain", "Zelensky"])
        .output()
        .unwrap();
    let (hits, _, _) = parse_json_lines(&out);
    assert_eq!(hits.len(), 3);
    let query = json_line(&out, "query").unwrap();
    assert_eq!(query["aliases"][0]["name"], "Zelensky");
    assert_eq!(query["aliases"][0]["variants"].as_array().unwrap().len(), 4);
}

#[test]
fn bad_alias_files_are_named() {
    let env = zelensky_archive();
    env.morgue(&["search", "Zelensky", "--aliases", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
    std::fs::write(
        env.index_dir().join("aliases.toml"),
        "Zelensky = \"Zelenskyy\"\n",
    )
    .unwrap();
    env.morgue(&["search", "Zelensky"]).assert().code(2).stderr(
        predicate::str::contains("aliases.toml").and(predicate::str::contains("list of strings")),
    );
}

#[test]
fn phrases_are_highlighted_whole_and_only_as_phrases() {
    let env = bundled();
    let (hits, _, _) = env.search_json("\"best friend\"", &[]);
    assert_eq!(hits[0]["title"], SEED_TITLE);
    assert_eq!(highlighted(&hits[0], "title"), ["best friend"]);
    // The body has "best, most intimate friend": not the phrase, so nothing is marked there.
    let body = highlighted(&hits[0], "body");
    assert!(
        !body.iter().any(|m| m == "best" || m == "friend"),
        "{body:?}"
    );
}

#[test]
fn a_title_only_match_still_shows_the_lead() {
    let env = bundled();
    let (hits, _, _) = env.search_json("title:Vladimir", &[]);
    let body = hits[0]["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["field"] == "body")
        .expect("a body snippet even when only the title matched");
    assert!(!body["text"].as_str().unwrap().is_empty());
}

#[test]
fn facets_count_every_match_not_only_the_hits_shown() {
    let env = zelensky_archive();
    let out = env
        .morgue(&[
            "search",
            "--json",
            "energy plan",
            "-n",
            "1",
            "--facets",
            "source,year,byline",
        ])
        .output()
        .unwrap();
    let (hits, summary, _) = parse_json_lines(&out);
    assert_eq!(hits.len(), 1);
    assert_eq!(summary["total"], 4);
    let facets = json_line(&out, "facets").unwrap();
    assert_eq!(facets["facets"]["source"]["Reuters"], 2);
    assert_eq!(facets["facets"]["source"]["Kyiv Post"], 1);
    assert_eq!(facets["facets"]["year"]["2022"], 4);
    assert_eq!(facets["facets"]["byline"]["Ana Costa"], 4);
    // Facets follow the filters.
    let out = env
        .morgue(&[
            "search", "--json", "energy", "--source", "reuters", "--facets", "source",
        ])
        .output()
        .unwrap();
    let facets = json_line(&out, "facets").unwrap();
    assert_eq!(facets["facets"]["source"], json!({"Reuters": 2}));
    // Text output lists them after the hits.
    env.morgue(&["search", "energy", "--facets", "year"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Facets of all 4 matching articles")
                .and(predicate::str::contains("2022 (4)")),
        );
    env.morgue(&["search", "energy", "--facets", "colour"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("invalid value 'colour' for '--facets")
                .and(predicate::str::contains("source, byline, year")),
        );
}

fn dated_archive() -> Env {
    let env = Env::new();
    // "old" says "budget" three times, "new" once: by relevance alone "old" comes first.
    article(
        &env,
        "old",
        "Budget talks",
        "2019-01-10",
        "Gazette",
        "The budget, the budget and again the budget were discussed at length by the council.",
    );
    article(
        &env,
        "new",
        "Council budget meets",
        "2019-06-10",
        "Gazette",
        "The council discussed the budget at length in a long session of the council.",
    );
    article(
        &env,
        "same-day-weak",
        "Council meets again",
        "2019-06-10",
        "Gazette",
        "Some council members arrived late; the session was long and the budget came up once.",
    );
    article(
        &env,
        "undated",
        "Budget notes",
        "",
        "Gazette",
        "The budget was noted.",
    );
    env.index();
    env
}

#[test]
fn recent_blends_freshness_into_relevance() {
    let env = dated_archive();
    let (hits, _, _) = env.search_json("budget", &[]);
    assert_eq!(paths(&hits)[0], "old");
    let (hits, _, _) = env.search_json("budget", &["--recent=30d"]);
    assert_eq!(paths(&hits)[0], "new", "{:?}", paths(&hits));
    // A long half-life changes little.
    let (hits, _, _) = env.search_json("budget", &["--recent=100y"]);
    assert_eq!(paths(&hits)[0], "old");
    env.morgue(&["search", "budget", "--recent=soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--recent").and(predicate::str::contains("'soon'")));
    // Without `=`, the next word is the query, not a half-life (a one-year half-life then).
    let (hits, summary, _) = env.search_json("--recent", &["budget"]);
    assert!(summary["total"].as_u64().unwrap() > 0 && !hits.is_empty());
}

#[test]
fn date_orders_break_ties_by_relevance_and_put_undated_last() {
    let env = dated_archive();
    let (hits, _, _) = env.search_json("budget council", &["--sort", "newest"]);
    assert_eq!(paths(&hits), ["new", "same-day-weak", "old"]);
    let (hits, _, _) = env.search_json("budget", &["--sort", "oldest"]);
    assert_eq!(paths(&hits), ["old", "new", "same-day-weak", "undated"]);
}

#[test]
fn explain_says_how_the_query_was_read_and_what_each_term_gave() {
    let env = bundled();
    let out = env
        .morgue(&[
            "search",
            "--json",
            "--explain",
            "Putin \"best friend\" -dredging note:Putin repnik*",
        ])
        .output()
        .unwrap();
    let lines = crate::util::json_lines(&out);
    assert_eq!(lines[0]["type"], "query", "the query line comes first");
    let q = &lines[0];
    assert_eq!(q["terms"], json!(["putin", "note"]));
    assert_eq!(q["phrases"], json!(["\"best friend\""]));
    assert_eq!(q["prefixes"], json!(["repnik"]));
    assert!(q["dropped"][0]
        .as_str()
        .unwrap()
        .contains("`note:` is not a field"));
    let (hits, _, _) = parse_json_lines(&out);
    let explain = &hits[0]["explain"];
    let matched = explain["matched"].as_array().unwrap();
    assert!(matched
        .iter()
        .any(|m| m["field"] == "title" && m["term"] == "putin"));
    assert!(matched.iter().any(|m| m["term"] == "\"best friend\""));
    assert!(
        !matched.iter().any(|m| m["term"] == "dredg"),
        "exclusions add nothing"
    );
    let sum: f64 = matched
        .iter()
        .map(|m| m["score"].as_f64().unwrap())
        .sum::<f64>()
        + explain["proximity"].as_f64().unwrap();
    let relevance = explain["relevance"].as_f64().unwrap();
    assert!(
        (sum - relevance).abs() < 0.05 * relevance,
        "{sum} vs {relevance}"
    );
    env.morgue(&["search", "--explain", "--color", "never", "Putin medal"])
        .assert()
        .success()
        .stdout(predicate::str::contains("query: ").and(predicate::str::contains("score ")));
}

#[test]
fn expensive_queries_are_bounded() {
    let env = bundled();
    // Many fuzzy words: the first few are widened, the rest searched as written.
    let many: Vec<String> = (0..200).map(|i| format!("word{i}~2")).collect();
    env.morgue(&["search", "--", &many.join(" ")])
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stderr(predicate::str::contains("searched fuzzily"));
    // A prefix that would match most words is refused; a typed regular expression is dropped.
    env.morgue(&["search", "a* Putin"])
        .assert()
        .success()
        .stderr(predicate::str::contains("too short a prefix"));
    env.morgue(&["search", "/[a-z]+/"])
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stderr(predicate::str::contains("not supported"));
}

#[test]
fn a_name_written_whole_outranks_its_words_apart() {
    let env = Env::new();
    let filler = "The talks covered energy, trade and the border at some length.";
    article(
        &env,
        "apart",
        "Talks in Moscow",
        "2019-05-01",
        "Gazette",
        // Shorter, so that on the words' own scores this one would come first.
        &format!("Vladimir Ivanov said Putin would attend. {filler}"),
    );
    article(
        &env,
        "whole",
        "Talks in Moscow",
        "2019-05-01",
        "Gazette",
        &format!("Ivanov, the host, said Vladimir Putin would attend. {filler}"),
    );
    env.index();
    let (hits, _, _) = env.search_json("Vladimir Putin", &[]);
    assert_eq!(paths(&hits), ["whole", "apart"]);
}

#[test]
fn a_surname_finds_the_person_before_the_company_of_that_name() {
    let env = Env::new();
    article(
        &env,
        "company",
        "Baker Hughes profit rises",
        "1987-04-01",
        "Wire",
        "Baker Hughes Inc said first quarter profit rose on higher drilling activity. Baker Hughes shares rose on the news, and the Baker Hughes board met on Tuesday.",
    );
    article(
        &env,
        "person",
        "Baker sees stable dollar",
        "1987-04-02",
        "Wire",
        "Treasury Secretary James Baker said on Monday that the dollar had fallen far enough and that the leading industrial nations would work to keep currencies stable.",
    );
    env.index();
    let (hits, _, _) = env.search_json("baker", &[]);
    assert_eq!(paths(&hits), ["person", "company"]);
    assert_eq!(hits[0]["people"], json!(["James Baker"]));
    // --explain says why.
    env.morgue(&["search", "baker", "--explain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("× people named 1.50"));
    // A longer query is a headline remembered, not a name: no factor.
    let (hits, _, _) = env.search_json("baker hughes profit rises", &["--explain"]);
    assert_eq!(hits[0]["explain"]["named"], Value::Null);
}

#[test]
fn a_name_is_searched_as_written_not_as_a_stem() {
    let env = Env::new();
    article(
        &env,
        "hague",
        "Hague speaks on talks",
        "2011-03-01",
        "Wire",
        "Foreign Secretary William Hague said on Monday that the talks in London would go on for another week at least.",
    );
    article(
        &env,
        "williams",
        "Archbishop speaks on talks",
        "2011-03-02",
        "Wire",
        "Archbishop Rowan Williams said on Monday that the talks in London would go on for another week at least.",
    );
    env.index();
    // "Williams" stems to "william": names are not stemmed, so neither finds the other.
    for (person, path) in [("Williams", "williams"), ("William", "hague")] {
        let (hits, _, _) = env.search_json("talks", &["--person", person]);
        assert_eq!(paths(&hits), [path], "--person {person}");
        let (hits, _, _) = env.search_json(&format!("person:{person}"), &[]);
        assert_eq!(paths(&hits), [path], "person:{person}");
    }
    // Written in capitals, a name is the same name.
    let (hits, _, _) = env.search_json("talks", &["--person", "ROWAN WILLIAMS"]);
    assert_eq!(paths(&hits), ["williams"]);
}

#[test]
fn people_are_searchable_filterable_and_counted() {
    let env = bundled();
    for query in ["person:putin", "person:\"Vladimir Putin\""] {
        let (hits, _, _) = env.search_json(query, &[]);
        assert_eq!(hits[0]["title"], SEED_TITLE, "{query}");
        // In the order the article first names them.
        assert_eq!(
            hits[0]["people"],
            json!(["Xi Jinping", "Vladimir Putin", "Maria Repnikova"])
        );
    }
    // Its people are "Xi Jinping", "Vladimir Putin", …: a phrase does not run from one to the
    // next.
    let (hits, _, _) = env.search_json("person:\"jinping vladimir\"", &[]);
    assert!(hits.is_empty(), "{hits:?}");
    let (hits, _, _) = env.search_json("friend", &["--person", "Xi Jinping", "--person", "Putin"]);
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["people"]
        .as_array()
        .unwrap()
        .contains(&json!("Vladimir Putin")));
    let (hits, _, code) = env.search_json("friend", &["--person", "Nobody Atall"]);
    assert_eq!((hits.len(), code), (0, 1));
    let out = env
        .morgue(&[
            "search",
            "--json",
            "Putin OR harbour",
            "--facets",
            "person,place",
        ])
        .output()
        .unwrap();
    let facets = json_line(&out, "facets").expect("a facets line");
    assert!(facets["facets"]["person"]["Vladimir Putin"].as_u64() >= Some(1));
    assert!(facets["facets"]["place"].as_object().is_some());
}

#[test]
fn timelines_count_what_search_matches_per_period() {
    let env = dated_archive();
    let (_, summary, _) = env.search_json("budget", &[]);
    let out = env
        .morgue(&["timeline", "--json", "budget", "--by", "month"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let lines = crate::util::json_lines(&out);
    let buckets: Vec<(&str, u64)> = lines
        .iter()
        .filter(|l| l["type"] == "bucket")
        .map(|l| (l["start"].as_str().unwrap(), l["count"].as_u64().unwrap()))
        .collect();
    // Every month from January to June, the empty ones too.
    assert_eq!(
        buckets,
        [
            ("2019-01-01", 1),
            ("2019-02-01", 0),
            ("2019-03-01", 0),
            ("2019-04-01", 0),
            ("2019-05-01", 0),
            ("2019-06-01", 2)
        ]
    );
    let close = lines.last().unwrap();
    assert_eq!(close["type"], "timeline");
    assert_eq!(close["by"], "month");
    // The undated article is counted by search and said to be in no bar.
    assert_eq!(close["total"], summary["total"]);
    assert_eq!(close["undated"], 1);
    let dated: u64 = buckets.iter().map(|(_, n)| n).sum();
    assert_eq!(dated + 1, summary["total"].as_u64().unwrap());
    // A period chosen from the span; a chart with the busiest period's best title.
    env.morgue(&["timeline", "budget"])
        .assert()
        .success()
        .stdout(predicate::str::contains("█").and(predicate::str::contains("Busiest")))
        .stderr(predicate::str::contains(
            "1 of 4 matching articles have no date",
        ));
    // Filters narrow the timeline as they narrow search.
    let out = env
        .morgue(&["timeline", "--json", "budget", "--since", "2019-06"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"total\":2") && !text.contains("2019-01"),
        "{text}"
    );
    env.morgue(&["timeline", "budget", "--by", "fortnight"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'fortnight'").and(predicate::str::contains("month")));
    env.morgue(&["timeline", "zzzqqq"]).assert().code(1);
    // Matches, none of them dated: said so, and no bars.
    let env = Env::new();
    env.write(
        "undated.txt",
        "Budget talks stall\n\nThe budget talks stalled again on spending for schools and roads, officials said.\n",
    );
    env.index();
    env.morgue(&["timeline", "budget"])
        .assert()
        .success()
        .stdout(predicate::str::contains("█").not())
        .stderr(predicate::str::contains(
            "none of the 1 matching articles has a date",
        ));
    let out = env
        .morgue(&["timeline", "--json", "budget"])
        .output()
        .unwrap();
    let lines = crate::util::json_lines(&out);
    assert_eq!(lines.len(), 1, "no buckets, only the closing line");
    assert_eq!(lines[0]["undated"], 1);
}

#[test]
fn people_lists_who_appears_with_whom() {
    let env = bundled();
    let out = env
        .morgue(&["people", "--json", "friendship"])
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let lines = crate::util::json_lines(&out);
    let names: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "name")
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Vladimir Putin") && names.contains(&"Xi Jinping"),
        "{names:?}"
    );
    let putin = lines
        .iter()
        .find(|l| l["name"] == "Vladimir Putin")
        .unwrap();
    assert_eq!(putin["kind"], "person");
    assert_eq!(putin["sample"]["title"], SEED_TITLE);
    env.morgue(&["people", "friendship", "--places"])
        .assert()
        .success()
        .stdout(predicate::str::contains("places most named"));
    env.morgue(&["people", "zzzqqq"]).assert().code(1);
}

#[test]
fn a_list_of_names_is_searched_one_by_one() {
    let env = bundled();
    let list = env.dir.path().join("names.txt");
    std::fs::write(
        &list,
        "Vladimir Putin\n\n  xi jinping  \nVladimir Putin\nNobody Atall\n\"Eastport\n",
    )
    .unwrap();
    let out = env
        .morgue(&["search", "--json", "--names"])
        .arg(&list)
        .output()
        .unwrap();
    crate::util::assert_success(&out);
    let lines = crate::util::json_lines(&out);
    let listed: Vec<(&str, u64)> = lines
        .iter()
        .filter(|l| l["type"] == "listed")
        .map(|l| (l["name"].as_str().unwrap(), l["total"].as_u64().unwrap()))
        .collect();
    // Blank lines skipped, the repeat once, order kept, a name no article has counted as 0.
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert_eq!(listed[0], ("Vladimir Putin", 1));
    assert_eq!(listed[1], ("xi jinping", 1));
    assert_eq!(listed[2], ("Nobody Atall", 0));
    assert!(listed[3].1 >= 1);
    assert_eq!(lines[0]["top"]["title"], SEED_TITLE);
    assert!(lines[2]["top"].is_null());
    // Within a query: only the articles that match it.
    let out = env
        .morgue(&["search", "--json", "--names"])
        .arg(&list)
        .arg("harbour")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("{\"type\":\"listed\",\"name\":\"Vladimir Putin\",\"total\":0"),
        "{text}"
    );
    // A table for people.
    env.morgue(&["search", "--names"])
        .arg(&list)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Vladimir Putin").and(predicate::str::contains(SEED_TITLE)),
        );
    // Bad lists are named and refused.
    let binary = env.dir.path().join("names.bin");
    std::fs::write(&binary, b"\x00\x01\x02names\xff").unwrap();
    let empty = env.dir.path().join("empty.txt");
    std::fs::write(&empty, "\n \n").unwrap();
    let many = env.dir.path().join("many.txt");
    std::fs::write(
        &many,
        (0..10_001)
            .map(|i| format!("Name {i}\n"))
            .collect::<String>(),
    )
    .unwrap();
    for (file, says) in [
        (&binary, "not UTF-8"),
        (&empty, "holds no names"),
        (&many, "10001 names"),
    ] {
        env.morgue(&["search", "--names"])
            .arg(file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

/// A wire story of six paragraphs, as an agency sent it.
const WIRE: [&str; 6] = [
    "The central bank raised its main interest rate by half a point on Thursday, the largest increase in more than two decades, as it tried to slow prices that have risen faster than at any time since the early nineteen eighties.",
    "The decision was taken unanimously by the members of the rate-setting committee, who said further rises were likely in the coming months if the labour market remained as tight as it has been since the spring.",
    "Markets had expected the move after a run of strong figures on wages and consumer spending, and the currency barely moved when the announcement was made shortly after noon in the capital.",
    "Economists said the bank would watch the housing market closely, since mortgage payments are now taking a larger share of household income than at any point in the last fifteen years.",
    "The governor told reporters that the bank stood ready to act again, adding that the committee would not hesitate to raise rates faster if the figures for the autumn disappointed.",
    "Opposition politicians said the increase would hurt families already struggling with the cost of food and fuel, and called on the government to do more to help them through the winter.",
];

/// A copy of the wire story as one outlet ran it: its own headline, `cut` paragraphs from the
/// bottom, a spelling changed, a credit line, a date.
pub(crate) fn wire_copy(env: &Env, outlet: &str, headline: &str, cut: usize, date: &str) {
    let mut body: Vec<String> = WIRE[..WIRE.len() - cut]
        .iter()
        .map(|p| p.to_string())
        .collect();
    body[1] = body[1].replace("labour", "labor");
    body.push("Reporting by a correspondent; editing by the desk.".to_string());
    env.write(
        &format!("{outlet}/rates.json"),
        json!({"headline": headline, "datePublished": date, "publisher": outlet, "articleBody": body.join("\n\n")})
            .to_string(),
    );
}

/// An archive of one wire story run by two outlets (the second cut by two paragraphs).
pub(crate) fn two_copies() -> Env {
    let env = Env::new();
    wire_copy(
        &env,
        "gazette",
        "Bank raises rates by half a point",
        0,
        "2022-06-16",
    );
    wire_copy(
        &env,
        "courier",
        "Rates up: biggest rise in twenty years",
        2,
        "2022-06-17",
    );
    env
}

#[test]
fn copies_of_a_story_are_grouped_and_shown_once() {
    let env = two_copies();
    wire_copy(
        &env,
        "herald",
        "Central bank acts on prices",
        3,
        "2022-06-16",
    );
    // Another story on the same subject, and two briefs in one template: not copies.
    env.write(
        "gazette/budget.json",
        json!({"headline": "Budget plans delayed", "datePublished": "2022-06-18", "articleBody": "The finance minister delayed the budget by a week on Friday after talks with the central bank about interest rates, the housing market and the cost of borrowing ran late into the night.\n\nOfficials said the figures for spending on schools and hospitals had not changed, but the forecasts for growth and for prices needed more work before they could be published in full."}).to_string(),
    );
    for (n, company) in ["Acme", "Globex"].iter().enumerate() {
        env.write(
            &format!("wire/brief{n}.json"),
            json!({"headline": format!("{company} first quarter"), "articleBody": format!("Shr {n}.23 dlrs vs {n}.10 dlrs Net {n}.5 mln vs 3.9 mln Revs 12{n} mln vs 101 mln Note: {company} results for the quarter, rates and prices as reported.")}).to_string(),
        );
    }
    env.index();
    let out = env.morgue(&["copies", "--json"]).output().unwrap();
    crate::util::assert_success(&out);
    let groups = crate::util::json_lines(&out);
    assert_eq!(groups.len(), 1, "{groups:?}");
    let sources: Vec<&str> = groups[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    // Earliest first; the same day in the order of ids.
    assert_eq!(sources.len(), 3);
    assert_eq!(sources[2], "courier");
    // Search shows the story once, with its copies.
    let (hits, summary, _) = env.search_json("interest rate", &[]);
    assert_eq!(summary["total"], 4, "every match counted");
    let stories: Vec<&Value> = hits
        .iter()
        .filter(|h| h["copies"].as_array().unwrap().len() == 2)
        .collect();
    assert_eq!(stories.len(), 1);
    assert_eq!(hits.len(), 2, "the story once, and the budget story");
    let (hits, _, _) = env.search_json("interest rate", &["--all-copies"]);
    assert_eq!(hits.len(), 4);
    env.morgue(&["search", "interest rate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+2 copies"));
    // A copy gone: the group follows the archive; ids stay.
    let ids_before: Vec<String> = groups[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    std::fs::remove_file(env.archive().join("herald/rates.json")).unwrap();
    env.index();
    let out = env.morgue(&["copies", "--json"]).output().unwrap();
    let group: Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    let ids_after: Vec<String> = group["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids_after.len(), 2);
    assert!(ids_after.iter().all(|id| ids_before.contains(id)));
}

#[test]
fn a_long_page_is_filled_though_copies_fold() {
    // Twelve copies of one story and sixty other articles that all mention the central bank: a
    // page of sixty hits is the story once and fifty-nine others (copies are folded among the
    // ranked candidates, which reach beyond the page).
    let env = Env::new();
    for n in 0..12 {
        let headline = format!("Central bank raises rates, report {n}");
        wire_copy(&env, &format!("outlet{n}"), &headline, n % 3, "2022-06-16");
    }
    for n in 0..60 {
        env.write(
            &format!("briefs/brief{n}.txt"),
            format!(
                "Regional note {n}\n\nThe central bank of region {n} reported {a} loans and \
                 {b} deposits in week {c}, its governor said, and expects {d} more next month.\n",
                a = 1000 + 37 * n,
                b = 5000 + 91 * n,
                c = n % 52 + 1,
                d = 300 + 13 * n
            ),
        );
    }
    env.index();
    let (hits, summary, _) = env.search_json("central bank", &["--limit", "60"]);
    assert_eq!(summary["total"], 72);
    assert_eq!(hits.len(), 60);
    let story: Vec<&Value> = hits
        .iter()
        .filter(|h| !h["copies"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(story.len(), 1);
    assert_eq!(story[0]["copies"].as_array().unwrap().len(), 11);
}

#[test]
fn an_archive_of_one_story_is_one_group() {
    let env = Env::new();
    for (n, outlet) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
        wire_copy(&env, outlet, &format!("Headline {n}"), n % 3, "2022-06-16");
    }
    env.index();
    let out = env.morgue(&["copies", "--json"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(text.matches("\"id\"").count(), 6);
    let (hits, _, _) = env.search_json("central bank", &[]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["copies"].as_array().unwrap().len(), 5);
    // No copies at all: exit 1, nothing printed.
    crate::util::bundled()
        .morgue(&["copies"])
        .assert()
        .code(1)
        .stdout("");
}
