//! Tests of `parameters`: what a provider may type, the JSON Schema it becomes, and the samples
//! the smoke test and the conformance run send.

use super::*;
use serde_json::json;

fn input(name: &str, kind: &str) -> ParameterInput {
    ParameterInput {
        name: name.into(),
        kind: kind.into(),
        texts: BTreeMap::from([(
            "en".to_string(),
            ParameterText {
                label: format!("The {name}"),
                help: String::new(),
            },
        )]),
        ..Default::default()
    }
}

fn with(mut i: ParameterInput, f: impl FnOnce(&mut ParameterInput)) -> ParameterInput {
    f(&mut i);
    i
}

/// The problems of one input, as (field, problem).
fn problems(i: ParameterInput) -> Vec<(String, Problem)> {
    match parse_all(&[i]) {
        Ok(_) => vec![],
        Err(p) => p.into_iter().map(|p| (p.field, p.problem)).collect(),
    }
}

fn at(field: &str, problem: Problem) -> Vec<(String, Problem)> {
    vec![(format!("parameters.0.{field}"), problem)]
}

#[test]
fn what_a_provider_may_type() {
    let range = |min: &str, max: &str| Problem::out_of_range(min, max);
    type Case = (&'static str, ParameterInput, Vec<(String, Problem)>);
    let cases: Vec<Case> = vec![
        ("a text", input("region_name", "text"), vec![]),
        (
            "a name with a capital",
            input("Region", "text"),
            at("name", Problem::ParameterNamePattern),
        ),
        (
            "a name with a hyphen",
            input("data-size", "text"),
            at("name", Problem::ParameterNamePattern),
        ),
        (
            "a name starting with a digit",
            input("1size", "text"),
            at("name", Problem::ParameterNamePattern),
        ),
        (
            "no name",
            with(input("x", "text"), |i| i.name.clear()),
            at("name", Problem::Required),
        ),
        (
            "an unknown kind",
            input("size", "colour"),
            at("kind", Problem::UnknownChoice),
        ),
        (
            "no English label",
            with(input("size", "yes_no"), |i| i.texts.clear()),
            at("texts.en.label", Problem::Required),
        ),
        (
            "a German help without its label",
            with(input("size", "yes_no"), |i| {
                i.texts.insert(
                    "de".into(),
                    ParameterText {
                        label: String::new(),
                        help: "Hilfe".into(),
                    },
                );
            }),
            at("texts.de.label", Problem::Required),
        ),
        (
            "a number in bounds",
            with(input("size", "number"), |i| {
                i.minimum = "1".into();
                i.maximum = "64".into();
                i.default = "8".into();
            }),
            vec![],
        ),
        (
            "bounds reversed",
            with(input("size", "number"), |i| {
                i.minimum = "10".into();
                i.maximum = "2".into();
            }),
            at("maximum", Problem::MaximumBelowMinimum),
        ),
        (
            "a bound that is no number",
            with(input("size", "number"), |i| i.minimum = "ten".into()),
            at("minimum", Problem::NotANumber),
        ),
        (
            "a default under the minimum",
            with(input("size", "number"), |i| {
                i.minimum = "1".into();
                i.maximum = "64".into();
                i.default = "0".into();
            }),
            at("default", range("1", "64")),
        ),
        (
            "a default over an open-ended maximum",
            with(input("size", "number"), |i| {
                i.maximum = "64.5".into();
                i.default = "65".into();
            }),
            at("default", range("", "64.5")),
        ),
        (
            "a default that is no number",
            with(input("size", "number"), |i| i.default = "big".into()),
            at("default", Problem::NotANumber),
        ),
        (
            "an option list",
            with(input("tier", "choice"), |i| {
                i.options = "small\nmedium\n\nlarge\n".into();
                i.default = "medium".into();
            }),
            vec![],
        ),
        (
            "one option",
            with(input("tier", "choice"), |i| i.options = "small".into()),
            at("options", Problem::TooFewOptions),
        ),
        (
            "an option twice",
            with(input("tier", "choice"), |i| {
                i.options = "small\nsmall".into()
            }),
            at("options", Problem::RepeatedOption),
        ),
        (
            "a default not among the options",
            with(input("tier", "choice"), |i| {
                i.options = "a\nb".into();
                i.default = "c".into();
            }),
            at("default", Problem::UnknownChoice),
        ),
        (
            "yes/no with a default",
            with(input("backups", "yes_no"), |i| i.default = "true".into()),
            vec![],
        ),
        (
            "yes/no with another default",
            with(input("backups", "yes_no"), |i| i.default = "maybe".into()),
            at("default", Problem::UnknownChoice),
        ),
        (
            "a text longer than its limit",
            with(input("label", "text"), |i| {
                i.max_length = "3".into();
                i.default = "abcd".into();
            }),
            at("default", Problem::TooLong { max: 3 }),
        ),
        (
            "a text limit of zero",
            with(input("label", "text"), |i| i.max_length = "0".into()),
            at("max_length", range("1", "10000")),
        ),
    ];
    for (what, i, expected) in cases {
        assert_eq!(problems(i), expected, "{what}");
    }
}

#[test]
fn names_are_used_once_blank_rows_are_skipped_and_the_list_is_bounded() {
    let blank = ParameterInput::default();
    let list = [
        input("size", "text"),
        blank.clone(),
        input("size", "yes_no"),
    ];
    let problems = parse_all(&list).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "parameters.2.name");
    assert_eq!(problems[0].problem, Problem::ParameterNameTaken);
    assert_eq!(parse_all(std::slice::from_ref(&blank)).unwrap(), vec![]);
    let many: Vec<ParameterInput> = (0..=MAX_PARAMETERS)
        .map(|n| input(&format!("p{n}"), "text"))
        .collect();
    assert_eq!(
        parse_all(&many).unwrap_err()[0].problem,
        Problem::TooMany {
            max: MAX_PARAMETERS
        }
    );
}

