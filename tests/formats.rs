//! Archive formats beyond loose pages: WARC, NITF, NewsML, feeds, Reuters SGML, CSV. The shared
//! samples are read in place (skipped with a reason when absent, failing under
//! MORGUE_REQUIRE_CORPORA=1); damaged and hostile inputs are written here.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{self, json_lines, Env};

/// `morgue segment --json FILES...`: the article messages.
fn segment(files: &[std::path::PathBuf]) -> (Vec<Value>, String) {
    let out = util::morgue()
        .args(["segment", "--json"])
        .args(files)
        .output()
        .unwrap();
    let articles = json_lines(&out)
        .into_iter()
        .filter(|m| m["type"] == "article")
        .collect();
    (articles, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every article of every shared sample, with the title (its opening), date and address the
/// file itself gives them (read from each file by hand).
const SAMPLES: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("newsml-1/superdesk-agpl/afp.xml", "Sweden court accepts receivership for Saab", Some("2014-08-29"), None),
    ("newsml-1/superdesk-agpl/afp20.xml", "Décès de Naomi Musenga", Some("2024-07-10"), None),
    ("newsml-1/superdesk-agpl/ana1.xml", "Wage employment balance positive", Some("2018-04-04"), None),
    ("newsml-g2/superdesk-agpl/ansa-newsmlg2-text.xml", "Catalan independence declaration", Some("2017-10-11"), None),
    ("newsml-g2/superdesk-agpl/ansa_culture.xml", "TEST FROM XAWES", Some("2019-07-01"), None),
    ("newsml-g2/superdesk-agpl/ap.xml", "Nutrisystem beats 4Q earnings", Some("2018-02-26"), None),
    ("newsml-g2/superdesk-agpl/ap.xml", "DiamondRock Hospitality posts 4Q FFO", Some("2018-02-26"), None),
    ("newsml-g2/superdesk-agpl/ap.xml", "Scripps Networks tops 4Q profit", Some("2018-02-26"), None),
    ("newsml-g2/superdesk-agpl/dpa.xml", "Eintracht in London: Hintereggers Tränen", Some("2022-10-11"), None),
    ("newsml-g2/superdesk-agpl/scoop.xml", "Dick Smith receivers install Don Grover", Some("2016-01-12"), None),
    ("newsml-g2/superdesk-agpl/stt1.xml", "Mikko Moilanen siirtyy Revenion", Some("2019-04-15"), None),
    ("newsml-g2/superdesk-agpl/stt_newsml_test.xml", "Parliament passed the Alcohol Act", Some("2017-12-19"), None),
    ("newsml-g2/superdesk-agpl/text.xml", "Soccer-Smiling Benitez pleads", Some("2013-03-01"), None),
    ("nitf/iptc-samples/nitf-example-3.3.xml", "Weather and Tide Updates for Norfolk", Some("2002-02-25"), None),
    ("nitf/iptc-samples/nitf-example-3.5.xml", "Weather and Tide Updates for Norfolk", Some("2002-02-25"), None),
    ("nitf/iptc-samples/nitf-example-3.6.xml", "Astronauts take spacewalk No. 3", Some("2009-11-23"), None),
    ("nitf/superdesk-agpl/aap-finance.xml", "ASIA:Samsung sells defence", Some("2014-11-26"), None),
    ("nitf/superdesk-agpl/aap.xml", "The main stories on today's 1900 ABC TV news", Some("2013-10-20"), None),
    ("nitf/superdesk-agpl/ap-nitf.xml", "Can trading pollution like stocks", Some("2015-12-10"), None),
    ("nitf/superdesk-agpl/ap_media_text_nitf.xml", "BC-BBN--Top Ten", Some("2019-07-03"), None),
    ("nitf/superdesk-agpl/efe_nitf.xml", "Honduran president announces Cabinet changes", Some("2017-01-02"), None),
    ("nitf/superdesk-agpl/nitf-fishing.xml", "Weather and Tide Updates for Norfolk", Some("2002-02-25"), None),
    ("nitf/superdesk-agpl/nitf-ntb.xml", "Faktisk.no: Nei, dette dokumentet", Some("2020-09-07"), None),
    ("nitf/superdesk-agpl/pa1.xml", "PA SPORT TRIVIA (OCTOBER 14)", Some("2015-10-14"), None),
    ("nitf/superdesk-agpl/pa4.xml", "GREAT BRITISH BAKE OFF COOKS UP", Some("2016-10-03"), None),
    ("nitf/superdesk-agpl/pa5.xml", "HARD BREXIT TO COST UK UP TO £66BN", Some("2016-10-11"), None),
    ("rss-atom/atom_mediarss_newscred_1.xml", "The Day Off: Tampa", Some("2019-04-05"), Some("http://www.example.com/the-day-off-tampa")),
    ("rss-atom/rss_1.0_iso8859.xml", "Digitalministerium: Neue Glasfaserförderung", Some("2023-01-25"), Some("https://www.golem.de/news/digitalministerium-neue-glasfaserfoerderung-mit-schnellkasse-2301-171451.html")),
    ("rss-atom/rss_2.0_bbc.xml", "Marcus Aurelius", Some("2021-02-25"), Some("http://www.bbc.co.uk/programmes/m000sjxt")),
    ("rss-atom/rss_2.0_cloudflare.xml", "Privacy-Preserving Compromised Credential", Some("2021-10-14"), Some("https://blog.cloudflare.com/privacy-preserving-compromised-credential-checking/")),
    ("rss-atom/rss_2.0_ghost_2.xml", "Send emails without publishing", Some("2021-10-11"), Some("https://ghost.org/changelog/email-without-publishing/")),
    ("rss-atom/rss_2.0_heated.xml", "A conversation about Keystone XL", Some("2021-02-03"), Some("https://heated.world/p/a-conversation-about-keystone-xl")),
    ("rss-atom/rss_2.0_ilgiornale.xml", "Arrestato in Pakistan Shabbar Abbas", Some("2022-11-15"), Some("https://www.ilgiornale.it/news/cronaca-nera/caso-saman-abbas-arrestato-pakistan-padre-shabbar-2085649.html")),
    ("rss-atom/rss_2.0_ilmessaggero.xml", "Missili Polonia, cosa è successo?", Some("2022-11-16"), Some("https://www.ilmessaggero.it/mondo/missili_polonia_cosa_e_successo_davvero-7054869.html")),
    ("rss-atom/rss_2.0_nbcny.xml", "NYC cops search for stabbing suspect", Some("2023-12-16"), Some("https://www.nbcnewyork.com/news/local/nyc-cops-search-for-stabbing-suspect-after-leaving-18-year-old-to-bleed-out-on-sidewalk/4956764/")),
    ("rss-atom/rss_2.0_spiegel.xml", "07.02. – die Wochenvorschau", Some("2021-02-06"), Some("https://omny.fm/shows/spiegel-update-die-nachrichten/07-02-die-wochenvorschau-lockdown-verl-ngerung-kri")),
    ("rss-atom/rss_2.0_wirecutter.xml", "How to Teach Someone a Board Game", Some("2022-09-20"), Some("https://www.nytimes.com/wirecutter/blog/how-to-teach-someone-a-board-game/?utm_source=rss&utm_medium=feed&utm_campaign=RSS%20Feed")),
    // Web archives: the address is the capture's; pages rarely state a date (the archive.org
    // pages' dates are the extractor's guesses from their text).
    ("warc/IAH-20080430204825-00000-blackbook-truncated.warc.gz", "", None, Some("http://www.archive.org/")),
    ("warc/IAH-20080430204825-00000-blackbook-truncated.warc.gz", "Internet Archive", Some("2001-03-10"), Some("http://www.archive.org/index.php")),
    ("warc/IAH-urls-wget.warc.gz", "Internet Archive: Digital Library", Some("2001-03-10"), Some("https://archive.org/")),
    ("warc/IAH-urls-wget.warc.gz", "Internet Archive: Digital Library", Some("1979-12-05"), Some("https://archive.org/")),
    ("warc/warcio-example-iana.org-chunked.warc", "Internet Assigned Numbers Authority", None, Some("http://www.iana.org/")),
    ("warc/warcio-example.warc", "Example Domain", None, Some("http://example.com/")),
    ("warc/warcio-example.warc.gz", "Example Domain", None, Some("http://example.com/")),
    ("warc/whirlwind.warc.gz", "Escopete", Some("2008-07-04"), Some("https://an.wikipedia.org/wiki/Escopete")),
    ("warc/whirlwind.warc.wet.gz", "", None, Some("https://an.wikipedia.org/wiki/Escopete")),
];

#[test]
fn every_article_of_the_shared_samples_has_its_title_date_and_address() {
    let Some(root) = util::shared("formats") else {
        return;
    };
    let mut files: Vec<&str> = SAMPLES.iter().map(|s| s.0).collect();
    files.dedup();
    let paths: Vec<_> = files.iter().map(|f| root.join(f)).collect();
    let (articles, stderr) = segment(&paths);
    let mut by_file: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for a in &articles {
        let path = a["path"].as_str().unwrap();
        let rel = files.iter().find(|f| path.ends_with(*f)).unwrap();
        by_file.entry((*rel).to_string()).or_default().push(a);
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, title, date, url) in SAMPLES {
        let n = seen.entry(file).or_default();
        let found = by_file.get(*file).and_then(|v| v.get(*n));
        let Some(a) = found else {
            panic!("{file}: article {} missing\n{stderr}", *n + 1);
        };
        *n += 1;
        assert!(
            a["title"].as_str().unwrap_or("").starts_with(title),
            "{file}: title {}",
            a["title"]
        );
        assert_eq!(a["date"].as_str(), *date, "{file}: date");
        assert_eq!(a["url"].as_str(), *url, "{file}: url");
        // This sample's inline body holds only its byline ("By Toby Davis").
        if *file != "newsml-g2/superdesk-agpl/text.xml" {
            assert!(
                !a["body"].as_str().unwrap_or("").is_empty(),
                "{file}: no body"
            );
        }
    }
    for (file, list) in &by_file {
        assert_eq!(
            list.len(),
            seen[file.as_str()],
            "{file}: articles beyond the table"
        );
    }
    // Formats named, capture dates kept apart, the agencies' own fields read.
    let first = |file: &str| by_file[file][0];
    assert_eq!(first("nitf/superdesk-agpl/aap.xml")["format"], "nitf");
    assert_eq!(
        first("nitf/superdesk-agpl/aap.xml")["byline"][0],
        "John Doe"
    );
    assert_eq!(
        first("newsml-g2/superdesk-agpl/dpa.xml")["format"],
        "newsml"
    );
    assert_eq!(first("newsml-g2/superdesk-agpl/dpa.xml")["lang"], "de");
    assert_eq!(
        first("newsml-g2/superdesk-agpl/dpa.xml")["keywords"][0],
        "Champions League"
    );
    assert_eq!(first("rss-atom/rss_2.0_bbc.xml")["format"], "feed");
    assert_eq!(first("warc/whirlwind.warc.gz")["format"], "warc");
    assert_eq!(first("warc/whirlwind.warc.gz")["crawled"], "2024-05-18");
    assert!(
        stderr.contains("repeating a payload already read"),
        "{stderr}"
    );
}

#[test]
fn raw_reuters_sgml_gives_every_record_with_a_title_or_body() {
    let Some(root) = util::shared("reuters-21578") else {
        return;
    };
    let file = root.join("reut2-000.sgm");
    let raw = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
    let with_text = raw
        .split("<REUTERS")
        .skip(1)
        // Unprocessed records have text without TITLE or BODY elements.
        .filter(|r| r.contains("<TITLE>") || r.contains("<BODY>") || r.contains("TYPE=\"UNPROC\""))
        .count();
    let (articles, _) = segment(std::slice::from_ref(&file));
    assert_eq!(articles.len(), with_text);
    let first = &articles[0];
    assert_eq!(first["format"], "sgml");
    assert_eq!(first["title"], "BAHIA COCOA REVIEW");
    assert_eq!(first["date"], "1987-02-26");
    assert_eq!(first["source"], "Reuters");
    assert_eq!(first["keywords"][0], "topics:cocoa");
    assert!(first["body"]
        .as_str()
        .unwrap()
        .starts_with("Showers continued throughout the week"));
    assert!(!first["body"].as_str().unwrap().ends_with("Reuter"));

    // Indexed and searched: the tags are words of their own field, not the story's people.
    let env = Env::new();
    std::fs::create_dir_all(env.archive()).unwrap();
    let out = env.morgue(&["index"]).arg(&file).output().unwrap();
    util::assert_success(&out);
    let (hits, _, _) = env.search_json("keyword:cocoa bahia", &["--explain"]);
    assert_eq!(hits[0]["title"], "BAHIA COCOA REVIEW");
    assert_eq!(hits[0]["format"], "sgml");
    let out = env
        .morgue(&["search", "--json", "--explain", "tag:cocoa"])
        .output()
        .unwrap();
    let query = util::json_line(&out, "query").unwrap();
    assert!(
        query["parsed"].as_str().unwrap().contains("keyword:cocoa"),
        "{query}"
    );
}

#[test]
fn a_csv_export_gives_one_article_a_row() {
    let Some(root) = util::shared("ria-ru/csv") else {
        return;
    };
    let file = root.join("ria_news_topics_3.csv");
    let (articles, stderr) = segment(std::slice::from_ref(&file));
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(articles.len(), 480);
    let first = &articles[0];
    assert_eq!(first["format"], "csv");
    assert_eq!(
        first["title"],
        "Компания из Китая намерена создать в Приамурье индустриальный парк"
    );
    assert_eq!(first["url"], "https://ria.ru/20231020/park-1903996622.html");
    assert_eq!(first["date"], "2023-10-20");
    assert_eq!(first["lang"], "ru");
}

#[test]
fn benchmark_pages_packed_into_a_warc_give_the_same_articles_as_the_loose_files() {
    let Some(root) = util::shared("article-extraction-benchmark-dev/html") else {
        return;
    };
    let mut loose: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    loose.sort();
    let pages: Vec<(String, Vec<u8>)> = loose
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (
                format!("https://bench.example/{name}"),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    let env = Env::new();
    std::fs::create_dir_all(env.archive()).unwrap();
    let warc = env.archive().join("pages.warc.gz");
    util::warc::pack(&pages, &warc);
    let (from_files, _) = segment(&loose);
    let (from_warc, _) = segment(&[warc]);
    assert_eq!(from_warc.len(), from_files.len());
    let by_name: BTreeMap<&str, &Value> = from_warc
        .iter()
        .map(|a| (a["url"].as_str().unwrap().rsplit('/').next().unwrap(), a))
        .collect();
    for a in &from_files {
        let name = a["path"].as_str().unwrap().rsplit('/').next().unwrap();
        let w = by_name[name];
        assert_eq!(w["body"], a["body"], "{name}: body");
        assert_eq!(w["title"], a["title"], "{name}: title");
        assert_eq!(w["format"], "warc");
        assert_eq!(w["crawled"], "2024-05-20");
    }
}

#[test]
fn damaged_and_hostile_files_get_a_message_or_a_sensible_answer() {
    let env = Env::new();
    // Entity expansion: refused as invalid XML, quickly, with the file named.
    let mut bomb =
        String::from("<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY a \"aaaaaaaaaa\">");
    for i in 1..12 {
        let previous = if i == 1 {
            "a".to_string()
        } else {
            format!("e{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY e{i} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
    }
    bomb.push_str("]><nitf><body><body.content><p>&e11;</p></body.content></body></nitf>");
    let bomb_path = env.write("bomb.xml", &bomb);
    // A DTD on the network is never fetched (this test runs offline either way).
    let remote = env.write(
        "remote-dtd.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd\">\n<nitf><body><body.head><hedline><hl1>Offline&nbsp;headline</hl1></hedline></body.head><body.content><p>Text &mdash; here.</p></body.content></body></nitf>",
    );
    // A feed whose titles hold markup, and scripts in its content.
    let feed = env.write(
        "feed.rss",
        "<rss><channel><title>T</title><item><title>&lt;img src=x onerror=alert(1)&gt;Real &lt;b&gt;title&lt;/b&gt;</title><description>&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;p&gt;Text.&lt;/p&gt;</description></item></channel></rss>",
    );
    // A CSV with a NUL byte and a row of 10,000 columns.
    let mut csv = b"title,body\nFirst,has a \0 NUL\n".to_vec();
    csv.extend(format!("Second,{}\n", "x,".repeat(10_000)).bytes());
    let csv_path = env.write("export.csv", &csv);
    // A web archive cut short inside its gzip stream: the records before are kept.
    let pages: Vec<(String, Vec<u8>)> = (0..3)
        .map(|i| {
            (
                format!("https://x.example/{i}"),
                format!("<html><head><title>Page {i}</title></head><body><article><p>{}</p></article></body></html>", "Enough words to make a paragraph of an article here. ".repeat(4)).into_bytes(),
            )
        })
        .collect();
    let whole = env.dir.path().join("whole.warc.gz");
    util::warc::pack(&pages, &whole);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = env.write("cut.warc.gz", &bytes[..bytes.len() - 200]);
    let (articles, stderr) = segment(&[bomb_path, remote, feed, csv_path, cut]);
    assert!(stderr.contains("bomb.xml: invalid XML"), "{stderr}");
    let titles: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.contains(&"Offline headline"), "{titles:?}");
    assert!(titles.contains(&"Real title"), "{titles:?}");
    let feed_article = articles
        .iter()
        .find(|a| a["title"] == "Real title")
        .unwrap();
    assert_eq!(feed_article["body"], "Text.");
    assert!(
        titles.contains(&"First") && titles.contains(&"Second"),
        "{titles:?}"
    );
    assert!(stderr.contains("NUL byte(s) removed"), "{stderr}");
    assert!(
        titles.contains(&"Page 0") && titles.contains(&"Page 1"),
        "{titles:?}"
    );
    assert!(stderr.contains("cut.warc.gz"), "{stderr}");
}
