//! Which parts of the index tantivy merges, and how big a merge may get. (tantivy calls an index
//! part a "segment"; in morgue that word means cutting a page into an article, so here they are
//! parts.)
//!
//! tantivy's default policy merges eight parts of a size into one eight times bigger, without
//! end: a merge's memory grows with the size of its parts (their term dictionaries and fast
//! columns are mapped whole, and a part's stored articles are copied in one read). Here merges
//! stop at [`MAX_MERGED_DOCS`] articles, so the indexer's peak memory does not grow with the
//! archive. The bound is as high as the 600 MB the indexer may use at a million allows (475 MB
//! measured), since fewer parts search faster, each part's look-ups being paid per query: a
//! million articles end in 13 parts, where a bound of 50,000 left 23 (BENCHMARKS.md). That room
//! is there because a merge reads its parts' postings, positions and stored articles without
//! memory maps (see `directory`), so those pages are the system's file cache, not the indexer's
//! memory.

use tantivy::index::SegmentMeta;
use tantivy::indexer::{MergeCandidate, MergePolicy};

/// The most articles one merge reads (at about 4 KB of index per article, some 600 MB of files,
/// most of them read through rather than mapped).
pub const MAX_MERGED_DOCS: u32 = 150_000;
/// Segments merged at once: bigger, rarer merges write each article fewer times.
const FAN_IN: usize = 8;
/// A full-size part whose articles a re-run has replaced in this share is rewritten alone.
const DELETED_SHARE: f64 = 0.3;

/// Merge small parts, `FAN_IN` at a time and up to [`MAX_MERGED_DOCS`] articles; leave
/// parts of half that size or more alone unless they are mostly deleted articles.
#[derive(Debug, Default, Clone, Copy)]
pub struct BoundedMerges;

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, parts: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut candidates = Vec::new();
        let mut small: Vec<&SegmentMeta> = Vec::new();
        for part in parts {
            if part.num_docs() < MAX_MERGED_DOCS / 2 {
                small.push(part);
            } else if f64::from(part.num_deleted_docs()) > DELETED_SHARE * f64::from(part.max_doc())
            {
                candidates.push(MergeCandidate(vec![part.id()]));
            }
        }
        // Smallest first, so that parts of like size go together.
        small.sort_by_key(|s| s.num_docs());
        let mut group: Vec<&SegmentMeta> = Vec::new();
        let mut docs = 0;
        for part in small {
            if docs + part.num_docs() > MAX_MERGED_DOCS {
                if group.len() >= 2 {
                    candidates.push(merge_of(&group));
                }
                group.clear();
                docs = 0;
            }
            group.push(part);
            docs += part.num_docs();
            if group.len() == FAN_IN {
                candidates.push(merge_of(&group));
                group.clear();
                docs = 0;
            }
        }
        candidates
    }
}

fn merge_of(group: &[&SegmentMeta]) -> MergeCandidate {
    MergeCandidate(group.iter().map(|s| s.id()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;
    use tantivy::Index;

    fn parts(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(metas: &[SegmentMeta]) -> Vec<u32> {
        BoundedMerges
            .compute_merge_candidates(metas)
            .iter()
            .map(|c| {
                c.0.iter()
                    .map(|id| metas.iter().find(|m| m.id() == *id).unwrap().num_docs())
                    .sum()
            })
            .collect()
    }

    #[test]
    fn merges_small_parts_eight_at_a_time_and_never_past_the_bound() {
        let small = MAX_MERGED_DOCS / 20;
        assert_eq!(merged_sizes(&parts(&[small; 7])), Vec::<u32>::new());
        assert_eq!(merged_sizes(&parts(&[small; 8])), vec![8 * small]);
        // Big ones are left alone; like sizes go together, never past the bound.
        let (half, big) = (MAX_MERGED_DOCS / 2, MAX_MERGED_DOCS * 4 / 5);
        let near_half = MAX_MERGED_DOCS * 12 / 25;
        let metas = parts(&[big, half, near_half, near_half, near_half, small, small]);
        let merged = merged_sizes(&metas);
        assert_eq!(merged, vec![2 * small + near_half]);
        for sizes in [[MAX_MERGED_DOCS / 3; 9], [half - 1; 9]] {
            assert!(merged_sizes(&parts(&sizes))
                .iter()
                .all(|&n| n <= MAX_MERGED_DOCS));
        }
    }
}
