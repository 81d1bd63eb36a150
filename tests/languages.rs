//! Search in other languages and scripts: Russian inflections found from any form, Chinese and
//! Japanese words found inside running text (which has no spaces), names through the alias
//! file, highlights on character boundaries, `--lang` narrowing.

use crate::util::{highlighted, sorted_titles, Env};

fn archive() -> Env {
    let env = Env::new();
    env.write(
        "ru/1.txt",
        "Зонд долетел до Меркурия\n\nЕвропейский зонд впервые сфотографировал поверхность Меркурия с близкого расстояния, сообщили в агентстве в понедельник.\n",
    );
    env.write(
        "ru/2.txt",
        "Меркурий виден на вечернем небе\n\nАстрономы советуют смотреть на запад сразу после заката, пока планета не скрылась за горизонтом. Об этом сообщили в пресс-службе планетария в Москве, где в пятницу прошла лекция о ближайшей к Солнцу планете.\n",
    );
    env.write(
        "zh/1.txt",
        "中俄元首会晤\n\n国家主席习近平在北京同俄罗斯总统普京举行会谈，双方就双边关系和共同关心的国际问题深入交换意见。\n",
    );
    env.write(
        "ja/1.txt",
        "東京で桜が開花\n\n気象庁は東京都心で桜が開花したと発表しました。平年より五日早い開花です。\n",
    );
    env.write(
        "en/1.txt",
        "Xi Jinping meets Putin in Beijing\n\nChinese president Xi Jinping held talks with Vladimir Putin, the Russian president, in Beijing on Tuesday, the foreign ministry said.\n",
    );
    env.index();
    env
}

#[test]
fn a_russian_word_finds_its_other_forms() {
    let env = archive();
    for query in ["Меркурий", "Меркурия", "меркурию"] {
        let (hits, _, _) = env.search_json(query, &[]);
        assert_eq!(
            sorted_titles(&hits),
            [
                "Зонд долетел до Меркурия",
                "Меркурий виден на вечернем небе"
            ],
            "{query}"
        );
    }
    // The form as written is highlighted, whichever form was typed.
    let (hits, _, _) = env.search_json("Меркурий", &[]);
    for hit in &hits {
        for snippet in hit["snippets"].as_array().unwrap() {
            let text = snippet["text"].as_str().unwrap();
            for h in snippet["highlights"].as_array().unwrap() {
                let (a, b) = (
                    h[0].as_u64().unwrap() as usize,
                    h[1].as_u64().unwrap() as usize,
                );
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                assert!(text[a..b].starts_with("Меркури"), "{}", &text[a..b]);
            }
        }
    }
}

