//! Which icon uploads are accepted, and what of an SVG is kept.
//!
//! A PNG is kept as it is (only its size is limited). An SVG is parsed with `roxmltree`
//! (DTDs refused, so no entities) and written out anew from an allow-list: only drawing
//! elements of the SVG namespace, only presentation and geometry attributes, references only
//! to `#fragments` of the same file. Everything else is dropped (scripts, event handlers,
//! animation, `<style>`, `<foreignObject>`, other namespaces, comments, processing
//! instructions) and named in [`CleanIcon::removed`], so the provider is told. What is stored
//! is the rewritten file, safe wherever it is shown later.
//!
//! Writing: the output's element and attribute names are the allow-list's own, so only
//! attribute values and text come from the upload; they are escaped here (`&`, `<`, `>`, `"`,
//! and line breaks in values turned into spaces) rather than with a writer crate, which would
//! add a dependency for those few lines.

pub const MAX_SVG_BYTES: usize = 100 * 1024;
pub const MAX_PNG_BYTES: usize = 256 * 1024;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Deeper nesting than this is refused (no real icon needs it; it bounds the recursion).
const MAX_DEPTH: usize = 64;

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

/// An accepted icon: what to store, and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanIcon {
    pub kind: IconKind,
    /// The bytes to store and serve: a PNG as uploaded, an SVG as rewritten.
    pub bytes: Vec<u8>,
    /// What was removed, each once, e.g. `<script> element`, `onload attribute`.
    pub removed: Vec<String>,
}

impl CleanIcon {
    /// A sentence for the provider when something was removed.
    pub fn removed_notice(&self) -> Option<String> {
        (!self.removed.is_empty())
            .then(|| format!("Removed from the SVG: {}.", list(&self.removed)))
    }
}

#[path = "icon_allow.rs"]
mod allow;
use allow::{ATTRIBUTES, DRAWING, ELEMENTS, FUNCTIONS, PROPERTIES, UNWRAPPED, WITH_TEXT};

fn list(items: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// True when every `name(` in `value` is an allowed function and every `url(` is `url(#…)`.
/// No backslashes: CSS escapes could spell a function name in disguise.
fn safe_value(value: &str) -> bool {
    if value.contains('\\') {
        return false;
    }
    let bytes = value.as_bytes();
    for (open, _) in value.match_indices('(') {
        let start = bytes[..open]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
            .map_or(0, |p| p + 1);
        let function = value[start..open].to_ascii_lowercase();
        if !FUNCTIONS.contains(&function.as_str()) {
            return false;
        }
        if function == "url" {
            let target = value[open + 1..].trim_start();
            let target = target.strip_prefix(['"', '\'']).unwrap_or(target);
            if !target.starts_with('#') {
                return false;
            }
        }
    }
    true
}

/// The allowed declarations of a `style` attribute, rewritten as `name:value;…`; the
/// properties dropped go to `dropped`. Values may use letters, digits, spaces and `#%.,()+-_`
/// only (so no quotes, comments, `@import`, braces or escapes can appear).
fn clean_style(style: &str, dropped: &mut Vec<String>) -> String {
    let mut kept = Vec::new();
    for declaration in style.split(';') {
        if declaration.trim().is_empty() {
            continue;
        }
        let (name, value) = declaration.split_once(':').unwrap_or((declaration, ""));
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        let plain = value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " #%.,()+-_".contains(c));
        if PROPERTIES.contains(&name.as_str()) && !value.is_empty() && plain && safe_value(value) {
            kept.push(format!("{name}:{value}"));
        } else {
            dropped.push(format!("{} in a style attribute", name.trim()));
        }
    }
    kept.join(";")
}

fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' if in_attribute => out.push(' '),
            c => out.push(c),
        }
    }
}

struct Writer {
    out: String,
    removed: Vec<String>,
    uses_xlink: bool,
    draws: bool,
}

impl Writer {
    fn note(&mut self, what: String) {
        if !self.removed.contains(&what) {
            self.removed.push(what);
        }
    }

