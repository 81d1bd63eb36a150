//! Copies of one story in the index, found from the signatures the index keeps
//! (`extract::copies`): every group at once, for `morgue copies`; the copies of one article,
//! for its page; and which of a search's ranked candidates are copies of which, for `search` to
//! show each story once. Groups are worked out from the index as it is, so a re-index that adds,
//! changes or removes files changes the groups with it.

use std::collections::HashMap;

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
    // Band by band, articles with the same band are compared with the first that had it: memory
    // holds one band's keys at a time, and a band shared by many is read once.
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    for b in 0..BANDS {
        let mut first: HashMap<u64, usize> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            let key = band(sig, b);
            match first.get(&key) {
                Some(&j) => {
                    if is_copy(&sigs[i], &sigs[j]) {
                        union(&mut parent, i, j);
                    }
                }
                None => {
                    first.insert(key, i);
                }
            }
        }
    }
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