#[test]
fn chinese_and_japanese_words_are_found_inside_running_text() {
    let env = archive();
    let (hits, _, _) = env.search_json("习近平", &[]);
    assert_eq!(sorted_titles(&hits), ["中俄元首会晤"]);
    assert_eq!(highlighted(&hits[0], "body"), ["习近平"]);
    // A word that is not in the text as such is not found from its characters alone.
    let (hits, _, _) = env.search_json("平习", &[]);
    assert!(hits.is_empty());
    let (hits, _, _) = env.search_json("桜が開花", &[]);
    assert_eq!(sorted_titles(&hits), ["東京で桜が開花"]);
    let (hits, _, _) = env.search_json("開花", &["--lang", "ja"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "東京で桜が開花");
    let (hits, _, _) = env.search_json("開花", &["--lang", "zh"]);
    assert!(hits.is_empty());
}

#[test]
fn a_name_in_chinese_is_found_through_the_alias_file() {
    let env = archive();
    let file = env.dir.path().join("names.toml");
    std::fs::write(&file, "\"Xi Jinping\" = [\"习近平\"]\n").unwrap();
    let aliases = file.to_str().unwrap();
    // A name of several words is one name, quoted or not; a Chinese name is one word.
    for query in ["Xi Jinping", "\"Xi Jinping\"", "xi jinping", "习近平"] {
        let (hits, _, _) = env.search_json(query, &["--aliases", aliases]);
        assert_eq!(
            sorted_titles(&hits),
            ["Xi Jinping meets Putin in Beijing", "中俄元首会晤"],
            "{query}"
        );
    }
    // Other words around the name still count, and a name's words apart are not the name.
    let (hits, _, _) = env.search_json("Xi Jinping Beijing", &["--aliases", aliases]);
    assert_eq!(sorted_titles(&hits), ["Xi Jinping meets Putin in Beijing"]);
    let (hits, _, _) = env.search_json("Jinping Xi", &["--aliases", aliases]);
    assert_eq!(sorted_titles(&hits), ["Xi Jinping meets Putin in Beijing"]);
}

#[test]
fn languages_are_detected_and_narrow_searches() {
    let env = archive();
    let (hits, _, _) = env.search_json("Меркурий OR Putin OR 习近平", &["--lang", "ru"]);
    assert_eq!(hits.len(), 2);
    let (hits, _, _) = env.search_json("Меркурий OR Putin OR 习近平", &["--lang", "en"]);
    assert_eq!(sorted_titles(&hits), ["Xi Jinping meets Putin in Beijing"]);
}

#[test]
fn mixed_scripts_and_languages_without_a_stemmer_are_found_word_by_word() {
    let env = Env::new();
    env.write(
        "mixed.txt",
        "Путин met 习近平 in Moscow\n\nVladimir Путин and 习近平主席 signed a statement on Tuesday, שלום said the Hebrew headline, and ประเทศไทย was named.\n",
    );
    env.index();
    for query in ["Путина", "习近平", "Moscow", "שלום", "ประเทศไทย", "ไทย"]
    {
        let (hits, _, _) = env.search_json(query, &[]);
        assert_eq!(hits.len(), 1, "{query}");
        // Every mark falls on characters, whatever the script.
        for snippet in hits[0]["snippets"].as_array().unwrap() {
            let text = snippet["text"].as_str().unwrap();
            for h in snippet["highlights"].as_array().unwrap() {
                let (a, b) = (
                    h[0].as_u64().unwrap() as usize,
                    h[1].as_u64().unwrap() as usize,
                );
                assert!(
                    text.is_char_boundary(a) && text.is_char_boundary(b),
                    "{query}"
                );
            }
        }
    }
    // A Hebrew word has no stemmer: another form of it is another word.
    let (hits, _, _) = env.search_json("שלומות", &[]);
    assert!(hits.is_empty());
}

/// German, French and English articles indexed together, one after another.
fn european_archive() -> Env {
    let env = Env::new();
    env.write(
        "1.txt",
        "Die Wahlen in Berlin werden wiederholt\n\nDie Wahlen in Berlin werden nach Angaben der Landeswahlleiterin im kommenden Frühjahr wiederholt. Die Parteien bereiten sich auf einen kurzen Wahlkampf vor, und viele Bürger zeigen sich über die Pannen verärgert.\n",
    );
    env.write(
        "2.txt",
        "Kaspar Hauser returns to the stage\n\nThe play about Kaspar Hauser returns to the London stage this winter, and the director said the story of the foundling has not lost its pull on the people who fill the theatre.\n",
    );
    env.write(
        "3.txt",
        "Nach der Wahl bleibt das Haus geschlossen\n\nNach der Wahl bleibt das Haus der Abgeordneten bis zum Sommer geschlossen, teilte die Senatsverwaltung am Montag mit. Die Sanierung des Gebäudes soll dann beginnen.\n",
    );
    env.write(
        "4.txt",
        "Le gouvernement continuera la réforme\n\nLe gouvernement continuera la réforme des retraites malgré les manifestations, a déclaré le Premier ministre mardi soir à la télévision. Les syndicats appellent à une nouvelle journée de grève.\n",
    );
    env.write(
        "5.txt",
        "Runners gather in London\n\nThe runners gathered in London on Sunday for the annual marathon, and the organisers said the running conditions were the best in years for the race.\n",
    );
    env.index();
    env
}

#[test]
fn a_word_finds_its_other_forms_in_articles_of_its_language() {
    let env = european_archive();
    let (hits, _, _) = env.search_json("Wahl", &[]);
    assert_eq!(
        sorted_titles(&hits),
        [
            "Die Wahlen in Berlin werden wiederholt",
            "Nach der Wahl bleibt das Haus geschlossen"
        ]
    );
    let wahlen = hits
        .iter()
        .find(|h| h["title"] == "Die Wahlen in Berlin werden wiederholt")
        .unwrap();
    assert_eq!(highlighted(wahlen, "title"), ["Wahlen"]);
    // German stems German articles only: the English article's "Hauser" is a name, not houses;
    // a query word is looked for as each language stems it ("Häuser" is also that name).
    let (hits, _, _) = env.search_json("Haus", &[]);
    assert_eq!(
        sorted_titles(&hits),
        ["Nach der Wahl bleibt das Haus geschlossen"]
    );
    let (hits, _, _) = env.search_json("Häuser", &[]);
    assert_eq!(
        sorted_titles(&hits),
        [
            "Kaspar Hauser returns to the stage",
            "Nach der Wahl bleibt das Haus geschlossen"
        ]
    );
    // ... but only in the articles of that language: German stems "note" as "not", which the
    // English article holds as a word of its own.
    let (hits, _, _) = env.search_json("note", &[]);
    assert!(hits.is_empty(), "{hits:?}");
    // French, and English indexed beside them as it always was.
    let (hits, _, _) = env.search_json("continuer", &[]);
    assert_eq!(
        sorted_titles(&hits),
        ["Le gouvernement continuera la réforme"]
    );
    let (hits, _, _) = env.search_json("runs", &[]);
    assert_eq!(sorted_titles(&hits), ["Runners gather in London"]);
    // A phrase in another form, a fuzzy word and `--lang` work in the article's language too.
    let (hits, _, _) = env.search_json("\"die Wahl in Berlin\"", &[]);
    assert_eq!(
        sorted_titles(&hits),
        ["Die Wahlen in Berlin werden wiederholt"]
    );
    let (hits, _, _) = env.search_json("Wahlkampfs~1", &["--lang", "de"]);
    assert_eq!(
        sorted_titles(&hits),
        ["Die Wahlen in Berlin werden wiederholt"]
    );
    let (hits, _, _) = env.search_json("Wahl", &["--lang", "en"]);
    assert!(hits.is_empty());
}
