//! Field changes as people read them, in their language: the reviewer's diff grouped by part of
//! the document, the History tab's lists and the conflict message. The words come from the
//! locale files; the steps of a path come from `domain::diff`.

use super::speaks::{fill, Speaks};
use crate::domain::diff::{group, ChangeGroup, FieldChange, Step};
use crate::i18n::*;
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A field key in words, or `None` for a key the locale files do not name.
pub fn field_word(i18n: impl Speaks, key: &str) -> Option<String> {
    let text = match key {
        "provider_display_name" => td_string!(i18n.locale(), provider_display_name),
        "category" => td_string!(i18n.locale(), category),
        "tags" => td_string!(i18n.locale(), tags),
        "regions" => td_string!(i18n.locale(), regions),
        "documentation_url" => td_string!(i18n.locale(), documentation_url),
        "terms_url" => td_string!(i18n.locale(), terms_url),
        "support" => td_string!(i18n.locale(), support),
        "display_name" => td_string!(i18n.locale(), display_name_field),
        "short_description" => td_string!(i18n.locale(), short_description),
        "long_description" => td_string!(i18n.locale(), long_description),
        "bullets" => td_string!(i18n.locale(), plan_bullets),
        "title" => td_string!(i18n.locale(), bullet_title),
        "text" => td_string!(i18n.locale(), bullet_text),
        "date" => td_string!(i18n.locale(), announcement_date),
        "name" => td_string!(i18n.locale(), offering_name),
        "description" => td_string!(i18n.locale(), plan_description),
        "limits" => td_string!(i18n.locale(), plan_limits),
        "pricing_type" => td_string!(i18n.locale(), pricing_type),
        "pricing" => td_string!(i18n.locale(), pricing),
        "metrics" => td_string!(i18n.locale(), metrics),
        "monthly_fee" => td_string!(i18n.locale(), monthly_fee),
        "unit_name" => td_string!(i18n.locale(), unit_name_in),
        "unit_quantity" => td_string!(i18n.locale(), unit_quantity),
        "model" => td_string!(i18n.locale(), pricing_model),
        "free_units" => td_string!(i18n.locale(), free_units),
        "up_to" => td_string!(i18n.locale(), tier_up_to),
        "unit_price" => td_string!(i18n.locale(), unit_price),
        "flat_fee" => td_string!(i18n.locale(), flat_fee),
        "enabled" => td_string!(i18n.locale(), snapshot_iam_on),
        "redirect_uris" => td_string!(i18n.locale(), iam_redirect_uris),
        "issuer" => td_string!(i18n.locale(), iam_issuer),
        "custom_roles" => td_string!(i18n.locale(), iam_custom_roles),
        "actions" => td_string!(i18n.locale(), iam_actions),
        "order" => td_string!(i18n.locale(), change_order),
        "icon" => td_string!(i18n.locale(), change_icon),
        "removed" => td_string!(i18n.locale(), change_icon_removed),
        "test_account" => td_string!(i18n.locale(), test_account_email),
        "note" => td_string!(i18n.locale(), request_note),
        "body" => td_string!(i18n.locale(), comment_body),
        "field" => td_string!(i18n.locale(), comment_field),
        "url" => td_string!(i18n.locale(), broker_url),
        "auth_kind" => td_string!(i18n.locale(), broker_auth),
        "username" => td_string!(i18n.locale(), broker_username),
        "api_version" => td_string!(i18n.locale(), broker_api_version),
        "locations" => td_string!(i18n.locale(), broker_locations),
        "secret_changed" => td_string!(i18n.locale(), change_secret_changed),
        "duplicated_from" => td_string!(i18n.locale(), change_duplicated_from),
        "bindable" => td_string!(i18n.locale(), osb_bindable),
        "plan_updateable" => td_string!(i18n.locale(), osb_plan_updateable),
        "instances_retrievable" => td_string!(i18n.locale(), osb_instances_retrievable),
        "bindings_retrievable" => td_string!(i18n.locale(), osb_bindings_retrievable),
        "parameters" => td_string!(i18n.locale(), params_title),
        "effective" => td_string!(i18n.locale(), prices_effective),
        "price_changes" => td_string!(i18n.locale(), prices_schedule),
        "kind" => td_string!(i18n.locale(), params_kind),
        "required" => td_string!(i18n.locale(), params_required),
        "default" => td_string!(i18n.locale(), change_param_default),
        "minimum" => td_string!(i18n.locale(), params_minimum),
        "maximum" => td_string!(i18n.locale(), params_maximum),
        "max_length" => td_string!(i18n.locale(), params_max_length),
        "options" => td_string!(i18n.locale(), change_param_options),
        "label" => td_string!(i18n.locale(), change_param_label),
        "help" => td_string!(i18n.locale(), change_param_help),
        other => return super::support_words::support_key(i18n, other),
    };
    Some(text.to_string())
}

