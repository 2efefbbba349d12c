//! Who may do what: organisation roles, platform roles and the one rule that decides.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A member's role inside a provider organisation (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrgRole {
    Viewer,
    Editor,
    Owner,
}

impl OrgRole {
    pub const ALL: [OrgRole; 3] = [OrgRole::Owner, OrgRole::Editor, OrgRole::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "owner",
            OrgRole::Editor => "editor",
            OrgRole::Viewer => "viewer",
        }
    }
}

impl fmt::Display for OrgRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "owner" => Ok(OrgRole::Owner),
            "editor" => Ok(OrgRole::Editor),
            "viewer" => Ok(OrgRole::Viewer),
            other => Err(format!("unknown organisation role `{other}`")),
        }
    }
}

/// A membership as the signed-in user carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub organisation_id: String,
    pub organisation_name: String,
    pub role: OrgRole,
}

/// The signed-in person, as every authorization decision sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub is_reviewer: bool,
    pub memberships: Vec<Membership>,
}

/// What an action needs from its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Anyone signed in (e.g. the catalog, the dashboard).
    SignedIn,
    /// Platform administrators (users, organisations, the reviewer role).
    Admin,
    /// Platform reviewers (the review queue).
    Reviewer,
    /// At least `role` in the named organisation.
    OrgRole {
        organisation_id: String,
        at_least: OrgRole,
    },
    /// Any member of the named organisation, or a platform reviewer (what review pages show).
    MemberOrReviewer { organisation_id: String },
}

impl Need {
    /// The organisation this need is about, if it names one.
    pub fn organisation_id(&self) -> Option<&str> {
        match self {
            Need::OrgRole {
                organisation_id, ..
            }
            | Need::MemberOrReviewer { organisation_id } => Some(organisation_id),
            Need::SignedIn | Need::Admin | Need::Reviewer => None,
        }
    }
}

/// Why an action was refused, in words for the person refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Principal {
    pub fn role_in(&self, organisation_id: &str) -> Option<OrgRole> {
        self.memberships
            .iter()
            .find(|m| m.organisation_id == organisation_id)
            .map(|m| m.role)
    }

    /// The single authorization rule every server function and route goes through.
    pub fn check(&self, need: &Need) -> Result<(), Refusal> {
        match need {
            Need::SignedIn => Ok(()),
            Need::Admin if self.is_admin => Ok(()),
            Need::Admin => Err(Refusal(
                "This page is for platform administrators only.".into(),
            )),
            Need::Reviewer if self.is_reviewer => Ok(()),
            Need::Reviewer => Err(Refusal("This page is for reviewers only.".into())),
            Need::OrgRole {
                organisation_id,
                at_least,
            } => match self.role_in(organisation_id) {
                Some(role) if role >= *at_least => Ok(()),
                Some(role) => Err(Refusal(format!(
                    "Your role in this organisation is {role}; this needs {at_least} or higher."
                ))),
                None => Err(Refusal("You are not a member of this organisation.".into())),
            },
            Need::MemberOrReviewer { organisation_id }
                if self.is_reviewer || self.role_in(organisation_id).is_some() =>
            {
                Ok(())
            }
            Need::MemberOrReviewer { .. } => Err(Refusal(
                "Only the organisation's members and reviewers see this.".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(admin: bool, reviewer: bool, role: Option<OrgRole>) -> Principal {
        Principal {
            user_id: "u1".into(),
            email: "p@example.com".into(),
            display_name: "P".into(),
            is_admin: admin,
            is_reviewer: reviewer,
            memberships: role
                .map(|role| Membership {
                    organisation_id: "org".into(),
                    organisation_name: "Org".into(),
                    role,
                })
                .into_iter()
                .collect(),
        }
    }

    fn org(at_least: OrgRole) -> Need {
        Need::OrgRole {
            organisation_id: "org".into(),
            at_least,
        }
    }

    fn member_or_reviewer() -> Need {
        Need::MemberOrReviewer {
            organisation_id: "org".into(),
        }
    }

    #[test]
    fn table_of_needs_by_principal() {
        use OrgRole::*;
        // (admin, reviewer, role in org, need, allowed)
        let cases: Vec<(bool, bool, Option<OrgRole>, Need, bool)> = vec![
            (false, false, None, Need::SignedIn, true),
            (false, false, None, Need::Admin, false),
            (true, false, None, Need::Admin, true),
            (false, true, None, Need::Admin, false),
            (false, false, None, Need::Reviewer, false),
            (false, true, None, Need::Reviewer, true),
            (true, false, None, Need::Reviewer, false),
            (false, false, Some(Owner), org(Owner), true),
            (false, false, Some(Editor), org(Owner), false),
            (false, false, Some(Editor), org(Editor), true),
            (false, false, Some(Viewer), org(Editor), false),
            (false, false, Some(Viewer), org(Viewer), true),
            (false, false, Some(Owner), org(Viewer), true),
            (false, false, None, org(Viewer), false),
            // Platform roles grant nothing inside an organisation.
            (true, true, None, org(Viewer), false),
            // Review pages: members (any role) and reviewers; not admins.
            (false, false, Some(Viewer), member_or_reviewer(), true),
            (false, true, None, member_or_reviewer(), true),
            (false, true, Some(Owner), member_or_reviewer(), true),
            (true, false, None, member_or_reviewer(), false),
            (false, false, None, member_or_reviewer(), false),
        ];
        for (admin, reviewer, role, need, allowed) in cases {
            let p = person(admin, reviewer, role);
            assert_eq!(
                p.check(&need).is_ok(),
                allowed,
                "admin={admin} reviewer={reviewer} role={role:?} need={need:?}"
            );
        }
    }

    #[test]
    fn refusals_say_why() {
        let viewer = person(false, false, Some(OrgRole::Viewer));
        let Refusal(msg) = viewer.check(&org(OrgRole::Editor)).unwrap_err();
        assert_eq!(
            msg,
            "Your role in this organisation is viewer; this needs editor or higher."
        );
    }

    #[test]
    fn needs_name_their_organisation() {
        assert_eq!(org(OrgRole::Viewer).organisation_id(), Some("org"));
        assert_eq!(member_or_reviewer().organisation_id(), Some("org"));
        assert_eq!(Need::Reviewer.organisation_id(), None);
    }

    #[test]
    fn org_role_round_trips_through_its_name() {
        for role in OrgRole::ALL {
            assert_eq!(role.as_str().parse::<OrgRole>(), Ok(role));
        }
        assert!("root".parse::<OrgRole>().is_err());
    }
}
