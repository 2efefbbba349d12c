use super::*;

const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">"#;
const RECT: &str = r#"<rect width="10" height="10"/>"#;

fn svg(inner: &str) -> String {
    format!("{OPEN}{RECT}{inner}</svg>")
}

/// Fails unless `out` (a sanitised SVG) has nothing active or external in it, as text and
/// as parsed again.
fn assert_clean(case: &str, out: &str) {
    let lower = out.to_ascii_lowercase();
    let without_namespaces = lower.replace(SVG_NS, "").replace(XLINK_NS, "");
    for needle in [
        "javascript:",
        "<script",
        "url(http",
        "url(//",
        "url(data",
        "<?",
        "<!",
        "data:",
        "http",
        "//",
        "<foreignobject",
        "<animate",
        "<set",
        "<style",
        "<image",
        "<feimage",
        "<a ",
        "<a>",
        "<meta",
        "<form",
        "<iframe",
        "@import",
        "expression",
    ] {
        assert!(
            !without_namespaces.contains(needle),
            "{case}: {needle:?} in {out}"
        );
    }
    // No ` on…="` attribute (every attribute is written with double quotes).
    for (at, _) in lower.match_indices(" on") {
        let rest = &lower[at + 3..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        assert!(
            !(name_len > 0 && rest[name_len..].starts_with("=\"")),
            "{case}: event handler in {out}"
        );
    }
    let doc = roxmltree::Document::parse(out).unwrap_or_else(|e| panic!("{case}: {e} in {out}"));
    for node in doc.descendants() {
        assert!(!node.is_pi() && !node.is_comment(), "{case}: {out}");
        if !node.is_element() {
            continue;
        }
        assert_eq!(node.tag_name().namespace(), Some(SVG_NS), "{case}: {out}");
        assert!(ELEMENTS.contains(&node.tag_name().name()), "{case}: {out}");
        for attr in node.attributes() {
            assert!(
                !attr.name().to_ascii_lowercase().starts_with("on"),
                "{case}: {out}"
            );
            if attr.name() == "href" {
                assert!(attr.value().starts_with('#'), "{case}: {out}");
            }
            assert!(safe_value(attr.value()), "{case}: {out}");
        }
    }
}

fn clean(case: &str, input: &str) -> CleanIcon {
    let icon = sanitize_icon(input.as_bytes()).unwrap_or_else(|e| panic!("{case}: {e}"));
    assert_eq!(icon.kind, IconKind::Svg);
    let out = std::str::from_utf8(&icon.bytes).unwrap();
    assert_clean(case, out);
    let again = sanitize_icon(&icon.bytes).unwrap();
    assert_eq!(again.bytes, icon.bytes, "{case}: not idempotent");
    assert!(again.removed.is_empty(), "{case}: {:?}", again.removed);
    icon
}

#[test]
fn bypasses_come_out_without_active_or_external_content() {
    let cases: &[(&str, String)] = &[
        (
            "animate href",
            svg(
                r#"<a><animate attributeName="href" values="javascript:alert(1)"/><rect width="1" height="1"/></a>"#,
            ),
        ),
        (
            "animate xlink:href",
            svg(
                r##"<a xlink:href="#x"><animate attributeName="xlink:href" values="javascript:alert(1)" begin="0s"/><text>x</text></a>"##,
            ),
        ),
        (
            "set href",
            svg(r#"<a><set attributeName="href" to="javascript:alert(1)"/>click</a>"#),
        ),
        (
            "animateTransform, animateMotion",
            svg(
                r##"<animateTransform attributeName="transform" type="rotate"/><animateMotion><mpath href="#p"/></animateMotion>"##,
            ),
        ),
        (
            "onbegin on animate",
            svg(r#"<animate onbegin="alert(1)" attributeName="x" dur="1s"/>"#),
        ),
        (
            "meta refresh, XHTML default namespace",
            svg(
                r#"<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=javascript:alert(1)"/>"#,
            ),
        ),
        (
            "meta refresh, XHTML prefix",
            svg(
                r#"<h:meta xmlns:h="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=https://evil.example/"/>"#,
            ),
        ),
        (
            "form action, XHTML",
            svg(
                r#"<h:form xmlns:h="http://www.w3.org/1999/xhtml" action="javascript:alert(1)"><h:button>go</h:button></h:form>"#,
            ),
        ),
        (
            "foreignObject",
            svg(
                r#"<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"/></body></foreignObject>"#,
            ),
        ),
        (
            "style element",
            svg("<style>rect { fill: url(https://evil.example/p) }</style>"),
        ),
        (
            "style @import",
            svg("<style>@import url(https://evil.example/a.css);</style>"),
        ),
        (
            "style CDATA",
            svg("<style><![CDATA[ rect { background: url(http://evil.example/) } ]]></style>"),
        ),
        (
            "fill url https",
            svg(r#"<rect width="1" height="1" fill="url(https://evil.example/p#a)"/>"#),
        ),
        (
            "filter url http",
            svg(r#"<rect width="1" height="1" filter="url(http://evil.example/f.svg#f)"/>"#),
        ),
        (
            "mask quoted url",
            svg(r#"<rect width="1" height="1" mask="url( 'https://evil.example/m#m' )"/>"#),
        ),
        (
            "clip-path upper-case URL",
            svg(r#"<rect width="1" height="1" clip-path="URL(//evil.example/c#c)"/>"#),
        ),
        (
            "local then external url",
            svg(r##"<rect width="1" height="1" fill="url(#a) url(http://evil.example/)"/>"##),
        ),
        (
            "escaped url",
            svg(r#"<rect width="1" height="1" fill="\75rl(http://evil.example/)"/>"#),
        ),
        (
            "image-set",
            svg(
                r#"<rect width="1" height="1" mask="image-set('https://evil.example/m.png' 1x)"/>"#,
            ),
        ),
        (
            "xml-stylesheet before the root",
            format!(
                r#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/a.css" type="text/css"?>{}"#,
                svg("")
            ),
        ),
        (
            "xml-stylesheet inside",
            svg(r#"<?xml-stylesheet href="https://evil.example/a.css"?>"#),
        ),
        (
            "onload on the root",
            format!(r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">{RECT}</svg>"#),
        ),
        (
            "mixed-case handlers",
            svg(
                r#"<rect width="1" height="1" OnLoad="alert(1)" ONCLICK="alert(2)" onMouseOver="alert(3)" onfocusin="alert(4)"/>"#,
            ),
        ),
        (
            "xlink:href to http",
            svg(r#"<use xlink:href="http://evil.example/sprite.svg#a"/>"#),
        ),
        (
            "href to https",
            svg(r#"<use href="https://evil.example/sprite.svg#a"/>"#),
        ),
        (
            "data: URIs",
            svg(
                r#"<use href="data:image/svg+xml;base64,PHN2Zy8+#a"/><rect width="1" height="1" fill="url(data:image/svg+xml,x)"/><image href="data:image/png;base64,AAAA"/>"#,
            ),
        ),
        (
            "a href javascript",
            svg(r#"<a href="javascript:alert(1)"><circle r="1"/></a>"#),
        ),
        (
            "a xlink:href javascript",
            svg(r#"<a xlink:href="javascript:alert(1)"><circle r="1"/></a>"#),
        ),
        (
            "image href http",
            svg(r#"<image href="http://evil.example/x.png" width="1" height="1"/>"#),
        ),
        (
            "image xlink:href https",
            svg(r#"<image xlink:href="https://evil.example/x.png"/>"#),
        ),
        (
            "feImage",
            svg(r#"<filter id="f"><feImage href="https://evil.example/x.png"/></filter>"#),
        ),
        (
            "textPath external",
            svg(r#"<text><textPath href="https://evil.example/p.svg#p">x</textPath></text>"#),
        ),
        (
            "CDATA script",
            svg("<script><![CDATA[ alert(1) ]]></script>"),
        ),
        (
            "script in text as CDATA, kept as text",
            svg("<text><![CDATA[<script>alert(1)</script>]]></text>"),
        ),
        (
            "script, other namespace",
            svg(r#"<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>"#),
        ),
        (
            "svg names in another namespace",
            svg(
                r#"<o:rect xmlns:o="https://other.example/ns" width="1" height="1" onload="alert(1)"/>"#,
            ),
        ),
        (
            "iframe, embed, object, handler, listener",
            svg(
                r#"<iframe src="https://evil.example/"/><embed src="x"/><object data="x"/><handler>alert(1)</handler><listener event="load"/>"#,
            ),
        ),
        (
            "comment, dropped silently",
            svg("<!-- <script>alert(1)</script> -->"),
        ),
        (
            "style attributes",
            svg(
                r#"<rect width="1" height="1" style="fill:url(https://evil.example/p);behavior:url(x.htc);width:expression(alert(1));stroke:red"/><circle r="1" style="@import 'https://evil.example/a.css'"/>"#,
            ),
        ),
        (
            "quote in an id, escaped silently",
            svg(r##"<rect width="1" height="1" id='a" onload="x'/>"##),
        ),
        (
            "namespaced attributes",
            svg(
                r#"<rect width="1" height="1" xlink:title="x" xml:base="https://evil.example/" xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load"/>"#,
            ),
        ),
    ];
    for (case, input) in cases {
        let icon = clean(case, input);
        if case.ends_with("kept as text") {
            let out = String::from_utf8(icon.bytes).unwrap();
            assert!(
                out.contains("<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>"),
                "{out}"
            );
        } else if !case.ends_with("silently") {
            assert!(!icon.removed.is_empty(), "{case}: nothing reported removed");
        }
    }
}

#[test]
fn what_is_removed_is_named() {
    let icon = clean(
        "report",
        &svg(
            r#"<script>alert(1)</script><rect width="1" height="1" onload="x" style="fill:red;behavior:url(x)"/><script/>"#,
        ),
    );
    assert_eq!(
        icon.removed,
        [
            "<script> element",
            "onload attribute",
            "behavior in a style attribute"
        ]
    );
    assert_eq!(
        icon.removed_notice().unwrap(),
        "Removed from the SVG: <script> element, onload attribute, behavior in a style attribute."
    );
    let out = String::from_utf8(icon.bytes).unwrap();
    assert!(
        out.contains(r#"<rect width="1" height="1" style="fill:red"/>"#),
        "{out}"
    );
}

#[test]
fn a_benign_icon_keeps_its_drawing() {
    let input = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- made by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24" width="24" height="24">
  <title>Fast &amp; DB</title>
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0f62fe"/><stop offset="1" style="stop-color: #36c; stop-opacity: 0.5"/></linearGradient>
    <radialGradient id="r" href="#g" cx="0.5" cy="0.5" r="0.5"/>
    <clipPath id="c"><circle cx="12" cy="12" r="10"/></clipPath>
    <filter id="f"><feGaussianBlur stdDeviation="1"/><feFlood flood-color="rgb(0, 0, 0)" flood-opacity="0.2"/></filter>
    <symbol id="s" viewBox="0 0 4 4"><path d="M0 0h4v4z"/></symbol>
  </defs>
  <g transform="translate(1 1) rotate(45)" opacity=".9">
    <rect width="24" height="24" rx="4" fill="url(#g)" clip-path="url(#c)" filter="url(#f)"/>
    <ellipse cx="5" cy="5" rx="2" ry="1" fill="url('#r')"/>
  </g>
  <use href="#s" x="2" y="2" width="8" height="8"/>
  <use xlink:href="#s" x="12" y="12"/>
  <text x="4" y="20" font-family="sans-serif" xml:space="preserve">Hi &lt;3 <tspan fill="red">!</tspan></text>
</svg>
"##;
    let icon = clean("benign", input);
    assert!(icon.removed.is_empty(), "{:?}", icon.removed);
    let out = String::from_utf8(icon.bytes).unwrap();
    for kept in [
        r#"<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">"#,
        "<title>Fast &amp; DB</title>",
        r##"<linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0f62fe"/>"##,
        r#"<stop offset="1" style="stop-color:#36c;stop-opacity:0.5"/>"#,
        r##"<radialGradient id="r" href="#g""##,
        r#"<clipPath id="c"><circle cx="12" cy="12" r="10"/></clipPath>"#,
        r#"<feFlood flood-color="rgb(0, 0, 0)" flood-opacity="0.2"/>"#,
        r#"<symbol id="s" viewBox="0 0 4 4"><path d="M0 0h4v4z"/></symbol>"#,
        r#"<g transform="translate(1 1) rotate(45)" opacity=".9">"#,
        r##"fill="url(#g)" clip-path="url(#c)" filter="url(#f)"/>"##,
        r##"fill="url('#r')""##,
        r##"<use href="#s" x="2" y="2" width="8" height="8"/>"##,
        r##"<use xlink:href="#s" x="12" y="12"/>"##,
        r#"xml:space="preserve">Hi &lt;3 <tspan fill="red">!</tspan></text>"#,
    ] {
        assert!(out.contains(kept), "{kept} missing from {out}");
    }
    // No xlink namespace declared when nothing needs it.
    let plain = clean("plain", &format!(r#"<svg xmlns="{SVG_NS}">{RECT}</svg>"#));
    assert_eq!(
        String::from_utf8(plain.bytes).unwrap(),
        format!(r#"<svg xmlns="{SVG_NS}">{RECT}</svg>"#)
    );
}

#[test]
fn refused_icons_say_why() {
    let refused = [
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            "<script> element",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            "onload attribute",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>"#,
            "<image> element",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>hi</div></foreignObject></svg>"#,
            "<foreignObject> element",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
            "<style> element",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>"#,
            "draws nothing",
        ),
        (
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>"#,
            "DOCTYPE",
        ),
        (
            r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#,
            "DOCTYPE",
        ),
        (
            r#"<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#,
            "DOCTYPE",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><text>&ext;</text></svg>"#,
            "could not be read",
        ),
        ("<svg><rect/></svg>", "xmlns=\"http://www.w3.org/2000/svg\""),
        (
            r#"<svg xmlns="http://www.w3.org/1999/xhtml"><rect/></svg>"#,
            "SVG namespace",
        ),
        ("<html><body/></html>", "neither a PNG nor an SVG"),
        ("not xml at all", "could not be read"),
        ("", "Choose an SVG or PNG file."),
    ];
    for (svg, why) in refused {
        let error = sanitize_icon(svg.as_bytes()).expect_err(svg);
        assert!(error.contains(why), "{svg}: {error}");
    }
    assert!(sanitize_icon(&[0xff, 0xfe, b'<'])
        .unwrap_err()
        .contains("neither"));
    let deep = format!(
        "{OPEN}{}{RECT}{}</svg>",
        "<g>".repeat(100),
        "</g>".repeat(100)
    );
    assert!(sanitize_icon(deep.as_bytes())
        .unwrap_err()
        .contains("nested too deeply"));
    let big = format!("{OPEN}{RECT}<!-- {} --></svg>", "x".repeat(MAX_SVG_BYTES));
    assert!(sanitize_icon(big.as_bytes())
        .unwrap_err()
        .contains("100 KB"));
}

#[test]
fn png_is_kept_as_it_is_within_its_limit() {
    let png = b"\x89PNG\r\n\x1a\n0000";
    let icon = sanitize_icon(png).unwrap();
    assert_eq!(
        (icon.kind, icon.bytes.as_slice()),
        (IconKind::Png, &png[..])
    );
    assert!(icon.removed.is_empty() && icon.removed_notice().is_none());
    let mut big = png.to_vec();
    big.resize(MAX_PNG_BYTES + 1, 0);
    assert!(sanitize_icon(&big).unwrap_err().contains("256 KB"));
}

#[test]
fn values_may_only_use_local_urls_and_known_functions() {
    for (value, safe) in [
        ("#0f62fe", true),
        ("none", true),
        ("url(#g)", true),
        ("url( \"#g\" ) red", true),
        ("rgb(1, 2, 3)", true),
        ("translate(1 1) scale(2)", true),
        ("drop-shadow(1px 1px 2px black)", true),
        ("M0 0L10 10", true),
        ("url(https://evil.example/)", false),
        ("url(#a),url(http://evil.example/)", false),
        ("URL(data:x)", false),
        ("image-set('a.png' 1x)", false),
        ("expression(alert(1))", false),
        ("var(--x)", false),
        ("\\75rl(x)", false),
        ("é(x)", false),
    ] {
        assert_eq!(safe_value(value), safe, "{value}");
    }
}
