//! Keeps raw-text elements behind `raw_text`: a new `<textarea>{value}</textarea>`, a
//! `<Title text=…>` built from data, or a `<script>`/`<style>` element in a view fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comment lines (docs may name the elements).
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("read source")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A textarea's children are nothing, or exactly one `{raw_text(…)}`.
fn textarea_problems(code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (pos, _) in code.match_indices("</textarea>") {
        let before = code[..pos].trim_end();
        if before.ends_with('>') {
            continue;
        }
        let child = &before[before.rfind('{').unwrap_or(0)..];
        if !child.starts_with("{raw_text(") {
            problems.push(format!("<textarea> child `{child}` is not raw_text(…)"));
        }
    }
    problems
}

/// A `<Title>`'s text is a literal or goes through `raw_text`.
fn title_problems(code: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (pos, _) in code.match_indices("Title text=") {
        let tag = &code[pos..];
        let tag = &tag[..tag.find("/>").unwrap_or(tag.len())];
        if !tag.starts_with("Title text=\"") && !tag.contains("raw_text(") {
            problems.push(format!("<{tag}/> does not use raw_text(…)"));
        }
    }
    problems
}

/// No `<script>` or `<style>` element is written in a view (string literals aside).
fn script_problems(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let at = line.find("<script").or_else(|| line.find("<style"))?;
            let before = &line[..at];
            (!before.contains('"')).then(|| format!("raw-text element in a view: {}", line.trim()))
        })
        .collect()
}

#[test]
fn raw_text_elements_go_through_raw_text() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut problems = Vec::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("raw_text") {
            continue;
        }
        let code = code_of(&file);
        for p in textarea_problems(&code)
            .into_iter()
            .chain(title_problems(&code))
            .chain(script_problems(&code))
        {
            problems.push(format!("{}: {p}", file.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_guard_sees_what_it_guards() {
    assert_eq!(
        textarea_problems("<textarea id=x>{value.clone()}</textarea>").len(),
        1
    );
    assert!(textarea_problems("<textarea id=x>{raw_text(&value)}</textarea>").is_empty());
    assert!(textarea_problems("<textarea id=x rows=\"3\"></textarea>").is_empty());
    assert_eq!(title_problems("<Title text=move || name.get()/>").len(), 1);
    assert!(title_problems("<Title text=\"RMC\"/>").is_empty());
    assert!(title_problems("<Title text=move || raw_text(&name.get())/>").is_empty());
    assert_eq!(script_problems("    <script>{data}</script>").len(), 1);
    assert!(script_problems("    let s = r#\"<svg><script>x</script>\"#;").is_empty());
}
