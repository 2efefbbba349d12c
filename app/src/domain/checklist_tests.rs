//! Tests of `checklist`: the lines computed from facts, readiness per visibility, progress, steps and keys.

use super::*;

fn s(text: &str) -> String {
    text.to_owned()
}

const ADD_PLAN: &str = "Add at least one plan.";
const ENABLE_IAM: &str =
    "Enable IAM and add a single sign-on client with at least one redirect URI.";
const REGISTER_BROKER: &str = "Register a service broker.";
const VALIDATE_BROKER: &str =
    "Validate the broker: its catalog must match the offering's definition.";
const MAKE_LIMITED: &str =
    "Make the offering limited so that its test accounts see it in the catalog.";
const NAME_TEST_ACCOUNT: &str = "Name at least one test account.";
const PASS_SMOKE_TEST: &str = "Pass a smoke test on one of the plans.";
const REQUEST_PUBLIC: &str = "Request public visibility.";
const FINISH_THEN_REQUEST: &str = "Finish the steps above, then request public visibility.";
const AWAIT_REVIEW: &str = "Wait for the reviewer's decision on the request.";

fn messages(gaps: &[Gap]) -> Vec<String> {
    gaps.iter().map(|g| g.message.clone()).collect()
}

/// A limited offering with every step done.
fn complete() -> Facts {
    Facts {
        visibility: Visibility::Limited,
        docs_missing: vec![],
        metadata_missing: vec![],
        plan_count: 2,
        prices_missing: vec![],
        iam_enabled: true,
        iam_missing: vec![],
        support_missing: vec![],
        brokers_registered: 1,
        broker_validated: true,
        test_accounts: 1,
        smoke_test_passed: true,
        open_comments: vec![],
    }
}

#[test]
fn a_price_change_on_short_notice_holds_back_a_change_request() {
    let gap = Gap::at(GapCode::MovePriceChange, "standard");
    let f = Facts {
        visibility: Visibility::Public,
        prices_missing: vec![gap.clone()],
        ..complete()
    };
    let r = readiness(&f);
    assert!(r.public_missing.contains(&gap));
    let line = checklist(&f)
        .into_iter()
        .find(|l| l.step == Step::Plans)
        .unwrap();
    assert_eq!(line.missing, [gap]);
}

#[test]
fn the_support_model_gates_public_visibility_only() {
    let gap = Gap::at(GapCode::FillSupport, "email");
    let f = Facts {
        support_missing: vec![gap.clone()],
        ..complete()
    };
    let lines = checklist(&f);
    let support = lines.iter().find(|l| l.step == Step::Support).unwrap();
    assert_eq!((support.done, support.key()), (false, "support"));
    assert_eq!(support.missing, vec![gap.clone()]);
    let r = readiness(&f);
    assert!(r.limited_missing.is_empty());
    assert_eq!(r.public_missing, vec![gap]);
    assert_eq!(
        Step::for_section("support.targets.high"),
        Some(Step::Support)
    );
}

#[test]
fn iam_and_the_broker_gate_as_the_spec_says() {
    let f = Facts {
        iam_enabled: false,
        brokers_registered: 0,
        broker_validated: false,
        smoke_test_passed: false,
        ..complete()
    };
    let r = readiness(&f);
    assert_eq!(messages(&r.limited_missing), [REGISTER_BROKER]);
    assert_eq!(
        messages(&r.public_missing),
        [ENABLE_IAM, REGISTER_BROKER, PASS_SMOKE_TEST]
    );
}

/// The lines not done, with what they miss.
fn open_lines(f: &Facts) -> Vec<(Step, Vec<String>)> {
    checklist(f)
        .into_iter()
        .filter(|l| !l.done)
        .map(|l| (l.step, messages(&l.missing)))
        .collect()
}

type Change = fn(&mut Facts);

