//! An offering's checklist (SPEC §7): one line per step of the process, computed from facts.

use super::gap::{Gap, GapCode};
use super::visibility::{Readiness, Visibility};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What the checklist is computed from; the caller gathers it from the offering's aggregates.
/// Every `*_missing` entry is a gap a provider can act on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub visibility: Visibility,
    /// Documentation URL, marketing announcement and the like.
    pub docs_missing: Vec<Gap>,
    /// Required catalog metadata: the basics and the English text (other languages fall back).
    pub metadata_missing: Vec<Gap>,
    pub plan_count: usize,
    /// Price changes of a released offering that no longer give notice (one gap per plan).
    #[serde(default)]
    pub prices_missing: Vec<Gap>,
    pub iam_enabled: bool,
    /// What the IAM set-up still lacks (single sign-on client, redirect URIs, …).
    pub iam_missing: Vec<Gap>,
    /// What the support model still lacks or gets wrong (`SupportModel::gaps`).
    pub support_missing: Vec<Gap>,
    pub brokers_registered: usize,
    /// The last validation of a registered broker matched the console's definition.
    pub broker_validated: bool,
    /// Accounts on the limited-visibility allowlist.
    pub test_accounts: usize,
    pub smoke_test_passed: bool,
    /// Unresolved per-field review comments: (field, section key of the editor tab).
    pub open_comments: Vec<(String, String)>,
}

/// One step of the process (the seeds' overview), in order.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ChecklistStep))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Documentation,
    Metadata,
    Plans,
    Iam,
    Support,
    Broker,
    LimitedTest,
    PublicRelease,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Documentation,
        Step::Metadata,
        Step::Plans,
        Step::Iam,
        Step::Support,
        Step::Broker,
        Step::LimitedTest,
        Step::PublicRelease,
    ];

    /// Stable name (API, translation keys).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Documentation => "documentation",
            Step::Metadata => "metadata",
            Step::Plans => "plans",
            Step::Iam => "iam",
            Step::Support => "support",
            Step::Broker => "broker",
            Step::LimitedTest => "limited_test",
            Step::PublicRelease => "public_release",
        }
    }

    /// The offering tab the line links to (`/offerings/:id/<key>`; `text` takes a language).
    pub fn key(self) -> &'static str {
        match self {
            Step::Documentation => "announcement",
            Step::Metadata => "text",
            Step::Plans => "plans",
            Step::Iam => "iam",
            Step::Support => "support",
            Step::Broker => "brokers",
            Step::LimitedTest | Step::PublicRelease => "visibility",
        }
    }

    /// English title (the UI translates its own).
    pub fn english(self) -> &'static str {
        match self {
            Step::Documentation => "Documentation and announcement",
            Step::Metadata => "Catalog metadata",
            Step::Plans => "Plans and pricing",
            Step::Iam => "IAM",
            Step::Support => "Support model",
            Step::Broker => "Broker registered and validated",
            Step::LimitedTest => "Limited-visibility test",
            Step::PublicRelease => "Public release",
        }
    }

    /// The step whose line a review comment on `section` keeps open. The section is an editor
    /// tab's key; anything after `/`, `:` or `.` (a language, a sub-field) is ignored.
    pub fn for_section(section: &str) -> Option<Step> {
        let head = section
            .trim()
            .split(['/', ':', '.'])
            .next()
            .unwrap_or_default();
        match head {
            "announcement" => Some(Step::Documentation),
            "basics" | "text" | "media" => Some(Step::Metadata),
            "plans" => Some(Step::Plans),
            "iam" => Some(Step::Iam),
            "support" => Some(Step::Support),
            "brokers" => Some(Step::Broker),
            "visibility" => Some(Step::LimitedTest),
            _ => None,
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Step {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Step::ALL
            .into_iter()
            .find(|step| step.as_str() == s)
            .ok_or_else(|| format!("unknown checklist step `{s}`"))
    }
}

/// One line of the checklist: done exactly when nothing is missing.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ChecklistLine))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub step: Step,
    pub done: bool,
    pub missing: Vec<Gap>,
}

impl Line {
    /// The tab to deep-link to.
    pub fn key(&self) -> &'static str {
        self.step.key()
    }
}

