//! Copies of one story in the index, found from the signatures the index keeps
//! (`extract::copies`): every group at once, for `morgue copies`; the copies of one article,
//! for its page; and which of a search's ranked candidates are copies of which, for `search` to
//! show each story once. Groups are worked out from the index as it is, so a re-index that adds,
//! changes or removes files changes the groups with it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, Searcher, TantivyDocument};
use time::Date;

use crate::extract::copies::{
    band, buckets, from_numbers, is_copy, shares_a_band, Signature, BANDS,
};
use crate::index::schema::{self, Fields};
use crate::index::Index;

/// An article of a group, as it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: Option<Date>,
}

/// Every group of two or more copies in `index`, each earliest first (undated last), the groups
/// in the order of their first member.
///
/// # Errors
/// The index cannot be read.
pub fn groups(index: &Index) -> anyhow::Result<Vec<Vec<Member>>> {
    find_groups(index).map_err(|e| index.explain(e))
}

fn find_groups(index: &Index) -> tantivy::Result<Vec<Vec<Member>>> {
    let searcher = index.searcher()?;
    // Every live article with a signature.
    let mut docs: Vec<DocAddress> = Vec::new();
    let mut sigs: Vec<Signature> = Vec::new();
    for (part, reader) in searcher.segment_readers().iter().enumerate() {
        // A part whose articles were all too short for a signature has no column.
        let Some(column) = reader
            .fast_fields()
            .column_opt::<u64>(schema::COPY_SIGNATURE)?
        else {
            continue;
        };
        for doc in reader.doc_ids_alive() {
            let sig = from_numbers(column.values_for_doc(doc));
            if !sig.is_empty() {
                docs.push(DocAddress::new(part as u32, doc));
                sigs.push(sig);
            }
        }
    }
    let mut parent = cluster(&sigs);
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..docs.len() {
        let root = find(&mut parent, i);
        by_root.entry(root).or_default().push(i);
    }
    let fields = index.fields;
    let mut out: Vec<Vec<Member>> = Vec::new();
    for members in by_root.into_values().filter(|m| m.len() > 1) {
        let mut group = Vec::with_capacity(members.len());
        for i in members {
            group.push(member(&searcher, &fields, docs[i])?);
        }
        sort_group(&mut group);
        out.push(group);
    }
    out.sort_by(|a, b| order(&a[0], &b[0]));
    Ok(out)
}

/// The copies of the article at `addr` (not the article itself), in no order; empty when it has
/// none or no signature.
///
/// # Errors
/// The index cannot be read.
pub fn copies_of(
    searcher: &Searcher,
    fields: &Fields,
    addr: DocAddress,
) -> tantivy::Result<Vec<DocAddress>> {
    let Some(sig) = signatures(searcher, &[addr])?.pop().flatten() else {
        return Ok(Vec::new());
    };
    let any_bucket: Vec<(Occur, Box<dyn Query>)> = buckets(&sig)
        .iter()
        .map(|b| {
            let term = Term::from_field_u64(fields.copy_band, *b);
            let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, q)
        })
        .collect();
    let candidates: Vec<DocAddress> = searcher
        .search(&BooleanQuery::new(any_bucket), &DocSetCollector)?
        .into_iter()
        .filter(|&candidate| candidate != addr)
        .collect();
    let theirs = signatures(searcher, &candidates)?;
    Ok(candidates
        .into_iter()
        .zip(theirs)
        .filter(|(_, other)| {
            other
                .as_ref()
                .is_some_and(|other| shares_a_band(&sig, other) && is_copy(&sig, other))
        })
        .map(|(candidate, _)| candidate)
        .collect())
}