/// (what differs from `complete()`, lines expected open with their missing sentences).
#[allow(clippy::type_complexity)]
fn table() -> Vec<(&'static str, Change, Vec<(Step, Vec<&'static str>)>)> {
    use Step::*;
    vec![
        (
            "complete",
            |_| {},
            vec![(PublicRelease, vec![REQUEST_PUBLIC])],
        ),
        (
            "docs missing",
            |f| f.docs_missing = vec![Gap::new(GapCode::AddDocumentation)],
            vec![
                (Documentation, vec!["Add the documentation URL (Basics)."]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "metadata missing, repeated",
            |f| {
                f.metadata_missing = vec![
                    Gap::at(GapCode::FillEnglish, "short_description"),
                    Gap::at(GapCode::FillEnglish, "short_description"),
                ]
            },
            vec![
                (
                    Metadata,
                    vec!["Fill in the English short description (Catalog text)."],
                ),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "no plan",
            |f| f.plan_count = 0,
            vec![
                (Plans, vec![ADD_PLAN]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "IAM off",
            |f| f.iam_enabled = false,
            vec![
                (Iam, vec![ENABLE_IAM]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "IAM without redirect URI",
            |f| f.iam_missing = vec![Gap::new(GapCode::AddRedirectUri)],
            vec![
                (
                    Iam,
                    vec!["Add at least one redirect URI for the dashboard's single sign-on."],
                ),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "no broker",
            |f| {
                f.brokers_registered = 0;
                f.broker_validated = false;
            },
            vec![
                (Broker, vec![REGISTER_BROKER]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "broker not validated",
            |f| f.broker_validated = false,
            vec![
                (Broker, vec![VALIDATE_BROKER]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "no test accounts, no smoke test",
            |f| {
                f.test_accounts = 0;
                f.smoke_test_passed = false;
            },
            vec![
                (LimitedTest, vec![NAME_TEST_ACCOUNT, PASS_SMOKE_TEST]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "still a draft",
            |f| f.visibility = Visibility::Draft,
            vec![
                (LimitedTest, vec![MAKE_LIMITED]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "in review",
            |f| f.visibility = Visibility::InReview,
            vec![(PublicRelease, vec![AWAIT_REVIEW])],
        ),
        ("public", |f| f.visibility = Visibility::Public, vec![]),
        (
            "public without test accounts any more",
            |f| {
                f.visibility = Visibility::Public;
                f.test_accounts = 0;
                f.smoke_test_passed = false;
            },
            vec![],
        ),
        (
            "deprecated with a gap in the working copy",
            |f| {
                f.visibility = Visibility::Deprecated;
                f.metadata_missing = vec![Gap::new(GapCode::AddIcon)];
            },
            vec![(Metadata, vec!["Upload an icon (Media)."])],
        ),
        (
            "comments keep lines open",
            |f| {
                f.open_comments = vec![
                    (s("long description"), s("text/en")),
                    (s("icon"), s("media")),
                    (s("announcement date"), s("announcement")),
                    (s("plan lite"), s("plans")),
                    (s("redirect URIs"), s("iam")),
                    (s("broker URL"), s("brokers")),
                    (s("test accounts"), s("visibility")),
                    (s("long description"), s("text:de")),
                ]
            },
            vec![
                (
                    Documentation,
                    vec!["Resolve the reviewer's comment on announcement date."],
                ),
                (
                    Metadata,
                    vec![
                        "Resolve the reviewer's comment on long description.",
                        "Resolve the reviewer's comment on icon.",
                    ],
                ),
                (Plans, vec!["Resolve the reviewer's comment on plan lite."]),
                (
                    Iam,
                    vec!["Resolve the reviewer's comment on redirect URIs."],
                ),
                (
                    Broker,
                    vec!["Resolve the reviewer's comment on broker URL."],
                ),
                (
                    LimitedTest,
                    vec!["Resolve the reviewer's comment on test accounts."],
                ),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "a comment on an unknown section stays visible",
            |f| f.open_comments = vec![(s(""), s("pricing-notes"))],
            vec![
                (Metadata, vec!["Resolve the reviewer's comment."]),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
        (
            "a public offering's comment on the working copy",
            |f| {
                f.visibility = Visibility::Public;
                f.open_comments = vec![(s("test accounts"), s("visibility"))];
            },
            vec![(
                LimitedTest,
                vec!["Resolve the reviewer's comment on test accounts."],
            )],
        ),
        (
            "nothing done yet",
            |f| *f = Facts::default(),
            vec![
                (Plans, vec![ADD_PLAN]),
                (Iam, vec![ENABLE_IAM]),
                (Broker, vec![REGISTER_BROKER]),
                (
                    LimitedTest,
                    vec![MAKE_LIMITED, NAME_TEST_ACCOUNT, PASS_SMOKE_TEST],
                ),
                (PublicRelease, vec![FINISH_THEN_REQUEST]),
            ],
        ),
    ]
}

#[test]
fn lines_follow_the_table() {
    let cases = table();
    assert_eq!(cases.len(), 18);
    for (name, change, want) in cases {
        let mut f = complete();
        change(&mut f);
        let want: Vec<(Step, Vec<String>)> = want
            .into_iter()
            .map(|(step, m)| (step, m.into_iter().map(s).collect()))
            .collect();
        assert_eq!(open_lines(&f), want, "{name}");

        let lines = checklist(&f);
        assert_eq!(
            lines.iter().map(|l| l.step).collect::<Vec<_>>(),
            Step::ALL,
            "{name}"
        );
        for l in &lines {
            assert_eq!(l.done, l.missing.is_empty(), "{name}: {:?}", l.step);
        }
        // Public readiness is exactly the lines before the release.
        let public: Vec<String> = open_lines(&f)
            .into_iter()
            .filter(|(step, _)| *step != Step::PublicRelease)
            .flat_map(|(_, m)| m)
            .collect();
        assert_eq!(messages(&readiness(&f).public_missing), public, "{name}");
    }
}

#[test]
fn readiness_for_limited_needs_metadata_a_plan_and_a_validated_broker() {
    type Case = (&'static str, Change, Vec<&'static str>);
    let cases: [Case; 8] = [
        ("complete", |_| {}, vec![]),
        (
            "draft: no test yet, but limited is fine",
            |f| {
                f.visibility = Visibility::Draft;
                f.test_accounts = 0;
                f.smoke_test_passed = false;
            },
            vec![],
        ),
        (
            "docs and IAM do not matter for limited",
            |f| {
                f.docs_missing = vec![Gap::new(GapCode::WriteAnnouncement)];
                f.iam_enabled = false;
            },
            vec![],
        ),
        (
            "comments do not matter for limited",
            |f| {
                f.open_comments = vec![(s("icon"), s("media"))];
            },
            vec![],
        ),
        (
            "metadata",
            |f| f.metadata_missing = vec![Gap::at(GapCode::FillEnglish, "display_name")],
            vec!["Fill in the English display name (Catalog text)."],
        ),
        ("no plan", |f| f.plan_count = 0, vec![ADD_PLAN]),
        (
            "broker",
            |f| f.broker_validated = false,
            vec![VALIDATE_BROKER],
        ),
        (
            "everything",
            |f| *f = Facts::default(),
            vec![ADD_PLAN, REGISTER_BROKER],
        ),
    ];
    for (name, change, want) in cases {
        let mut f = complete();
        change(&mut f);
        assert_eq!(messages(&readiness(&f).limited_missing), want, "{name}");
    }
}

#[test]
fn public_readiness_examples() {
    let r = readiness(&complete());
    assert!(r.ready_for_limited() && r.ready_for_public());

    let mut f = complete();
    f.iam_enabled = false;
    f.open_comments = vec![(s("short description"), s("text/en"))];
    assert_eq!(
        messages(&readiness(&f).public_missing),
        [
            "Resolve the reviewer's comment on short description.",
            ENABLE_IAM
        ]
    );

    // A public offering's change request is not held up by the past test.
    let mut f = complete();
    f.visibility = Visibility::Public;
    f.test_accounts = 0;
    assert!(readiness(&f).ready_for_public());
}

#[test]
fn progress_in_percent() {
    let lines_with = |done: usize, total: usize| -> Vec<Line> {
        (0..total)
            .map(|i| Line {
                step: Step::ALL[i % Step::ALL.len()],
                done: i < done,
                missing: vec![],
            })
            .collect()
    };
    let cases: [(usize, usize, u8); 7] = [
        (0, 7, 0),
        (1, 7, 14),
        (6, 7, 85),
        (7, 7, 100),
        (0, 0, 100),
        (3, 4, 75),
        (1, 3, 33),
    ];
    for (done, total, want) in cases {
        assert_eq!(progress(&lines_with(done, total)), want, "{done}/{total}");
    }
    assert_eq!(progress(&checklist(&complete())), 87);
    let mut public = complete();
    public.visibility = Visibility::Public;
    assert_eq!(progress(&checklist(&public)), 100);
    assert_eq!(progress(&checklist(&Facts::default())), 37);
}

#[test]
fn steps_keys_and_sections() {
    let keys: Vec<&str> = Step::ALL.iter().map(|s| s.key()).collect();
    assert_eq!(
        keys,
        [
            "announcement",
            "text",
            "plans",
            "iam",
            "support",
            "brokers",
            "visibility",
            "visibility"
        ]
    );
    for step in Step::ALL {
        assert_eq!(step.as_str().parse::<Step>(), Ok(step));
        assert!(!step.english().is_empty());
    }
    assert!("release".parse::<Step>().is_err());
    let sections: [(&str, Option<Step>); 12] = [
        ("announcement", Some(Step::Documentation)),
        ("basics", Some(Step::Metadata)),
        ("text", Some(Step::Metadata)),
        ("text/pt-BR", Some(Step::Metadata)),
        ("text:en", Some(Step::Metadata)),
        ("media", Some(Step::Metadata)),
        ("plans.lite", Some(Step::Plans)),
        ("iam", Some(Step::Iam)),
        ("brokers", Some(Step::Broker)),
        (" visibility ", Some(Step::LimitedTest)),
        ("history", None),
        ("", None),
    ];
    for (section, want) in sections {
        assert_eq!(Step::for_section(section), want, "{section:?}");
    }
    // Every step but the release can be reached by a comment on its own tab.
    for step in &Step::ALL[..Step::ALL.len() - 1] {
        assert_eq!(Step::for_section(step.key()), Some(*step));
    }
    let line = &checklist(&complete())[3];
    assert_eq!((line.step, line.key()), (Step::Iam, "iam"));
}