/// What a step's own rules say is missing, without review comments.
fn own_missing(f: &Facts, step: Step) -> Vec<Gap> {
    let mut out: Vec<Gap> = Vec::new();
    let mut add = |code: GapCode| out.push(Gap::new(code));
    match step {
        Step::Documentation => return f.docs_missing.clone(),
        Step::Metadata => return f.metadata_missing.clone(),
        Step::Plans => {
            if f.plan_count == 0 {
                add(GapCode::AddPlan);
            }
            out.extend(f.prices_missing.iter().cloned());
        }
        Step::Iam if !f.iam_enabled => add(GapCode::EnableIam),
        Step::Iam => return f.iam_missing.clone(),
        Step::Support => return f.support_missing.clone(),
        Step::Broker => {
            if f.brokers_registered == 0 {
                add(GapCode::RegisterBroker);
            } else if !f.broker_validated {
                add(GapCode::ValidateBroker);
            }
        }
        // Once released, the test in limited visibility lies behind the offering: removing test
        // accounts later must not block its change requests.
        Step::LimitedTest if f.visibility.has_been_public() => {}
        Step::LimitedTest => {
            if f.visibility == Visibility::Draft {
                add(GapCode::MakeLimited);
            }
            if f.test_accounts == 0 {
                add(GapCode::NameTestAccount);
            }
            if !f.smoke_test_passed {
                add(GapCode::PassSmokeTest);
            }
        }
        Step::PublicRelease => {}
    }
    out
}

/// Review comments keep the line of their section's step open; a comment on an unknown section
/// is shown with the catalog metadata rather than lost.
fn comment_missing(f: &Facts, step: Step) -> Vec<Gap> {
    f.open_comments
        .iter()
        .filter(|(_, section)| Step::for_section(section).unwrap_or(Step::Metadata) == step)
        .map(|(field, _)| Gap::at(GapCode::ResolveComment, field))
        .collect()
}

/// Drops repeats, keeping the first occurrence's order.
fn tidy(gaps: impl IntoIterator<Item = Gap>) -> Vec<Gap> {
    let mut out: Vec<Gap> = Vec::new();
    for g in gaps {
        if !out.contains(&g) {
            out.push(g);
        }
    }
    out
}

fn line(step: Step, missing: Vec<Gap>) -> Line {
    Line {
        step,
        done: missing.is_empty(),
        missing,
    }
}

/// The checklist, one line per `Step::ALL`, in order.
pub fn checklist(f: &Facts) -> Vec<Line> {
    let mut lines: Vec<Line> = Step::ALL[..Step::ALL.len() - 1]
        .iter()
        .map(|&step| {
            line(
                step,
                tidy(
                    own_missing(f, step)
                        .into_iter()
                        .chain(comment_missing(f, step)),
                ),
            )
        })
        .collect();
    let release = match f.visibility {
        Visibility::Public | Visibility::Deprecated | Visibility::Retired => Vec::new(),
        Visibility::InReview => vec![Gap::new(GapCode::AwaitReview)],
        Visibility::Draft | Visibility::Limited if lines.iter().all(|l| l.done) => {
            vec![Gap::new(GapCode::RequestPublic)]
        }
        Visibility::Draft | Visibility::Limited => vec![Gap::new(GapCode::FinishThenRequest)],
    };
    lines.push(line(Step::PublicRelease, release));
    lines
}

/// Percent of lines done, rounded down so that 100 means every line is done.
pub fn progress(lines: &[Line]) -> u8 {
    if lines.is_empty() {
        return 100;
    }
    let done = lines.iter().filter(|l| l.done).count();
    (done * 100 / lines.len()) as u8
}

/// What the visibility transitions need. Limited: catalog metadata (English) complete, at least
/// one plan and no plan problems, a broker validated. Public (and change requests): every line
/// but the public release done, including test accounts, the smoke test and review comments.
pub fn readiness(f: &Facts) -> Readiness {
    let limited_missing = tidy(
        [Step::Metadata, Step::Plans, Step::Broker]
            .into_iter()
            .flat_map(|step| own_missing(f, step)),
    );
    let public_missing = tidy(
        checklist(f)
            .into_iter()
            .filter(|l| l.step != Step::PublicRelease)
            .flat_map(|l| l.missing),
    );
    Readiness {
        limited_missing,
        public_missing,
    }
}

#[cfg(test)]
#[path = "checklist_tests.rs"]
mod tests;
