//! The conformance report of the Brokers tab: each check with its strength, result and reason,
//! and under it what was sent, what came back, the spec's sentence and how to fix a failure.

use super::server::{CheckOutcome, RunView};
use crate::components::said::{said, said_view};
use crate::domain::broker::conformance_check;
use crate::i18n::*;
use leptos::prelude::*;

/// MUST, SHOULD, MAY (RFC 2119) as the page's language says them; anything else as stored.
fn strength_word(i18n: leptos_i18n::I18nContext<Locale>, strength: &str) -> String {
    match strength {
        "MUST" => t_string!(i18n, strength_must).to_string(),
        "SHOULD" => t_string!(i18n, strength_should).to_string(),
        "MAY" => t_string!(i18n, strength_may).to_string(),
        other => other.to_owned(),
    }
}

/// A conformance report: each check with its strength and reason.
pub(super) fn conformance_report(
    i18n: leptos_i18n::I18nContext<Locale>,
    run: RunView,
) -> impl IntoView {
    let r = run.result;
    let running = run.status == "running";
    let done = r.checks.len();
    let planned = r.planned_steps.max(done).max(1);
    view! {
        <div class="conformance-block" data-testid="conformance-run" data-status=run.status.clone()>
            <h4>{t!(i18n, broker_conformance_report)} " " {super::pages::status_badge(i18n, &run.status)}</h4>
            {running.then(|| view! {
                <progress max=planned value=done aria-label=move || t_string!(i18n, broker_progress).to_string()></progress>
            })}
            <crate::components::layout::ScrollRegion label=move || t_string!(i18n, broker_conformance_report).to_string()>
                <table class="data-table conformance">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, broker_check)}</th>
                            <th scope="col">{t!(i18n, broker_strength)}</th>
                            <th scope="col">{t!(i18n, broker_result)}</th>
                            <th scope="col">{t!(i18n, broker_reason)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.checks.into_iter().map(|c| {
                            let result = if c.skipped {
                                view! { <span class="badge">{t!(i18n, broker_skipped)}</span> }.into_any()
                            } else if c.passed {
                                view! { <span class="badge badge-ok">{t!(i18n, broker_passed)}</span> }.into_any()
                            } else {
                                view! { <span class="badge badge-fail">{t!(i18n, broker_failed)}</span> }.into_any()
                            };
                            let details = check_details(i18n, &c);
                            view! {
                                <tr>
                                    <td>{said(i18n, &c.title)}<div class="muted"><code>{c.id}</code></div></td>
                                    <td><span class="tag" data-strength=c.strength.clone()>{strength_word(i18n, &c.strength)}</span></td>
                                    <td>{result}</td>
                                    <td>{said_view(i18n, &c.reason)}{details}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::components::layout::ScrollRegion>
        </div>
    }
}

/// The requests of a check and their answers, the spec sentence it rests on (quoted in the
/// spec's own English) and, when it failed, how to fix the broker.
fn check_details(i18n: leptos_i18n::I18nContext<Locale>, c: &CheckOutcome) -> impl IntoView {
    let check = conformance_check(&c.id);
    let failed = !c.passed && !c.skipped;
    let exchanges = c.exchanges.clone();
    (check.is_some() || !exchanges.is_empty()).then(|| {
        view! {
            <details class="check-details" open=failed>
                <summary>{t!(i18n, broker_check_details)}</summary>
                {(!exchanges.is_empty()).then(|| view! {
                    <ol class="exchanges">
                        {exchanges.into_iter().map(|e| view! {
                            <li>
                                <span class="exchange-label">{t!(i18n, broker_sent)}</span>
                                <pre><code>{e.sent}</code></pre>
                                <span class="exchange-label">{t!(i18n, broker_received)}</span>
                                <pre><code>{e.received}</code></pre>
                            </li>
                        }).collect_view()}
                    </ol>
                })}
                {check.map(|check| view! {
                    <p class="exchange-label">{t!(i18n, broker_spec_says)}</p>
                    <blockquote lang="en" class="spec-quote">{check.spec}</blockquote>
                    {failed.then(|| view! {
                        <p class="check-fix"><strong>{t!(i18n, broker_how_to_fix)}</strong>" "{said(i18n, check.fix)}</p>
                    })}
                })}
            </details>
        }
    })
}
