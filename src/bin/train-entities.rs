//! Train the entity tagger that `morgue` ships (`models/entities.bin`) from CoNLL-2003 files, and
//! say how well it tags the development half.
//!
//!     cargo run --release --bin train-entities -- \
//!         ../shared/corpora/conll2003/eng.train ../shared/corpora/conll2003/eng.testa \
//!         models/entities.bin
//!
//! Training is deterministic: the same data gives the same model, byte for byte.

use std::path::Path;
use std::process::ExitCode;

use morgue::extract::entities::tagger::{self, Context, Example, Kind, Tag};
use morgue::extract::entities::{is_all_caps, known_names};
use rustc_hash::FxHashSet as HashSet;

/// Passes over the training data.
const EPOCHS: usize = 10;
/// Features whose averaged weights are all smaller are dropped (a smaller model, no loss).
const MIN_WEIGHT: f32 = 0.001;

/// One CoNLL document: sentences of (word, label).
type Document = Vec<Vec<(String, String)>>;

fn read_conll(path: &Path) -> Result<Vec<Document>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut docs: Vec<Document> = Vec::new();
    let mut sentence: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            docs.push(Vec::new());
            continue;
        }
        if line.trim().is_empty() {
            if !sentence.is_empty() {
                if docs.is_empty() {
                    docs.push(Vec::new());
                }
                docs.last_mut()
                    .expect("a document")
                    .push(std::mem::take(&mut sentence));
            }
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (Some(word), Some(label)) = (parts.first(), parts.last()) else {
            continue;
        };
        sentence.push((word.to_string(), label.to_string()));
    }
    if !sentence.is_empty() {
        docs.last_mut().ok_or("no document")?.push(sentence);
    }
    Ok(docs)
}

/// The examples of a document: each sentence's words, BIO tags, and the document's context.
fn examples<'a>(doc: &'a Document, names: &'a HashSet<u64>) -> Vec<Example<'a>> {
    let sentences: Vec<Vec<&str>> = doc
        .iter()
        .map(|s| s.iter().map(|(w, _)| w.as_str()).collect())
        .collect();
    doc.iter()
        .zip(&sentences)
        .map(|(s, words)| {
            let mut previous = "O";
            let tags = s
                .iter()
                .map(|(_, label)| {
                    let tag = Tag::from_conll(label, previous);
                    previous = label;
                    tag
                })
                .collect();
            Example {
                words: words.clone(),
                tags,
                context: Context {
                    all_caps: is_all_caps(words),
                    known_names: names,
                },
            }
        })
        .collect()
}

/// The words a document writes capitalised mid-sentence (see `known_names`).
fn names_of(doc: &Document) -> HashSet<u64> {
    let sentences: Vec<Vec<&str>> = doc
        .iter()
        .map(|s| s.iter().map(|(w, _)| w.as_str()).collect())
        .collect();
    let slices: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
    known_names(&slices)
}

/// Entity spans (kind, start, end) of a tag sequence.
fn spans(tags: &[Tag]) -> Vec<(Kind, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(Kind, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        match tag.kind() {
            Some((kind, begins)) if !begins && open.is_some_and(|(k, _)| k == kind) => {}
            Some((kind, _)) => {
                if let Some((k, s)) = open.take() {
                    out.push((k, s, i));
                }
                open = Some((kind, i));
            }
            None => {
                if let Some((k, s)) = open.take() {
                    out.push((k, s, i));
                }
            }
        }
    }
    if let Some((k, s)) = open {
        out.push((k, s, tags.len()));
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train_path, dev_path, out_path] = args.as_slice() else {
        eprintln!("usage: train-entities TRAIN.conll DEV.conll MODEL_OUT");
        return ExitCode::from(2);
    };
    let (train_docs, dev_docs) = match (
        read_conll(Path::new(train_path)),
        read_conll(Path::new(dev_path)),
    ) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("train-entities: {e}");
            return ExitCode::from(2);
        }
    };
    let train_names: Vec<HashSet<u64>> = train_docs.iter().map(names_of).collect();
    let train: Vec<Example> = train_docs
        .iter()
        .zip(&train_names)
        .flat_map(|(d, n)| examples(d, n))
        .collect();
    eprintln!("training on {} sentences, {EPOCHS} passes", train.len());
    let model = tagger::train(&train, EPOCHS, MIN_WEIGHT);
    let mut bytes = Vec::new();
    model.write(&mut bytes).expect("writing to memory");
    if let Err(e) = std::fs::write(out_path, &bytes) {
        eprintln!("train-entities: cannot write {out_path}: {e}");
        return ExitCode::from(2);
    }
    // Mention-level precision and recall on the development half, per type.
    let model = tagger::Model::read(&mut bytes.as_slice()).expect("just written");
    let dev_names: Vec<HashSet<u64>> = dev_docs.iter().map(names_of).collect();
    let dev: Vec<Example> = dev_docs
        .iter()
        .zip(&dev_names)
        .flat_map(|(d, n)| examples(d, n))
        .collect();
    let mut counts: std::collections::HashMap<Kind, (usize, usize, usize)> = Default::default();
    for example in &dev {
        let guessed = spans(&model.tag(&example.words, &example.context));
        let truth = spans(&example.tags);
        for s in &guessed {
            let c = counts.entry(s.0).or_default();
            c.1 += 1;
            if truth.contains(s) {
                c.0 += 1;
            }
        }
        for s in &truth {
            counts.entry(s.0).or_default().2 += 1;
        }
    }
    println!("model: {} features, {} bytes", model.len(), bytes.len());
    for kind in [Kind::Person, Kind::Org, Kind::Place, Kind::Misc] {
        let (hit, guessed, truth) = counts.get(&kind).copied().unwrap_or_default();
        let p = hit as f64 / guessed.max(1) as f64;
        let r = hit as f64 / truth.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!("{kind:?}: mentions P {p:.3} R {r:.3} F1 {f:.3}");
    }
    ExitCode::SUCCESS
}
