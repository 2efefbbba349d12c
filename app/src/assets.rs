//! The stylesheet's file name, which, like the js and wasm, carries a content hash when the
//! site was built with hashed names (`./rmc build`).
//!
//! Leptos' `<HydrationScripts>` names the js and wasm from the hash file (`js: <hash>`,
//! `wasm: <hash>` lines) when `hash_files` is on: it reads
//! `current_exe().parent().join(hash_file)` on every render, so an absolute `hash_file` (what
//! the server sets: `<site root>/hash.txt`) is read as is. The `css: <hash>` line of the same
//! file names the stylesheet here, read the same way, so the three names always come from one
//! build.

use leptos::prelude::LeptosOptions;

/// `/pkg/rmc.<hash>.css`, or `/pkg/rmc.css` when hashing is off or the hash file has no
/// `css:` line.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let pkg = &options.site_pkg_dir;
    let name = &options.output_name;
    match options.hash_files.then(|| css_hash(options)).flatten() {
        Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

fn css_hash(options: &LeptosOptions) -> Option<String> {
    let dir = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let text = std::fs::read_to_string(dir.join(options.hash_file.as_ref())).ok()?;
    hash_of(&text, "css")
}

/// The hash on the `file: hash` line of a hash file.
pub fn hash_of(hash_file: &str, file: &str) -> Option<String> {
    hash_file.lines().find_map(|line| {
        let (name, hash) = line.trim().split_once(':')?;
        (name.trim() == file && !hash.trim().is_empty()).then(|| hash.trim().to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_file_names_each_file() {
        let text = "js: abc\nwasm: def\ncss:  0123 \n";
        assert_eq!(hash_of(text, "js").as_deref(), Some("abc"));
        assert_eq!(hash_of(text, "css").as_deref(), Some("0123"));
        assert_eq!(hash_of(text, "manifest"), None);
        assert_eq!(hash_of("css:\n", "css"), None);
    }
}
