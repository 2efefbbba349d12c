use super::*;
use crate::domain::support_form::{SupportForm, TypedTarget};

fn complete() -> SupportModel {
    SupportModel {
        site_url: "https://support.acme.example".into(),
        email: "help@acme.example".into(),
        phone: "+49 30 1234567".into(),
        coverage: Some(Coverage::BusinessHours),
        days: ["mon", "tue", "wed", "thu", "fri"]
            .map(String::from)
            .to_vec(),
        opens: "08:00".into(),
        closes: "18:00".into(),
        time_zone: "Europe/Berlin".into(),
        languages: vec!["en".into(), "de".into()],
        escalation_name: "Duty manager".into(),
        escalation_email: "escalate@acme.example".into(),
        targets: [
            (Severity::Critical, 60),
            (Severity::High, 240),
            (Severity::Medium, 1440),
            (Severity::Low, 2880),
        ]
        .into(),
    }
}

fn fields(problems: Vec<FieldProblem>) -> Vec<(String, Problem)> {
    problems.into_iter().map(|p| (p.field, p.problem)).collect()
}

#[test]
fn a_complete_model_has_no_problem_and_nothing_missing() {
    let m = complete();
    assert_eq!(m.problems(), vec![]);
    assert_eq!(m.missing(), Vec::<String>::new());
    assert_eq!(m.gaps(), vec![]);
}

#[test]
fn phones_follow_e164() {
    let table = [
        ("+49 30 1234567", true),
        ("+1 (555) 010-2000", true),
        ("+44.20.7946.0958", true),
        ("030 1234567", false),
        ("+", false),
        ("+12345", false),
        ("+1234567890123456", false),
        ("+49 30 CALL-ME", false),
        ("+ 49 30 1234567", false),
    ];
    for (phone, ok) in table {
        assert_eq!(validate_phone(phone).is_ok(), ok, "{phone}");
    }
}

#[test]
fn times_are_hh_mm() {
    let table = [
        ("00:00", Ok(0)),
        ("08:30", Ok(510)),
        ("23:59", Ok(1439)),
        ("24:00", Err(Problem::NotATime)),
        ("8:30", Err(Problem::NotATime)),
        ("08:60", Err(Problem::NotATime)),
        ("0830", Err(Problem::NotATime)),
        ("+8:30", Err(Problem::NotATime)),
    ];
    for (value, want) in table {
        assert_eq!(minutes_of_day(value), want, "{value}");
    }
}

#[test]
fn each_broken_rule_names_its_field() {
    let m = SupportModel {
        site_url: "javascript:alert(1)".into(),
        email: "help desk".into(),
        phone: "12345".into(),
        days: vec!["mon".into(), "someday".into()],
        opens: "18:00".into(),
        closes: "08:00".into(),
        time_zone: "Mars/Olympus".into(),
        languages: vec!["tlh".into()],
        escalation_name: "x".repeat(81),
        escalation_email: "nobody".into(),
        targets: [
            (Severity::Critical, 240),
            (Severity::High, 60),
            (Severity::Medium, 0),
            (Severity::Low, MAX_TARGET_MINUTES + 1),
        ]
        .into(),
        ..SupportModel::default()
    };
    assert_eq!(
        fields(m.problems()),
        vec![
            ("site_url".into(), Problem::NotAUrl),
            ("email".into(), Problem::NotAnEmail),
            ("escalation_email".into(), Problem::NotAnEmail),
            ("phone".into(), Problem::NotAPhone),
            ("escalation_name".into(), Problem::TooLong { max: MAX_NAME }),
            ("days".into(), Problem::UnknownChoice),
            ("time_zone".into(), Problem::UnknownChoice),
            ("closes".into(), Problem::ClosesBeforeOpens),
            ("languages".into(), Problem::UnknownChoice),
            ("targets.high".into(), Problem::TargetOrder),
            ("targets.medium".into(), Problem::TargetOutOfRange),
            ("targets.low".into(), Problem::TargetOutOfRange),
        ]
    );
}

#[test]
fn order_is_checked_against_the_slowest_more_severe_target() {
    // Critical 4 h, high unset, medium 1 h: medium waits less than critical.
    let m = SupportModel {
        targets: [(Severity::Critical, 240), (Severity::Medium, 60)].into(),
        ..complete()
    };
    assert_eq!(
        fields(m.problems()),
        vec![("targets.medium".into(), Problem::TargetOrder)]
    );
    let equal = SupportModel {
        targets: [(Severity::Critical, 60), (Severity::High, 60)].into(),
        ..complete()
    };
    assert_eq!(equal.problems(), vec![]);
}