    fn prefixed(node: roxmltree::Node, namespace: Option<&str>, name: &str) -> String {
        match namespace.and_then(|ns| node.lookup_prefix(ns)) {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}:{name}"),
            _ => name.to_owned(),
        }
    }

    fn attribute(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true);
        self.out.push('"');
    }

    fn attributes(&mut self, node: roxmltree::Node) {
        for attr in node.attributes() {
            let (ns, name, value) = (attr.namespace(), attr.name(), attr.value());
            let label = Self::prefixed(node, ns, name);
            let is_href = name == "href" && (ns.is_none() || ns == Some(XLINK_NS));
            if is_href {
                let target = value.trim();
                if target.starts_with('#') && target.len() > 1 {
                    self.uses_xlink |= ns.is_some();
                    self.attribute(if ns.is_some() { "xlink:href" } else { "href" }, target);
                } else {
                    self.note(format!("{label} attribute"));
                }
            } else if ns == Some(XML_NS) && name == "space" {
                if matches!(value, "default" | "preserve") {
                    self.attribute("xml:space", value);
                } else {
                    self.note(format!("{label} attribute"));
                }
            } else if name == "style" && ns.is_none() {
                let mut dropped = Vec::new();
                let kept = clean_style(value, &mut dropped);
                if !kept.is_empty() {
                    self.attribute("style", &kept);
                }
                dropped.into_iter().for_each(|d| self.note(d));
            } else if ns.is_none()
                && (ATTRIBUTES.contains(&name) || PROPERTIES.contains(&name))
                && safe_value(value)
            {
                self.attribute(name, value);
            } else {
                self.note(format!("{label} attribute"));
            }
        }
    }

    /// Writes the allowed content of `node`'s children (their text only when `keeps_text`).
    fn children(
        &mut self,
        node: roxmltree::Node,
        depth: usize,
        keeps_text: bool,
    ) -> Result<(), String> {
        for child in node.children() {
            if child.is_text() {
                if keeps_text {
                    escape_into(&mut self.out, child.text().unwrap_or_default(), false);
                }
            } else if let Some(pi) = child.pi() {
                self.note(format!("<?{}?> instruction", pi.target));
            } else if child.is_element() {
                self.element(child, depth + 1, keeps_text)?;
            }
        }
        Ok(())
    }

    /// Writes `node` if it is allowed; `in_text`: whether its parent keeps text.
    fn element(
        &mut self,
        node: roxmltree::Node,
        depth: usize,
        in_text: bool,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("The SVG is nested too deeply.".into());
        }
        let tag = node.tag_name();
        let name = tag.name();
        let in_svg = tag.namespace() == Some(SVG_NS);
        if in_svg && UNWRAPPED.contains(&name) {
            self.note(format!("<{name}> element"));
            return self.children(node, depth, in_text);
        }
        if !in_svg || !ELEMENTS.contains(&name) {
            self.note(format!(
                "<{}> element",
                Self::prefixed(node, tag.namespace(), name)
            ));
            return Ok(());
        }
        self.draws |= DRAWING.contains(&name);
        self.out.push('<');
        self.out.push_str(name);
        if depth == 0 {
            self.out.push_str(" xmlns=\"");
            self.out.push_str(SVG_NS);
            self.out.push('"');
        }
        self.attributes(node);
        self.out.push('>');
        let empty = self.out.len();
        self.children(node, depth, WITH_TEXT.contains(&name))?;
        if self.out.len() == empty {
            self.out.pop();
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
        Ok(())
    }
}

/// Checks an upload and returns what to store; the error says why it was refused.
pub fn sanitize_icon(bytes: &[u8]) -> Result<CleanIcon, String> {
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
        return Ok(CleanIcon {
            kind: IconKind::Png,
            bytes: bytes.to_vec(),
            removed: Vec::new(),
        });
    }
    if bytes.len() > MAX_SVG_BYTES {
        return Err(format!(
            "An SVG icon may be at most {} KB.",
            MAX_SVG_BYTES / 1024
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "The file is neither a PNG nor an SVG.".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => {
            "The SVG has a DOCTYPE; icons may not declare a DTD or entities.".to_string()
        }
        e => format!("The SVG could not be read ({e})."),
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err("The file is neither a PNG nor an SVG.".into());
    }
    if root.tag_name().namespace() != Some(SVG_NS) {
        return Err(format!(
            "The <svg> element needs xmlns=\"{SVG_NS}\" (the SVG namespace)."
        ));
    }
    let mut writer = Writer {
        out: String::with_capacity(text.len()),
        removed: Vec::new(),
        uses_xlink: false,
        draws: false,
    };
    for pi in doc.root().children().filter_map(|n| n.pi()) {
        writer.note(format!("<?{}?> instruction", pi.target));
    }
    writer.element(root, 0, false)?;
    if !writer.draws {
        return Err(if writer.removed.is_empty() {
            "The SVG draws nothing.".to_string()
        } else {
            format!(
                "Nothing is left to draw without the parts an icon may not have: {}.",
                list(&writer.removed)
            )
        });
    }
    if writer.uses_xlink {
        let at = "<svg".len();
        writer
            .out
            .insert_str(at, &format!(" xmlns:xlink=\"{XLINK_NS}\""));
    }
    Ok(CleanIcon {
        kind: IconKind::Svg,
        bytes: writer.out.into_bytes(),
        removed: writer.removed,
    })
}

#[cfg(test)]
#[path = "icon_tests.rs"]
mod tests;
