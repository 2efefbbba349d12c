//! Text inside HTML's raw-text elements, the one place it is made safe.
//!
//! `<textarea>` and `<title>` take their content as text that ends at the first
//! `</textarea>` / `</title>`. The pinned renderers write such content *unescaped* on the
//! server: tachys 0.2 treats `<textarea>` children as raw (the upstream fix, leptos-rs/leptos
//! PR #4730 / #4821, is only in the 0.9 release candidates) and leptos_meta 0.8 pushes the
//! `<title>` text into the head as it is. Saved text such as `</textarea><img onerror=…>`
//! would then break out and run. Every raw-text element the app renders therefore takes its
//! text through [`raw_text`], which escapes it on the server. In the browser the same text
//! becomes a DOM text node (or `document.title`), which is never parsed as markup, so it is
//! left as typed; tachys does not hydrate textarea children, so the two never disagree.
//!
//! `raw_text_guard_tests.rs` fails the build's tests when a `<textarea>` child, a `<Title>`
//! text, or a `<script>`/`<style>` element in a view does not go through here.

/// `text` ready to be a child of `<textarea>` or the text of `<Title>`.
pub fn raw_text(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        escape(text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_owned()
    }
}

/// The three characters that could end or alter the element (`&` so that typed character
/// references stay literal text).
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_what_could_close_the_element() {
        let cases = [
            ("plain text", "plain text"),
            (
                "</textarea><img src=x onerror=alert(1)>",
                "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;",
            ),
            (
                "</TITLE><script>x</script>",
                "&lt;/TITLE&gt;&lt;script&gt;x&lt;/script&gt;",
            ),
            ("a &amp; b", "a &amp;amp; b"),
            (
                "\"quotes\" and 'apostrophes'",
                "\"quotes\" and 'apostrophes'",
            ),
            ("Zeile 1\nZeile 2 — ü", "Zeile 1\nZeile 2 — ü"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape(input), expected, "{input}");
        }
    }
}

#[cfg(test)]
#[path = "raw_text_guard_tests.rs"]
mod guard_tests;