/// Which of `candidates` are copies of which: for each, the positions of the others that are
/// its copies. Read from the signatures alone (a column per part), never the band keys' term
/// dictionaries: a search folds the copies among its ranked candidates this way, where looking
/// each hit's copies up in every part (20 keys × 25 parts × 10 hits at a million articles) cost
/// more than the rest of the search.
///
/// # Errors
/// The index cannot be read.
pub fn among(searcher: &Searcher, candidates: &[DocAddress]) -> tantivy::Result<Vec<Vec<usize>>> {
    let sigs = signatures(searcher, candidates)?;
    // Candidates by band key (sorted pairs, not a map: a thousand keys for a page of ten): two
    // that share one are compared, as `copies_of` compares.
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(sigs.len() * BANDS);
    for (i, sig) in sigs.iter().enumerate() {
        if let Some(sig) = sig {
            keyed.extend((0..BANDS).map(|b| (band(sig, b), i)));
        }
    }
    keyed.sort_unstable();
    keyed.dedup();
    let mut out = vec![Vec::new(); candidates.len()];
    for holders in keyed.chunk_by(|a, b| a.0 == b.0).filter(|h| h.len() > 1) {
        for (n, &(_, i)) in holders.iter().enumerate() {
            for &(_, j) in &holders[n + 1..] {
                if out[i].contains(&j) {
                    continue;
                }
                let (Some(a), Some(b)) = (&sigs[i], &sigs[j]) else {
                    continue;
                };
                if is_copy(a, b) {
                    out[i].push(j);
                    out[j].push(i);
                }
            }
        }
    }
    for copies in &mut out {
        copies.sort_unstable();
    }
    Ok(out)
}

/// The signature the index keeps for each article of `addrs` (`None` for one too short to have
/// one), each part's column opened once.
fn signatures(
    searcher: &Searcher,
    addrs: &[DocAddress],
) -> tantivy::Result<Vec<Option<Signature>>> {
    let mut columns = HashMap::new();
    let mut out = Vec::with_capacity(addrs.len());
    for addr in addrs {
        let column = match columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .column_opt::<u64>(schema::COPY_SIGNATURE)?,
            ),
        };
        out.push(
            column
                .as_ref()
                .map(|c| from_numbers(c.values_for_doc(addr.doc_id)))
                .filter(|sig| !sig.is_empty()),
        );
    }
    Ok(out)
}

/// One article as a group lists it.
pub fn member(searcher: &Searcher, f: &Fields, addr: DocAddress) -> tantivy::Result<Member> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let text = |field| super::stored_text(&doc, field);
    Ok(Member {
        id: text(f.id).unwrap_or_default(),
        path: text(f.path).unwrap_or_default(),
        title: text(f.title),
        source: text(f.source),
        date: super::stored_date(&doc, f.date),
    })
}

/// Earliest first, undated last, then by id (so that the order never depends on the index's
/// layout).
fn order(a: &Member, b: &Member) -> std::cmp::Ordering {
    let key = |m: &Member| (m.date.is_none(), m.date);
    key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
}

/// A group's members in [`order`].
pub fn sort_group(group: &mut [Member]) {
    group.sort_by(order);
}

/// Groups met under one band key that an article is compared with, at most: articles of a
/// shared template (a long standard opening) may hold one key by the thousand without being
/// copies, and each would otherwise be compared with all the groups before it.
const GROUPS_PER_KEY: usize = 8;

/// The union-find parents of `sigs` joined into copies. Band by band, the articles that share
/// a key are taken in an order of their signatures' own (their hash, then the signatures), and
/// each is compared with the first article of each group already met under that key (up to
/// [`GROUPS_PER_KEY`]) until one is its copy. The order never follows the documents': two
/// indexings of one archive place its articles in parts in different orders (the writer's
/// threads race), and the groups must not change with it; equal signatures are interchangeable.
/// (Compared with the first article that had the key alone, an article that is no copy of the
/// others, met first, kept them apart.) The articles are read in the index's order, band by band:
/// signatures read in another order, each a separate allocation, waited on memory (at a million
/// articles, 3.7 s became 11 s).
fn cluster(sigs: &[Signature]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..sigs.len()).collect();
    let hashes: Vec<u64> = sigs.iter().map(|sig| signature_hash(sig)).collect();
    let mut keyed: Vec<(u64, u64, usize)> = Vec::with_capacity(sigs.len());
    let mut firsts: Vec<usize> = Vec::with_capacity(GROUPS_PER_KEY);
    for b in 0..BANDS {
        keyed.clear();
        keyed.extend(
            sigs.iter()
                .enumerate()
                .map(|(i, sig)| (band(sig, b), hashes[i], i)),
        );
        keyed.sort_unstable_by(|x, y| {
            (x.0, x.1)
                .cmp(&(y.0, y.1))
                .then_with(|| sigs[x.2].cmp(&sigs[y.2]))
        });
        for holders in keyed.chunk_by(|x, y| x.0 == y.0).filter(|h| h.len() > 1) {
            firsts.clear();
            for &(_, _, i) in holders {
                match firsts.iter().find(|&&j| is_copy(&sigs[i], &sigs[j])) {
                    Some(&j) => union(&mut parent, i, j),
                    None if firsts.len() < GROUPS_PER_KEY => firsts.push(i),
                    None => {}
                }
            }
        }
    }
    parent
}

