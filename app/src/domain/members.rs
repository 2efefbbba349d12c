//! The members of a provider organisation (SPEC §1): the rule that an organisation always
//! keeps an owner. Who may change the list (owners; editors and viewers read it) is the one
//! access check's (`Need::OrgRole`). No I/O; table-tested in `members_tests.rs`.

use super::access::OrgRole;
use serde::{Deserialize, Serialize};

/// What an owner does to a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberChange {
    SetRole(OrgRole),
    Remove,
}

/// Why a change of the member list is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRefusal {
    /// The change would leave the organisation without an owner.
    LastOwner,
    /// The role is already the member's.
    Unchanged,
}

impl MemberRefusal {
    pub fn english(self) -> &'static str {
        match self {
            MemberRefusal::LastOwner => {
                "This is the organisation's last owner: make another member owner first."
            }
            MemberRefusal::Unchanged => "The member already has this role.",
        }
    }
}

/// Whether `change` may be applied to a member whose role is `current`, in an organisation
/// with `owners` owners now.
pub fn check(current: OrgRole, owners: i64, change: MemberChange) -> Result<(), MemberRefusal> {
    let stays_owner = change == MemberChange::SetRole(OrgRole::Owner);
    if change == MemberChange::SetRole(current) {
        return Err(MemberRefusal::Unchanged);
    }
    if current == OrgRole::Owner && !stays_owner && owners <= 1 {
        return Err(MemberRefusal::LastOwner);
    }
    Ok(())
}

#[cfg(test)]
#[path = "members_tests.rs"]
mod tests;