#[test]
fn what_public_visibility_needs() {
    assert_eq!(
        SupportModel::default().missing(),
        [
            "site_url",
            "email",
            "coverage",
            "languages",
            "escalation_email",
            "targets.critical",
            "targets.high",
            "targets.medium",
            "targets.low"
        ]
        .map(String::from)
        .to_vec()
    );
    let business = SupportModel {
        coverage: Some(Coverage::BusinessHours),
        days: vec![],
        opens: String::new(),
        ..complete()
    };
    assert_eq!(business.missing(), vec!["days", "opens"]);
    // Around the clock needs no days, hours or time zone.
    let always = SupportModel {
        coverage: Some(Coverage::Always),
        days: vec![],
        opens: String::new(),
        closes: String::new(),
        time_zone: String::new(),
        phone: String::new(),
        escalation_name: String::new(),
        ..complete()
    };
    assert_eq!(always.missing(), Vec::<String>::new());
    let gaps = SupportModel {
        email: "nope".into(),
        site_url: String::new(),
        ..complete()
    }
    .gaps();
    assert_eq!(
        gaps,
        vec![
            Gap::at(GapCode::FillSupport, "site_url"),
            Gap::at(GapCode::FixSupport, "email")
        ]
    );
}

#[test]
fn trimmed_orders_days_and_languages_and_drops_spaces() {
    let m = SupportModel {
        email: "  help@acme.example ".into(),
        days: vec!["fri".into(), " mon".into(), "wed".into()],
        languages: vec!["pt-BR".into(), "en".into(), "xx".into()],
        ..SupportModel::default()
    }
    .trimmed();
    assert_eq!(m.email, "help@acme.example");
    assert_eq!(m.days, vec!["mon", "wed", "fri"]);
    assert_eq!(m.languages, vec!["en", "pt-BR", "xx"]);
}

#[test]
fn targets_in_their_largest_whole_unit() {
    let table = [
        (1, (1, TargetUnit::Minutes)),
        (90, (90, TargetUnit::Minutes)),
        (120, (2, TargetUnit::Hours)),
        (1440, (1, TargetUnit::Days)),
        (1500, (25, TargetUnit::Hours)),
        (0, (0, TargetUnit::Minutes)),
    ];
    for (minutes, want) in table {
        assert_eq!(target_in_unit(minutes), want, "{minutes}");
    }
}

#[test]
fn targets_as_typed() {
    let table = [
        ("", "hours", Ok(None)),
        ("  ", "nonsense", Ok(None)),
        ("4", "hours", Ok(Some(240))),
        ("15", "minutes", Ok(Some(15))),
        ("2", "days", Ok(Some(2880))),
        ("1.5", "hours", Err(Problem::TargetOutOfRange)),
        ("-1", "hours", Err(Problem::TargetOutOfRange)),
        ("four", "hours", Err(Problem::TargetOutOfRange)),
        ("4", "weeks", Err(Problem::UnknownChoice)),
        ("4000000000", "days", Err(Problem::TargetOutOfRange)),
    ];
    for (value, unit, want) in table {
        assert_eq!(parse_target(value, unit), want, "{value} {unit}");
    }
}

#[test]
fn days_as_runs() {
    let d = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        day_runs(&d(&["mon", "tue", "wed", "thu", "fri"])),
        vec![("mon", "fri")]
    );
    assert_eq!(
        day_runs(&d(&["fri", "mon", "tue", "sun"])),
        vec![("mon", "tue"), ("fri", "fri"), ("sun", "sun")]
    );
    assert_eq!(day_runs(&[]), vec![]);
}

#[test]
fn the_form_round_trips_the_model() {
    let m = complete();
    let form = SupportForm::from_model(&m);
    assert_eq!(form.targets[1].value, "4");
    assert_eq!(form.targets[1].unit, "hours");
    assert_eq!(form.model(), Ok(m));
}

#[test]
fn a_form_value_that_is_not_a_value_is_refused_by_field() {
    let form = SupportForm {
        coverage: "weekends".into(),
        targets: vec![
            TypedTarget {
                value: "soon".into(),
                unit: "hours".into(),
            },
            TypedTarget::default(),
        ],
        ..SupportForm::default()
    };
    let problems = fields(form.model().unwrap_err());
    assert_eq!(
        problems,
        vec![
            ("coverage".into(), Problem::UnknownChoice),
            ("targets.critical".into(), Problem::TargetOutOfRange),
        ]
    );
}

#[test]
fn a_posted_form_is_read_back_as_typed() {
    let posted: Vec<(String, String)> = [
        ("email", "help@acme.example"),
        ("coverage", "business_hours"),
        ("days[0]", "mon"),
        ("days[4]", "fri"),
        ("languages[1]", "de"),
        ("targets[0]", "soon"),
        ("units[0]", "hours"),
        ("targets[3]", "2"),
        ("units[3]", "days"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .to_vec();
    let form = SupportForm::from_posted(&posted);
    assert_eq!(form.email, "help@acme.example");
    assert_eq!(form.days, vec!["mon", "fri"]);
    assert_eq!(form.languages, vec!["de"]);
    assert_eq!(form.targets[0].value, "soon");
    assert_eq!(form.targets[3].unit, "days");
    assert_eq!(form.targets[1], TypedTarget::default());
}