/// The hash that orders the articles sharing a band key (see [`cluster`]).
fn signature_hash(sig: &[u32]) -> u64 {
    let mut h = FxHasher::default();
    sig.hash(&mut h);
    h.finish()
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::extract::copies::{set_band, signature};

    const STORY: &str = "The central bank raised its main interest rate by half a point on \
        Thursday, the largest increase in more than two decades, as it tried to slow prices that \
        have risen faster than at any time since the early nineteen eighties. The decision was \
        taken unanimously by the members of the rate-setting committee, who said further rises \
        were likely in the coming months if the labour market remained as tight as it has been \
        since the spring. Markets had expected the move after a run of strong figures on wages \
        and consumer spending, and the currency barely moved when the announcement was made.";
    const OTHER: &str = "Heavy rain flooded the lower town for the third time this winter on \
        Sunday night, and the council opened the school hall to families whose houses stood in \
        the water by morning. Volunteers filled sandbags at the fire station until the river \
        began to fall, while engineers checked the old bridge for damage before letting lorries \
        cross it again. The mayor said a new wall along the embankment would be built next year \
        if the regional government agreed to pay half of its cost.";

    fn sig(text: &str) -> Signature {
        let article = Article {
            body: vec![text.to_string()],
            ..Article::default()
        };
        signature(&article).expect("long enough")
    }

    /// Which of the articles share a group, as pairs of their positions in `sigs`.
    fn together(sigs: &[Signature]) -> Vec<(usize, usize)> {
        let mut parent = cluster(sigs);
        let mut pairs = Vec::new();
        for a in 0..sigs.len() {
            for b in a + 1..sigs.len() {
                if find(&mut parent, a) == find(&mut parent, b) {
                    pairs.push((a, b));
                }
            }
        }
        pairs
    }

    #[test]
    fn an_article_that_shares_keys_but_is_no_copy_keeps_no_copies_apart() {
        let original = sig(STORY);
        let cut = sig(&STORY.replace("labour", "labor")[..STORY.len() - 120]);
        // Another story holding every band key of the first: met first, it must not stand
        // between the story and its copy.
        // Another story holding every band key of the first, and ordered before both under
        // them: met first, it must not stand between the story and its copy.
        let intruder = (0..2000)
            .map(|n| {
                let mut other = sig(&format!("{OTHER} Filed {n}."));
                for b in 0..BANDS {
                    set_band(&mut other, b, band(&original, b));
                }
                other
            })
            .find(|s| {
                signature_hash(s) < signature_hash(&original)
                    && signature_hash(s) < signature_hash(&cut)
            })
            .expect("one of two thousand hashes below two others");
        assert!(is_copy(&original, &cut));
        assert!(!is_copy(&intruder, &original) && !is_copy(&intruder, &cut));
        let named = [
            ("intruder", &intruder),
            ("original", &original),
            ("cut", &cut),
        ];
        for order in [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ] {
            let sigs: Vec<Signature> = order.iter().map(|&n| named[n].1.clone()).collect();
            let pairs: Vec<(&str, &str)> = together(&sigs)
                .into_iter()
                .map(|(a, b)| (named[order[a]].0, named[order[b]].0))
                .collect();
            assert_eq!(pairs.len(), 1, "{order:?}: {pairs:?}");
            let (a, b) = pairs[0];
            assert!(
                [a, b].contains(&"original") && [a, b].contains(&"cut"),
                "{order:?}: {pairs:?}"
            );
        }
    }
}
