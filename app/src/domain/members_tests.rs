use super::*;
use crate::domain::access::OrgRole::{Editor, Owner, Viewer};
use MemberChange::{Remove, SetRole};
use MemberRefusal::*;

#[test]
fn owners_change_the_list_and_it_always_keeps_an_owner() {
    let cases: &[(OrgRole, i64, MemberChange, Result<(), MemberRefusal>)] = &[
        (Editor, 1, SetRole(Viewer), Ok(())),
        (Viewer, 1, SetRole(Owner), Ok(())),
        (Editor, 1, Remove, Ok(())),
        // The last owner can be neither demoted nor removed (not even by themself)…
        (Owner, 1, SetRole(Editor), Err(LastOwner)),
        (Owner, 1, SetRole(Viewer), Err(LastOwner)),
        (Owner, 1, Remove, Err(LastOwner)),
        // …one of two can.
        (Owner, 2, SetRole(Editor), Ok(())),
        (Owner, 2, Remove, Ok(())),
        (Owner, 2, SetRole(Owner), Err(Unchanged)),
        (Viewer, 1, SetRole(Viewer), Err(Unchanged)),
    ];
    for &(current, owners, change, want) in cases {
        assert_eq!(
            check(current, owners, change),
            want,
            "{current:?} {owners} {change:?}"
        );
    }
}
