//! One article read back from the index by its id, whole: what `morgue serve`'s article page
//! and `/api/article/ID` show. The words of a query, when one is given, are found in it as a
//! search would highlight them.

use std::ops::Range;

use crate::article::{Article, Format};
use crate::index::analyzer;
use crate::index::schema::Fields;
use crate::index::Index;
use crate::search::aliases::Aliases;
use crate::search::copies::{self, Member};
use crate::search::query::{Compiler, Wanted};
use crate::search::snippet::Highlighter;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// A stored article, every field, with its copies.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub id: String,
    pub path: String,
    pub format: Format,
    /// The fields as segmented (no copy signature).
    pub article: Article,
    /// The other copies of this story, earliest first.
    pub copies: Vec<Member>,
}

/// Where a query's words stand in an article: byte ranges into the title, the standfirst and
/// each body paragraph (in order, not overlapping).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub title: Vec<Range<usize>>,
    pub standfirst: Vec<Range<usize>>,
    pub body: Vec<Vec<Range<usize>>>,
}

/// The article whose id is `id`, `None` when the index has none.
///
/// # Errors
/// The index cannot be read.
pub fn by_id(index: &Index, id: &str) -> anyhow::Result<Option<StoredArticle>> {
    read(index, id).map_err(|e| index.explain(e))
}

fn read(index: &Index, id: &str) -> tantivy::Result<Option<StoredArticle>> {
    let searcher = index.searcher()?;
    let f = index.fields;
    let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
    let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some(&(_, addr)) = found.first() else {
        return Ok(None);
    };
    stored(&searcher, &f, addr).map(Some)
}

fn stored(searcher: &Searcher, f: &Fields, addr: DocAddress) -> tantivy::Result<StoredArticle> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let text = |field: Field| super::stored_text(&doc, field);
    let all = |field: Field| super::stored_texts(&doc, field);
    let mut copies = Vec::new();
    for copy in copies::copies_of(searcher, f, addr)? {
        copies.push(copies::member(searcher, f, copy)?);
    }
    copies::sort_group(&mut copies);
    Ok(StoredArticle {
        id: text(f.id).unwrap_or_default(),
        path: text(f.path).unwrap_or_default(),
        format: text(f.format)
            .and_then(|name| Format::from_name(&name))
            .unwrap_or(Format::Text),
        article: Article {
            title: text(f.title),
            standfirst: text(f.standfirst),
            byline: all(f.byline),
            date: super::stored_date(&doc, f.date),
            body: all(f.body),
            source: text(f.source),
            url: text(f.url),
            lang: text(f.lang),
            people: all(f.person_key),
            orgs: all(f.org_key),
            places: all(f.place_key),
            keywords: all(f.keyword),
            crawled: super::stored_date(&doc, f.crawled),
            copy_signature: None,
        },
        copies,
    })
}

/// Where the words `query` looks for stand in `article` (an empty query marks nothing).
pub fn marks(index: &Index, aliases: &Aliases, query: &str, article: &Article) -> Marks {
    if query.trim().is_empty() {
        return Marks::default();
    }
    let compiled = Compiler::new(index, aliases).compile(query, false);
    let f = index.fields;
    let wanted = |field: Field| compiled.wanted.get(&field).cloned().unwrap_or_default();
    // The lede is the body's opening: what matched it is marked in the body too.
    let mut body: Wanted = wanted(f.body);
    let lead = wanted(f.lead);
    body.terms.extend(lead.terms);
    body.phrases.extend(lead.phrases);
    body.fuzzy.extend(lead.fuzzy);
    body.prefixes.extend(lead.prefixes);
    mark(&[wanted(f.title), wanted(f.standfirst), body], article)
}

/// Where the words wanted in the title, the standfirst and the body stand in `article`, found
/// as the index analysed its prose: in its language. (An engine's article is marked so too.)
pub fn mark(wanted: &[Wanted; 3], article: &Article) -> Marks {
    let prose = || analyzer::prose_analyzer(crate::lang::latin_stemmer(article.lang.as_deref()));
    let in_field = |w: &Wanted, text: Option<&str>| {
        text.map(|t| Highlighter::new(prose(), w.clone()).matches(t))
            .unwrap_or_default()
    };
    let body_h = Highlighter::new(prose(), wanted[2].clone());
    Marks {
        title: in_field(&wanted[0], article.title.as_deref()),
        standfirst: in_field(&wanted[1], article.standfirst.as_deref()),
        body: article.body.iter().map(|p| body_h.matches(p)).collect(),
    }
}
