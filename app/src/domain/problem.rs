//! What is wrong with one field of a form (`Problem`, worded by variant in
//! `components::form::problem_text`) and where (`FieldProblem`): shared by every form's rules
//! (offering, plan, parameters, support, audit filter).

use serde::{Deserialize, Serialize};

/// What is wrong with a field, independent of the language it is said in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    NamePattern,
    TagPattern,
    NotAUrl,
    NotEmailOrUrl,
    UnknownChoice,
    NotADate,
    /// Another offering on the platform already has this name.
    NameTaken,
    /// Another plan of the same offering already has this name.
    PlanNameTaken,
    NotAnEmail,
    NotAPhone,
    NotATime,
    ClosesBeforeOpens,
    /// A response target of 0, or over 30 days.
    TargetOutOfRange,
    /// A more severe case would wait longer than a less severe one.
    TargetOrder,
    /// A date range whose end comes before its start.
    RangeReversed,
    /// Not a number (a parameter's bound or default).
    NotANumber,
    /// A value outside its bounds.
    OutOfRange(Box<Bounds>),
    /// A parameter's maximum below its minimum.
    MaximumBelowMinimum,
    /// An option list with fewer than two options.
    TooFewOptions,
    /// An option listed twice.
    RepeatedOption,
    /// A parameter name that is not `^[a-z][a-z0-9_]{0,62}$`.
    ParameterNamePattern,
    /// Another parameter of the plan already has this name.
    ParameterNameTaken,
    /// A new price change dated today or earlier.
    PriceDateNotFuture,
    /// A public offering's price change not on the first day of a month.
    PriceDateNotFirst,
    /// A public offering's price change less than 30 days ahead.
    PriceNoticeTooShort {
        #[serde(with = "super::price_schedule::iso_date")]
        earliest: time::Date,
    },
    /// Two price changes on one date.
    PriceDateTwice,
    /// A price change with another pricing type or other metrics than the plan's.
    PriceChangeShape,
    /// A public offering's prices in force today changed without a date.
    PriceChangeNeedsDate,
    /// A public offering's price version already in force changed or removed.
    PriceHistoryFixed,
}

impl Problem {
    /// The English wording; the UI translates by variant.
    pub fn english(&self) -> String {
        match self {
            Problem::Required => "This field is required.".into(),
            Problem::TooLong { max } => format!("Use at most {max} characters."),
            Problem::TooMany { max } => format!("Use at most {max} entries."),
            Problem::NamePattern => {
                "Use 3–64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
                    .into()
            }
            Problem::TagPattern => {
                "Tags use lowercase letters, digits, '-', '.', '_' and start with a letter or digit.".into()
            }
            Problem::NotAUrl => "Enter a full web address starting with https:// or http://.".into(),
            Problem::NotEmailOrUrl => "Enter a web address or an e-mail address.".into(),
            Problem::UnknownChoice => "Choose one of the listed values.".into(),
            Problem::NotADate => "Enter a date as YYYY-MM-DD.".into(),
            Problem::NameTaken => "This name is already used by another offering on the platform. Choose another.".into(),
            Problem::PlanNameTaken => "Another plan of this offering already has this name. Choose another.".into(),
            Problem::NotAnEmail => "Enter an e-mail address such as support@example.com.".into(),
            Problem::NotAPhone => "Enter the number with its country code, such as +49 30 1234567.".into(),
            Problem::NotATime => "Enter a time as HH:MM, such as 08:30.".into(),
            Problem::ClosesBeforeOpens => "Support must close after it opens on the same day.".into(),
            Problem::TargetOutOfRange => "Enter a whole number from 1 minute to 30 days.".into(),
            Problem::TargetOrder => "A more severe case cannot wait longer than a less severe one.".into(),
            Problem::RangeReversed => "The last day cannot come before the first day.".into(),
            Problem::NotANumber => "Enter a number, such as 10.".into(),
            Problem::OutOfRange(b) => match (b.min.is_empty(), b.max.is_empty()) {
                (false, false) => format!("Enter a value from {} to {}.", b.min, b.max),
                (false, true) => format!("Enter a value of at least {}.", b.min),
                _ => format!("Enter a value of at most {}.", b.max),
            },
            Problem::MaximumBelowMinimum => "The maximum cannot be below the minimum.".into(),
            Problem::TooFewOptions => "List at least two options, one per line.".into(),
            Problem::RepeatedOption => "Each option can be listed only once.".into(),
            Problem::ParameterNamePattern => {
                "Use up to 63 lowercase letters, digits and underscores, starting with a letter.".into()
            }
            Problem::ParameterNameTaken => "Another parameter of this plan already has this name.".into(),
            Problem::PriceDateNotFuture => "Choose a date after today; to change the prices now, leave the date empty.".into(),
            Problem::PriceDateNotFirst => "A public offering's prices change on the first day of a month.".into(),
            Problem::PriceNoticeTooShort { earliest } => format!(
                "A public offering gives 30 days' notice of a price change: the earliest date is {}.",
                super::price_schedule::date_text(*earliest)
            ),
            Problem::PriceDateTwice => "Another price change already starts on this date.".into(),
            Problem::PriceChangeShape => "A price change keeps the plan's pricing type and metrics; for another model of charging, add a plan.".into(),
            Problem::PriceChangeNeedsDate => "A public offering's prices change on a scheduled date: choose the first day of a month at least 30 days ahead.".into(),
            Problem::PriceHistoryFixed => "Prices already in force are kept as they were; schedule a change instead.".into(),
        }
    }
}

/// The bounds a value is outside of, as the provider typed them (either may be empty: no
/// bound on that side). Boxed in `Problem` to keep every field error small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub min: String,
    pub max: String,
}

impl Problem {
    /// `OutOfRange` between `min` and `max` (either may be empty).
    pub fn out_of_range(min: impl Into<String>, max: impl Into<String>) -> Problem {
        Problem::OutOfRange(Box::new(Bounds {
            min: min.into(),
            max: max.into(),
        }))
    }
}

/// A problem attached to a field path such as `basics.tags` or `texts.de.display_name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}
