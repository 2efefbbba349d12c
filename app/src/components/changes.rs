//! Field changes as people read them, in their language: the reviewer's diff grouped by part of
//! the document, the History tab's lists and the conflict message. The words come from the
//! locale files; the steps of a path come from `domain::diff`.

use crate::domain::diff::{group, ChangeGroup, FieldChange, Step};
use crate::i18n::*;
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A field key in words, or `None` for a key the locale files do not name.
pub fn field_word(i18n: I18n, key: &str) -> Option<String> {
    let text = match key {
        "provider_display_name" => t_string!(i18n, provider_display_name),
        "category" => t_string!(i18n, category),
        "tags" => t_string!(i18n, tags),
        "regions" => t_string!(i18n, regions),
        "documentation_url" => t_string!(i18n, documentation_url),
        "terms_url" => t_string!(i18n, terms_url),
        "support" => t_string!(i18n, support),
        "display_name" => t_string!(i18n, display_name_field),
        "short_description" => t_string!(i18n, short_description),
        "long_description" => t_string!(i18n, long_description),
        "bullets" => t_string!(i18n, plan_bullets),
        "title" => t_string!(i18n, bullet_title),
        "text" => t_string!(i18n, bullet_text),
        "date" => t_string!(i18n, announcement_date),
        "name" => t_string!(i18n, offering_name),
        "description" => t_string!(i18n, plan_description),
        "limits" => t_string!(i18n, plan_limits),
        "pricing_type" => t_string!(i18n, pricing_type),
        "pricing" => t_string!(i18n, pricing),
        "metrics" => t_string!(i18n, metrics),
        "monthly_fee" => t_string!(i18n, monthly_fee),
        "unit_name" => t_string!(i18n, unit_name_in),
        "unit_quantity" => t_string!(i18n, unit_quantity),
        "model" => t_string!(i18n, pricing_model),
        "free_units" => t_string!(i18n, free_units),
        "up_to" => t_string!(i18n, tier_up_to),
        "unit_price" => t_string!(i18n, unit_price),
        "flat_fee" => t_string!(i18n, flat_fee),
        "enabled" => t_string!(i18n, snapshot_iam_on),
        "redirect_uris" => t_string!(i18n, iam_redirect_uris),
        "issuer" => t_string!(i18n, iam_issuer),
        "custom_roles" => t_string!(i18n, iam_custom_roles),
        "actions" => t_string!(i18n, iam_actions),
        "order" => t_string!(i18n, change_order),
        "icon" => t_string!(i18n, change_icon),
        "removed" => t_string!(i18n, change_icon_removed),
        "test_account" => t_string!(i18n, test_account_email),
        "note" => t_string!(i18n, request_note),
        "body" => t_string!(i18n, comment_body),
        "field" => t_string!(i18n, comment_field),
        "url" => t_string!(i18n, broker_url),
        "auth_kind" => t_string!(i18n, broker_auth),
        "username" => t_string!(i18n, broker_username),
        "api_version" => t_string!(i18n, broker_api_version),
        "locations" => t_string!(i18n, broker_locations),
        "secret_changed" => t_string!(i18n, change_secret_changed),
        "duplicated_from" => t_string!(i18n, change_duplicated_from),
        "bindable" => t_string!(i18n, osb_bindable),
        "plan_updateable" => t_string!(i18n, osb_plan_updateable),
        "instances_retrievable" => t_string!(i18n, osb_instances_retrievable),
        "bindings_retrievable" => t_string!(i18n, osb_bindings_retrievable),
        _ => return None,
    };
    Some(text.to_string())
}

fn section_word(i18n: I18n, key: &str) -> Option<String> {
    let text = match key {
        "pricing" => t_string!(i18n, pricing),
        "metrics" => t_string!(i18n, metrics),
        "basics" => t_string!(i18n, tab_basics),
        "texts" => t_string!(i18n, tab_text),
        "announcement" => t_string!(i18n, tab_announcement),
        "plans" => t_string!(i18n, tab_plans),
        "iam" => t_string!(i18n, tab_iam),
        _ => return None,
    };
    Some(text.to_string())
}