fn section_word(i18n: impl Speaks, key: &str) -> Option<String> {
    let text = match key {
        "pricing" => td_string!(i18n.locale(), pricing),
        "metrics" => td_string!(i18n.locale(), metrics),
        "basics" => td_string!(i18n.locale(), tab_basics),
        "texts" => td_string!(i18n.locale(), tab_text),
        "announcement" => td_string!(i18n.locale(), tab_announcement),
        "plans" => td_string!(i18n.locale(), tab_plans),
        "iam" => td_string!(i18n.locale(), tab_iam),
        "support" => td_string!(i18n.locale(), tab_support),
        _ => return None,
    };
    Some(text.to_string())
}

/// One step in the reader's language (English words for a key the locale files lack).
pub fn step_text(i18n: impl Speaks, step: &Step) -> String {
    let qualified = |word: String, q: &Option<String>| match q {
        Some(q) => format!("{word} ({q})"),
        None => word,
    };
    match step {
        Step::Section { key } => section_word(i18n, key).unwrap_or_else(|| step.english()),
        Step::CatalogText { lang } => format!("{} ({lang})", td_string!(i18n.locale(), tab_text)),
        Step::Plan { name } => format!("{} “{name}”", td_string!(i18n.locale(), plan)),
        Step::Field { key, qualifier } => qualified(
            field_word(i18n, key).unwrap_or_else(|| crate::domain::diff::words(key)),
            qualifier,
        ),
        Step::Bullet { n, key } => format!(
            "{} {n} › {}",
            td_string!(i18n.locale(), change_bullet),
            field_word(i18n, key).unwrap_or_else(|| crate::domain::diff::words(key))
        ),
        Step::Metric { id } => format!("{} {id}", td_string!(i18n.locale(), metric)),
        Step::Tier { n } => format!("{} {n}", td_string!(i18n.locale(), tier)),
        Step::Parameter { n } => {
            td_string!(i18n.locale(), params_row).replace("%n%", &n.to_string())
        }
        Step::PriceChange { n } => {
            td_string!(i18n.locale(), prices_change_row).replace("%n%", &n.to_string())
        }
        Step::Grants { role } => fill(td_string!(i18n.locale(), change_grants), &[("role", role)]),
    }
}

/// Steps in the reader's language, joined with " › ".
pub fn steps_text(i18n: impl Speaks, steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| step_text(i18n, s))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// A change's field in the reader's language (its English label for one stored without steps).
pub fn change_label(i18n: impl Speaks, change: &FieldChange) -> String {
    if change.steps.is_empty() {
        change.shown_label()
    } else {
        steps_text(i18n, &change.steps)
    }
}

/// A document path (a comment's field) in the reader's language, plans named from `doc`.
pub fn path_text(
    i18n: impl Speaks,
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
    i18n: impl Speaks,
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

/// `translate="no"` for a value shown as it is stored (a name or text the user typed: it
/// stays as written in every language, and browser translators leave it alone); `None` for a
/// value the console words or formats in the reader's language. A value shaped like a code
/// (`business_hours`) is never marked, so a code left unworded still shows as one.
fn as_stored(stored: &str, shown: &str) -> Option<&'static str> {
    let code = stored.contains('_') && stored.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    (stored == shown && !code).then_some("no")
}

/// A change's value as shown: a pricing type, model or support coverage by its name in the
/// reader's language, a response target as "Within 4 hours",
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
        ("days", _) => {
            return (value.split(", ").filter(|d| !d.is_empty()))
                .map(|d| super::support_words::day_label(i18n, d))
                .collect::<Vec<_>>()
                .join(", ")
        }
        ("coverage", "always") => t_string!(i18n, coverage_always),
        ("coverage", "business_hours") => t_string!(i18n, coverage_business_hours),
        ("target_critical" | "target_high" | "target_medium" | "target_low", _) => {
            return match value.parse::<u32>() {
                Ok(minutes) => super::support_words::target_text(i18n, minutes),
                Err(_) => value_text(i18n, value),
            }
        }
        ("kind", "text") => t_string!(i18n, params_kind_text),
        ("kind", "number") => t_string!(i18n, params_kind_number),
        ("kind", "choice") => t_string!(i18n, params_kind_choice),
        ("kind", "yes_no") => t_string!(i18n, params_kind_yes_no),
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
                let (kept_before, kept_after) = (as_stored(&c.before, &before), as_stored(&c.after, &after));
                view! {
                    <li data-field=c.field.clone()>
                        <span class="field-label">{change_label(i18n, &c)}</span>": "
                        {(!before.is_empty()).then(move || view! { <del translate=kept_before>{before}</del> })}
                        {both.then_some(" → ")}
                        {(!after.is_empty()).then(|| view! { <ins translate=kept_after>{after}</ins> })}
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
                        let (kept_before, kept_after) = (as_stored(&c.before, &before), as_stored(&c.after, &after));
                        view! {
                            <tr class=format!("diff-{}", c.kind().as_str()) data-field=c.field.clone()>
                                <td><span class="field-label">{own}</span></td>
                                {(!first_release).then(|| view! { <td>{(!before.is_empty()).then(|| view! { <del translate=kept_before>{before}</del> })}</td> })}
                                <td>{(!after.is_empty()).then(|| view! { <ins translate=kept_after>{after}</ins> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
