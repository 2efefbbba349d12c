//! Plan ids (SPEC §3, §5): a plan's id is the broker's plan id, which the Open Service Broker
//! API requires to be globally unique. These rules check the ids of a document (an import) and
//! give a copy of an offering fresh ids, so that two offerings never share a plan id.

use super::offering::OfferingDocument;
use super::plan::Plan;

/// Whether `id` is a UUID in its usual text form: 32 hexadecimal digits in groups of
/// 8-4-4-4-12, separated by hyphens (either case).
pub fn is_uuid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Every problem with the plan ids of `plans`, as `(plan index, message)`: an id must be
/// there, be a UUID and differ from every earlier plan's id (the later plan is named).
pub fn plan_id_problems(plans: &[Plan]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let id = plan.id.trim();
        if id.is_empty() {
            out.push((i, "The plan id is required.".to_owned()));
        } else if !is_uuid(&plan.id) {
            out.push((
                i,
                format!(
                    "The plan id `{}` is not a UUID (such as 0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10).",
                    plan.id
                ),
            ));
        } else if let Some(first) = plans[..i]
            .iter()
            .position(|p| p.id.eq_ignore_ascii_case(&plan.id))
        {
            out.push((
                i,
                format!(
                    "The plan id `{}` is already the id of plan {first} (`{}`); every plan needs its own id.",
                    plan.id, plans[first].name
                ),
            ));
        }
    }
    out
}

impl OfferingDocument {
    /// A copy of the document whose plans carry new ids from `next_id` (one call per plan, in
    /// order); everything else, the plans' order included, is unchanged. Plan ids appear
    /// nowhere else in the document (usage records and broker runs live in their own tables),
    /// so nothing else needs rewriting.
    pub fn with_plan_ids(&self, mut next_id: impl FnMut() -> String) -> OfferingDocument {
        let mut copy = self.clone();
        for plan in &mut copy.plans {
            plan.id = next_id();
        }
        copy
    }

    /// A copy of the document whose plans carry new random (v4) UUIDs: what a copy of an
    /// offering (an import as a new offering, a duplicate) must store.
    #[cfg(feature = "ssr")]
    pub fn with_new_plan_ids(&self) -> OfferingDocument {
        self.with_plan_ids(|| uuid::Uuid::new_v4().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::PlanInput;

    const A: &str = "0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10";
    const B: &str = "7f0c1d2e-3a4b-4c5d-8e6f-9a0b1c2d3e4f";

    fn plan(id: &str, name: &str) -> Plan {
        let mut input = PlanInput {
            name: name.into(),
            kind: "free".into(),
            ..Default::default()
        };
        input.texts.get_mut("en").unwrap().display_name = name.into();
        input.texts.get_mut("en").unwrap().description = "A plan.".into();
        input.parse(id).expect("a valid plan")
    }

    #[test]
    fn uuids_are_recognised() {
        for (id, ok) in [
            (A, true),
            ("0B8A3E5C-4F27-4B61-9C1D-2A7E6F3D9B10", true),
            ("", false),
            ("plan-1", false),
            ("0b8a3e5c4f274b619c1d2a7e6f3d9b10", false),
            ("0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b1", false),
            ("0b8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10 ", false),
            ("0b8a3e5c-4f27-4b61-9c1d_2a7e6f3d9b10", false),
            ("zb8a3e5c-4f27-4b61-9c1d-2a7e6f3d9b10", false),
        ] {
            assert_eq!(is_uuid(id), ok, "{id:?}");
        }
    }

    #[test]
    fn plan_id_problems_name_the_plan() {
        let cases: Vec<(Vec<Plan>, Vec<usize>, &str)> = vec![
            (vec![plan(A, "one"), plan(B, "two")], vec![], ""),
            (vec![plan("", "one")], vec![0], "required"),
            (vec![plan("  ", "one")], vec![0], "required"),
            (vec![plan("plan-1", "one")], vec![0], "not a UUID"),
            (
                vec![plan(A, "one"), plan(B, "two"), plan(A, "three")],
                vec![2],
                "already the id of plan 0 (`one`)",
            ),
            (
                vec![plan(A, "one"), plan(&A.to_uppercase(), "two")],
                vec![1],
                "already the id of plan 0",
            ),
        ];
        for (plans, indices, words) in cases {
            let found = plan_id_problems(&plans);
            let got: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
            assert_eq!(got, indices, "{found:?}");
            for (_, message) in &found {
                assert!(message.contains(words), "{message}");
            }
        }
    }

    #[test]
    fn a_copy_gets_new_plan_ids_in_order_and_nothing_else_changes() {
        let mut doc = OfferingDocument::default();
        doc.basics.tags = vec!["db".into()];
        doc.plans = vec![plan(A, "one"), plan(B, "two")];
        let mut n = 0;
        let copy = doc.with_plan_ids(|| {
            n += 1;
            format!("id-{n}")
        });
        let ids: Vec<&str> = copy.plans.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["id-1", "id-2"]);
        let names: Vec<&str> = copy.plans.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        let mut back = copy.clone();
        back.plans[0].id = A.into();
        back.plans[1].id = B.into();
        assert_eq!(back, doc);
        // The source is untouched.
        assert_eq!(doc.plans[0].id, A);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn new_plan_ids_are_fresh_uuids() {
        let doc = OfferingDocument {
            plans: vec![plan(A, "one"), plan(B, "two")],
            ..Default::default()
        };
        let copy = doc.with_new_plan_ids();
        assert!(plan_id_problems(&copy.plans).is_empty());
        assert!(copy.plans.iter().all(|p| p.id != A && p.id != B));
        let empty = OfferingDocument::default().with_new_plan_ids();
        assert!(empty.plans.is_empty());
    }
}