/// One step in the reader's language (English words for a key the locale files lack).
pub fn step_text(i18n: I18n, step: &Step) -> String {
    let qualified = |word: String, q: &Option<String>| match q {
        Some(q) => format!("{word} ({q})"),
        None => word,
    };
    match step {
        Step::Section { key } => section_word(i18n, key).unwrap_or_else(|| step.english()),
        Step::CatalogText { lang } => format!("{} ({lang})", t_string!(i18n, tab_text)),
        Step::Plan { name } => format!("{} “{name}”", t_string!(i18n, plan)),
        Step::Field { key, qualifier } => qualified(
            field_word(i18n, key).unwrap_or_else(|| crate::domain::diff::words(key)),
            qualifier,
        ),
        Step::Bullet { n, key } => format!(
            "{} {n} › {}",
            t_string!(i18n, change_bullet),
            field_word(i18n, key).unwrap_or_else(|| crate::domain::diff::words(key))
        ),
        Step::Metric { id } => format!("{} {id}", t_string!(i18n, metric)),
        Step::Tier { n } => format!("{} {n}", t_string!(i18n, tier)),
        Step::Grants { role } => t_string!(i18n, change_grants)
            .to_string()
            .replace("%role%", role),
    }
}

/// Steps in the reader's language, joined with " › ".
pub fn steps_text(i18n: I18n, steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| step_text(i18n, s))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// A change's field in the reader's language (its English label for one stored without steps).
pub fn change_label(i18n: I18n, change: &FieldChange) -> String {
    if change.steps.is_empty() {
        change.shown_label()
    } else {
        steps_text(i18n, &change.steps)
    }
}

/// A document path (a comment's field) in the reader's language, plans named from `doc`.
pub fn path_text(
    i18n: I18n,
    path: &str,
    doc: &crate::domain::offering::OfferingDocument,
) -> String {
    let name = |id: &str| {
        doc.plans
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
    };
    steps_text(i18n, &crate::domain::diff::steps(path, &name))
}

/// A document path in the reader's language, plans named by id from `names`.
pub fn path_text_named(
    i18n: I18n,
    path: &str,
    names: &std::collections::BTreeMap<String, String>,
) -> String {
    steps_text(
        i18n,
        &crate::domain::diff::steps(path, &|id| names.get(id).cloned()),
    )
}

/// A value as shown: `true`/`false` as yes/no, the rest as it is.
pub fn value_text(i18n: I18n, value: &str) -> String {
    match value {
        "true" => t_string!(i18n, yes).to_string(),
        "false" => t_string!(i18n, no).to_string(),
        other => other.to_owned(),
    }
}

/// A change's value as shown: a pricing type or model by its name in the reader's language,
/// otherwise as `value_text` shows it.
pub fn change_value(i18n: I18n, change: &FieldChange, value: &str) -> String {
    let key = match change.steps.last() {
        Some(Step::Field { key, .. }) => key.as_str(),
        _ => "",
    };
    let named = match (key, value) {
        ("pricing_type", "free") => t_string!(i18n, plan_free),
        ("pricing_type", "lite") => t_string!(i18n, plan_lite),
        ("pricing_type", "paid") => t_string!(i18n, plan_paid),
        ("pricing_type", "subscription") => t_string!(i18n, plan_subscription),
        ("model", "linear") => t_string!(i18n, model_linear),
        ("model", "graduated") => t_string!(i18n, model_graduated),
        ("model", "volume") => t_string!(i18n, model_volume),
        ("model", "block") => t_string!(i18n, model_block),
        ("category", _) => return super::words::category_label(i18n, value),
        ("auth_kind", "basic") => t_string!(i18n, broker_auth_basic),
        ("auth_kind", "bearer") => t_string!(i18n, broker_auth_bearer),
        ("date", _) => return crate::format::date(i18n.get_locale_untracked(), value),
        (
            "unit_price" | "flat_fee" | "up_to" | "free_units" | "unit_quantity" | "monthly_fee",
            _,
        ) => return crate::format::number(i18n.get_locale_untracked(), value),
        _ => return value_text(i18n, value),
    };
    named.to_string()
}

