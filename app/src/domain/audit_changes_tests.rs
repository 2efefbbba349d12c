use super::*;
use serde_json::json;

/// An action, its before and after objects, and the (label, before, after) it reads as.
type Row = (
    &'static str,
    serde_json::Value,
    serde_json::Value,
    Vec<(&'static str, &'static str, &'static str)>,
);

fn seen(changes: &[FieldChange]) -> Vec<(String, String, String)> {
    changes
        .iter()
        .map(|c| (c.label.clone(), c.before.clone(), c.after.clone()))
        .collect()
}

#[test]
fn each_kind_of_row_reads_as_its_fields() {
    let plans = BTreeMap::from([("p-1".to_owned(), "lite".to_owned())]);
    let table: [Row; 6] = [
        (
            "offering.update",
            json!({ "texts.en.display_name": "", "plans.p-1.pricing.kind": "free" }),
            json!({ "texts.en.display_name": "DB", "plans.p-1.pricing.kind": "paid" }),
            vec![
                ("Plan “lite” › Pricing type", "free", "paid"),
                ("Catalog text (en) › Display name", "", "DB"),
            ],
        ),
        // A plan added in this row is named from the row, not by its id.
        (
            "offering.update",
            json!({ "plans.p-9.name": "" }),
            json!({ "plans.p-9.name": "pro", "plans.p-9.pricing.kind": "paid" }),
            vec![
                ("Plan “pro” › Name", "", "pro"),
                ("Plan “pro” › Pricing type", "", "paid"),
            ],
        ),
        (
            "visibility.request_public",
            json!({ "state": "limited" }),
            json!({ "state": "in review", "request": "r-1", "text": "Please look" }),
            vec![("Note", "", "Please look")],
        ),
        (
            "visibility.approve",
            json!({ "state": "in review" }),
            json!({ "state": "public", "request": "r-1", "text": null }),
            vec![],
        ),
        (
            "offering.create",
            serde_json::Value::Null,
            json!({ "name": "db", "organisation_id": "o-1" }),
            vec![("Name", "", "db")],
        ),
        (
            "review.comment",
            serde_json::Value::Null,
            json!({ "comment": 7, "field": "plans.p-1.name", "body": "Say more" }),
            vec![("Plan “lite” › Name", "", "Say more")],
        ),
    ];
    for (action, before, after, want) in table {
        let got = seen(&changes(action, &before, &after, &plans));
        let want: Vec<(String, String, String)> = want
            .into_iter()
            .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(got, want, "{action} {after}");
    }
}

#[test]
fn a_comment_on_the_whole_request_reads_as_its_text() {
    let got = changes(
        "review.comment",
        &serde_json::Value::Null,
        &json!({ "comment": 3, "field": null, "body": "Looks good" }),
        &BTreeMap::new(),
    );
    assert_eq!(
        seen(&got),
        [("Body".to_owned(), String::new(), "Looks good".to_owned())]
    );
    assert!(got
        .iter()
        .all(|c| !c.after.contains('3') || c.after == "Looks good"));
}
