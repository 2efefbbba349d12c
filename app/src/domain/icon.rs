//! Which icon uploads are accepted: PNG, or SVG with nothing active and nothing external.
//! An SVG is refused (not silently altered) when it carries scripts, event handlers,
//! embedded HTML or references to other documents, so the provider knows what to fix.

pub const MAX_SVG_BYTES: usize = 100 * 1024;
pub const MAX_PNG_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconKind {
    Svg,
    Png,
}

impl IconKind {
    pub fn content_type(self) -> &'static str {
        match self {
            IconKind::Svg => "image/svg+xml",
            IconKind::Png => "image/png",
        }
    }
}

const FORBIDDEN_ELEMENTS: [&str; 9] = [
    "script",
    "foreignObject",
    "iframe",
    "object",
    "embed",
    "audio",
    "video",
    "handler",
    "listener",
];

fn is_local_reference(value: &str) -> bool {
    value.trim().starts_with('#')
}

/// Checks an upload; the error says why it was refused, for the provider.
pub fn check_icon(bytes: &[u8]) -> Result<IconKind, String> {
    if bytes.is_empty() {
        return Err("Choose an SVG or PNG file.".into());
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        if bytes.len() > MAX_PNG_BYTES {
            return Err(format!(
                "A PNG icon may be at most {} KB.",
                MAX_PNG_BYTES / 1024
            ));
        }
        return Ok(IconKind::Png);
    }
    if bytes.len() > MAX_SVG_BYTES {
        return Err(format!(
            "An SVG icon may be at most {} KB.",
            MAX_SVG_BYTES / 1024
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "The file is neither a PNG nor an SVG.".to_string())?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("The SVG could not be read ({e})."))?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err("The file is neither a PNG nor an SVG.".into());
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if FORBIDDEN_ELEMENTS.contains(&name) {
            return Err(format!(
                "The SVG contains a <{name}> element; icons may not contain active content."
            ));
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            if attr_name.to_ascii_lowercase().starts_with("on") {
                return Err(format!(
                    "The SVG has an event handler ({attr_name}); remove it."
                ));
            }
            if attr_name == "href" && !is_local_reference(attr.value()) {
                return Err(
                    "The SVG refers to another file or site; icons must be self-contained.".into(),
                );
            }
            if attr_name == "style"
                && attr.value().contains("url(")
                && !attr.value().contains("url(#")
            {
                return Err(
                    "The SVG refers to another file or site; icons must be self-contained.".into(),
                );
            }
        }
        if name == "style"
            && node
                .text()
                .is_some_and(|t| t.contains("@import") || t.contains("url(http"))
        {
            return Err(
                "The SVG refers to another file or site; icons must be self-contained.".into(),
            );
        }
    }
    Ok(IconKind::Svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG_OK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>"##;

    #[test]
    fn accepted_and_refused_icons() {
        assert_eq!(check_icon(SVG_OK.as_bytes()), Ok(IconKind::Svg));
        assert_eq!(check_icon(b"\x89PNG\r\n\x1a\n0000"), Ok(IconKind::Png));
        let refused = [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#a"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>hi</div></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(https://evil.example/p)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>"#,
            "<html><body/></html>",
            "not xml at all",
            "",
        ];
        for svg in refused {
            assert!(check_icon(svg.as_bytes()).is_err(), "should refuse: {svg}");
        }
        let big = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- {} --></svg>",
            "x".repeat(MAX_SVG_BYTES)
        );
        assert!(check_icon(big.as_bytes()).unwrap_err().contains("100 KB"));
    }
}
