//! What the readiness rules and a request's snapshot are computed from: the checklist facts of
//! an offering and its brokers as a request freezes them.

use super::server::section_of;
use crate::domain::broker::BrokerSnapshot;
use crate::domain::checklist::Facts;
use crate::domain::offering::OfferingDocument;
use crate::error::AppError;
use crate::offerings::db::OfferingRow;

/// The checklist facts of `doc` as the offering `row` (its test accounts, comments, icon).
pub async fn facts_for(
    pool: &sqlx::SqlitePool,
    row: &OfferingRow,
    doc: &OfferingDocument,
) -> Result<Facts, AppError> {
    let has_icon = crate::offerings::db::icon_stamp(pool, &row.id)
        .await?
        .is_some();
    let mut facts = crate::domain::catalog::document_facts(row.visibility, doc, has_icon);
    facts.test_accounts = super::db::test_accounts(pool, &row.id).await?.len();
    facts.open_comments = super::db::open_field_comments(pool, &row.id)
        .await?
        .into_iter()
        .filter_map(|c| c.field)
        .map(|f| {
            let section = section_of(&f);
            (f, section)
        })
        .collect();
    if let Some(live) = &row.live {
        use crate::domain::gap::{Gap, GapCode};
        let today = crate::context::today();
        facts.prices_missing =
            crate::domain::price_schedule::short_notice(&live.plans, &doc.plans, today)
                .into_iter()
                .map(|(plan, _)| Gap::at(GapCode::MovePriceChange, &plan.name))
                .collect();
    }
    facts.iam_enabled = doc.iam.enabled;
    if doc.iam.enabled {
        let has_client = crate::iam::server::has_sso_client(pool, &row.id).await?;
        facts.iam_missing = crate::domain::iam::checklist_missing(&row.name, &doc.iam, has_client);
    }
    let brokers = crate::brokers::service::broker_readiness(pool, &row.id).await?;
    facts.brokers_registered = brokers.registered;
    facts.broker_validated = brokers.validated;
    facts.smoke_test_passed = brokers.smoke_passed;
    Ok(facts)
}

/// The offering's brokers as a request freezes them: no credential, the latest runs.
pub(super) async fn broker_snapshots(
    pool: &sqlx::SqlitePool,
    offering_id: &str,
) -> Result<Vec<BrokerSnapshot>, AppError> {
    let mut out = Vec::new();
    for b in crate::brokers::db::list(pool, offering_id).await? {
        let runs = crate::brokers::db::latest_runs(pool, &b.id).await?;
        let latest = |kind: &str| {
            runs.iter()
                .find(|r| r.kind == kind)
                .map(|r| (r.status.clone(), r.started_at.clone()))
        };
        out.push(BrokerSnapshot {
            validation: latest("validate"),
            smoke_test: latest("smoke"),
            name: b.name,
            url: b.url,
            api_version: b.api_version,
            locations: b.locations,
        });
    }
    Ok(out)
}