/// Changes as a list: "Field: before → after" (an empty side is left out).
#[component]
pub fn ChangeList(changes: Vec<FieldChange>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="changes">
            {changes.into_iter().map(|c| {
                let (before, after) = (change_value(i18n, &c, &c.before), change_value(i18n, &c, &c.after));
                let both = !before.is_empty() && !after.is_empty();
                view! {
                    <li data-field=c.field.clone()>
                        <span class="field-label">{change_label(i18n, &c)}</span>": "
                        {(!before.is_empty()).then(move || view! { <del>{before}</del> })}
                        {both.then_some(" → ")}
                        {(!after.is_empty()).then(|| view! { <ins>{after}</ins> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "3 added · 1 changed" for a group's summary (parts that are zero are left out).
fn counts(i18n: I18n, g: &ChangeGroup) -> String {
    [
        (g.added, t_string!(i18n, change_count_added).to_string()),
        (g.changed, t_string!(i18n, change_count_changed).to_string()),
        (g.removed, t_string!(i18n, change_count_removed).to_string()),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, text)| text.replace("%n%", &n.to_string()))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The reviewer's diff: one collapsible part per section of the document, with its counts.
/// For a first release (`first_release`: everything is new) each part is summarised and
/// closed, and shows the values only; otherwise each part is open with before and after.
#[component]
pub fn ChangeGroups(changes: Vec<FieldChange>, first_release: bool) -> impl IntoView {
    let i18n = use_i18n();
    if changes.is_empty() {
        return view! { <p class="muted">{t!(i18n, no_changes)}</p> }.into_any();
    }
    let groups = group(changes);
    view! {
        <div class="diff-groups">
            {groups.into_iter().map(|g| {
                let title = step_text(i18n, &g.title);
                let title_for_table = title.clone();
                let summary = if first_release {
                    t_string!(i18n, change_count_filled).to_string().replace("%n%", &g.changes.len().to_string())
                } else {
                    counts(i18n, &g)
                };
                view! {
                    <details class="diff-group" open=!first_release data-group=title_for_table.clone()>
                        <summary><strong>{title}</strong>" " <span class="muted diff-counts">{summary}</span></summary>
                        {group_table(i18n, &title_for_table, g.changes, first_release)}
                    </details>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

fn group_table(
    i18n: I18n,
    title: &str,
    changes: Vec<FieldChange>,
    first_release: bool,
) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=title.to_owned()>
            <table class="data-table diff">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, diff_field)}</th>
                        {(!first_release).then(|| view! { <th scope="col">{t!(i18n, diff_before)}</th> })}
                        <th scope="col">{if first_release { t_string!(i18n, change_value) } else { t_string!(i18n, diff_after) }}</th>
                    </tr>
                </thead>
                <tbody>
                    {changes.into_iter().map(|c| {
                        // Within its part, a field is named without the part's own step.
                        let own = if c.steps.len() > 1 { steps_text(i18n, &c.steps[1..]) } else { change_label(i18n, &c) };
                        let (before, after) = (change_value(i18n, &c, &c.before), change_value(i18n, &c, &c.after));
                        view! {
                            <tr class=format!("diff-{}", c.kind().as_str()) data-field=c.field.clone()>
                                <td><span class="field-label">{own}</span></td>
                                {(!first_release).then(|| view! { <td>{(!before.is_empty()).then(|| view! { <del>{before}</del> })}</td> })}
                                <td>{(!after.is_empty()).then(|| view! { <ins>{after}</ins> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