fn parsed(inputs: &[ParameterInput]) -> Vec<Parameter> {
    parse_all(inputs).unwrap()
}

#[test]
fn the_schema_is_draft_04_with_each_kind_and_what_is_required() {
    let list = parsed(&[
        with(input("size", "number"), |i| {
            i.minimum = "1".into();
            i.maximum = "64".into();
            i.default = "8".into();
            i.required = true;
        }),
        with(input("tier", "choice"), |i| {
            i.options = "small\nlarge".into()
        }),
        with(input("backups", "yes_no"), |i| i.default = "false".into()),
        with(input("label", "text"), |i| {
            i.max_length = "40".into();
            i.texts.get_mut("en").unwrap().help = "Shown in the dashboard.".into();
        }),
    ]);
    assert_eq!(
        schema(&list).unwrap(),
        json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object",
            "additionalProperties": false,
            "required": ["size"],
            "properties": {
                "size": { "type": "number", "title": "The size", "minimum": 1, "maximum": 64, "default": 8 },
                "tier": { "type": "string", "title": "The tier", "enum": ["small", "large"] },
                "backups": { "type": "boolean", "title": "The backups", "default": false },
                "label": { "type": "string", "title": "The label", "description": "Shown in the dashboard.", "maxLength": 40 },
            },
        })
    );
    assert_eq!(schema(&[]), None);
    // No required parameter: no `required` (draft-04 wants it non-empty).
    let optional = parsed(&[input("label", "text")]);
    assert!(schema(&optional).unwrap().get("required").is_none());
    // A fractional bound stays fractional.
    let half = parsed(&[with(input("ratio", "number"), |i| i.maximum = "0.5".into())]);
    assert_eq!(
        schema(&half).unwrap()["properties"]["ratio"]["maximum"],
        json!(0.5)
    );
}

#[test]
fn samples_fit_the_schema_or_break_it_on_the_first_parameter() {
    let list = parsed(&[
        with(input("size", "number"), |i| {
            i.minimum = "2".into();
            i.maximum = "64".into();
        }),
        with(input("tier", "choice"), |i| {
            i.options = "small\nlarge".into();
            i.default = "large".into();
        }),
        input("backups", "yes_no"),
        with(input("label", "text"), |i| i.max_length = "4".into()),
    ]);
    assert_eq!(
        valid_sample(&list),
        json!({ "size": 2, "tier": "large", "backups": false, "label": "rmc-" })
    );
    let invalid = invalid_sample(&list).unwrap();
    assert_eq!(invalid["size"], json!("rmc-not-a-valid-value"));
    assert_eq!(invalid["tier"], json!("large"));
    assert_eq!(invalid_sample(&[]), None);
    let different = different_sample(&list).unwrap();
    assert_eq!(different["size"], json!(64));
    assert_eq!(different["tier"], json!("large"));
    // A number with a single allowed value: the next parameter differs instead.
    let fixed = parsed(&[
        with(input("size", "number"), |i| {
            i.minimum = "3".into();
            i.maximum = "3".into();
        }),
        input("backups", "yes_no"),
    ]);
    assert_eq!(
        different_sample(&fixed).unwrap(),
        json!({ "size": 3, "backups": true })
    );
    assert_eq!(different_sample(&fixed[..1]), None);
    assert_eq!(valid_sample(&[]), json!({}));
}

#[test]
fn a_parameter_shows_again_as_it_was_typed_and_speaks_the_reader_s_language() {
    let typed = with(input("tier", "choice"), |i| {
        i.options = "small\nlarge".into();
        i.default = "large".into();
        i.required = true;
        i.texts.insert(
            "de".into(),
            ParameterText {
                label: "Größe".into(),
                help: "Wählen Sie.".into(),
            },
        );
    });
    let p = parsed(std::slice::from_ref(&typed)).remove(0);
    assert_eq!(ParameterInput::of(&p), typed);
    assert_eq!(p.label("de"), "Größe");
    assert_eq!(p.label("fr"), "The tier");
    assert_eq!(p.help("de"), "Wählen Sie.");
    assert_eq!(p.help("fr"), "");
    let stored = serde_json::to_value(&p).unwrap();
    assert_eq!(
        stored["accepts"],
        json!({ "kind": "choice", "options": ["small", "large"] })
    );
    assert_eq!(serde_json::from_value::<Parameter>(stored).unwrap(), p);
}
