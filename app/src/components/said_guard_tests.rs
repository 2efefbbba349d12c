//! The guard over [`super::CATALOG`]: every sentence the server code writes for a person (a
//! string literal that starts with a capital, has a space and ends with a full stop) is worded
//! by the catalog, unless its file words its sentences another way (listed in `WORDED_ELSEWHERE`
//! with how). A new English sentence in a service therefore fails this test until it has its
//! six translations.

use std::path::{Path, PathBuf};

/// Files whose sentences reach a page by another road than [`super::said`].
const WORDED_ELSEWHERE: &[(&str, &str)] = &[
    ("error.rs", "each AppError variant has its own err_* key"),
    (
        "domain/offering.rs",
        "field problems are worded by code (form::problem_text)",
    ),
    (
        "domain/problem.rs",
        "field problems are worded by variant (form::problem_text)",
    ),
    (
        "domain/pricing.rs",
        "pricing problems are worded by variant (pricing_words)",
    ),
    (
        "domain/gap.rs",
        "checklist steps are worded by variant (gap_words)",
    ),
    (
        "domain/visibility_refusal.rs",
        "refusals are worded by variant (refusal_words)",
    ),
    (
        "domain/notice.rs",
        "notifications are worded by variant (notice_words)",
    ),
    (
        "domain/broker_conformance.rs",
        "titles and fixes are checked by every_conformance_title_is_listed and every_conformance_fix_is_listed; the spec quotes are shown in English (lang=en)",
    ),
    (
        "tokens/mod.rs",
        "bearer token refusals answer REST callers only",
    ),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("app/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source `src`, outside comments, each with its line.
fn literals(src: &str) -> Vec<(usize, String)> {
    let (mut out, mut line, mut chars) = (Vec::new(), 1, src.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
            }
            '\'' if chars.peek() == Some(&'"') => {
                chars.next();
            }
            'r' if chars.peek() == Some(&'#') => {
                let hashes = chars.by_ref().take_while(|c| *c == '#').count();
                let (start, mut text) = (line, String::new());
                let end = format!("\"{}", "#".repeat(hashes));
                for c in chars.by_ref() {
                    line += usize::from(c == '\n');
                    text.push(c);
                    if text.ends_with(&end) {
                        text.truncate(text.len() - end.len());
                        break;
                    }
                }
                out.push((start, text));
            }
            '"' => {
                let (start, mut text) = (line, String::new());
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('\n') => {
                                line += 1;
                                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                                    chars.next();
                                }
                            }
                            Some('"') => text.push('"'),
                            Some(other) => text.extend(['\\', other]),
                            None => break,
                        },
                        '"' => break,
                        '\n' => {
                            line += 1;
                            text.push('\n');
                        }
                        c => text.push(c),
                    }
                }
                out.push((start, text));
            }
            _ => {}
        }
    }
    out
}

fn is_sentence(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && text.contains(' ')
        && text.ends_with('.')
}

/// Whether `text` is `pattern` with its holes filled: pieces in order, first at the start,
/// last at the end.
fn fits(pieces: &[&str], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    let Some(mut left) = text.strip_prefix(first) else {
        return false;
    };
    match rest.split_last() {
        None => left.is_empty(),
        Some((last, middle)) => {
            for piece in middle {
                match left.find(piece) {
                    Some(at) => left = &left[at + piece.len()..],
                    None => return false,
                }
            }
            left.len() >= last.len() && left.ends_with(last)
        }
    }
}

/// `{…}` of a format string and `%…%` of a template are holes; either side may have a hole
/// where the other has words (a nested sentence).
fn split_holes(text: &str, open: char, close: char) -> (Vec<String>, String) {
    let (mut pieces, mut filled, mut piece, mut in_hole) =
        (Vec::new(), String::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_hole {
            in_hole = c != close;
        } else if c == open && !(open == '{' && chars.peek() == Some(&'{')) {
            pieces.push(std::mem::take(&mut piece));
            filled.push('7');
            in_hole = true;
        } else {
            let c = match (c, chars.peek()) {
                ('{', Some('{')) | ('}', Some('}')) => chars.next().unwrap_or(c),
                _ => c,
            };
            piece.push(c);
            filled.push(c);
        }
    }
    pieces.push(piece);
    (pieces, filled)
}

fn listed(sentence: &str) -> bool {
    let (code_pieces, code_filled) = split_holes(sentence, '{', '}');
    let code_pieces: Vec<&str> = code_pieces.iter().map(String::as_str).collect();
    super::CATALOG
        .iter()
        .chain(super::super::said_osb::OSB.iter())
        .any(|(template, _)| {
            let (pieces, filled) = split_holes(template, '%', '%');
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            fits(&pieces, &code_filled) || fits(&code_pieces, &filled)
        })
}

#[test]
fn every_sentence_of_the_server_is_worded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut missing = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(&root)
            .expect("under src")
            .to_string_lossy()
            .into_owned();
        let skipped = name.ends_with("_tests.rs")
            || name.starts_with("components/said")
            || WORDED_ELSEWHERE.iter().any(|(file, _)| *file == name);
        if skipped {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("a source file");
        let src = src
            .split("#[cfg(test)]\nmod tests {")
            .next()
            .unwrap_or_default();
        for (line, text) in literals(src) {
            if is_sentence(&text) && !listed(&text) {
                missing.push(format!("{name}:{line}: {text}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "sentences not in the said catalog:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_guard_reads_literals_and_holes() {
    let src = "let a = \"One. \\\n    Two.\"; // \"not this\"\nlet c = '\"'; f(\"Three {x}.\"); r#\"Raw \"q\".\"#";
    let found: Vec<String> = literals(src).into_iter().map(|(_, t)| t).collect();
    assert_eq!(found, ["One. Two.", "Three {x}.", "Raw \"q\"."]);
    assert!(fits(
        &["Use at most ", " characters."],
        "Use at most 7 characters."
    ));
    assert!(!fits(
        &["Use at most ", " characters."],
        "Use at least 7 characters."
    ));
    assert!(listed("Use at most {max} characters."));
    assert!(listed(
        "The broker's catalog has no service with the id {} or the name `{}`; {}."
    ));
    assert!(!listed("A sentence nobody wrote."));
}
