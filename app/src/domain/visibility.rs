//! An offering's visibility state (SPEC §6). Transitions land with the review issue.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Draft,
    Limited,
    InReview,
    Public,
    Deprecated,
    Retired,
}

impl Visibility {
    pub const ALL: [Visibility; 6] = [
        Visibility::Draft,
        Visibility::Limited,
        Visibility::InReview,
        Visibility::Public,
        Visibility::Deprecated,
        Visibility::Retired,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Draft => "draft",
            Visibility::Limited => "limited",
            Visibility::InReview => "in_review",
            Visibility::Public => "public",
            Visibility::Deprecated => "deprecated",
            Visibility::Retired => "retired",
        }
    }

    /// Only a draft may be deleted; anything that was ever visible stays on record.
    pub fn may_delete(self) -> bool {
        self == Visibility::Draft
    }

    /// The programmatic name is frozen once an offering has been public.
    pub fn name_is_frozen(self) -> bool {
        matches!(
            self,
            Visibility::Public | Visibility::Deprecated | Visibility::Retired
        )
    }
}

impl FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown visibility `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rules() {
        for v in Visibility::ALL {
            assert_eq!(v.as_str().parse::<Visibility>(), Ok(v));
            assert_eq!(v.may_delete(), v == Visibility::Draft);
        }
        assert!("archived".parse::<Visibility>().is_err());
        assert!(Visibility::Public.name_is_frozen() && !Visibility::Limited.name_is_frozen());
    }
}
