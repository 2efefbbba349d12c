//! Form fields: label above, help text, a character counter, the error under the field.
//! The error is the browser-side check while typing, else the server's answer.

use super::raw_text::raw_text;
use crate::domain::offering::Problem;
use crate::error::{AppError, FieldError};
use crate::i18n::*;
use leptos::prelude::*;

/// A problem in the user's language.
pub fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: &Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, problem_required).to_string(),
        Problem::TooLong { max } => t_string!(i18n, problem_too_long)
            .to_string()
            .replace("%max%", &max.to_string()),
        Problem::TooMany { max } => t_string!(i18n, problem_too_many)
            .to_string()
            .replace("%max%", &max.to_string()),
        Problem::NamePattern => t_string!(i18n, problem_name_pattern).to_string(),
        Problem::TagPattern => t_string!(i18n, problem_tag_pattern).to_string(),
        Problem::NotAUrl => t_string!(i18n, problem_not_a_url).to_string(),
        Problem::NotEmailOrUrl => t_string!(i18n, problem_not_email_or_url).to_string(),
        Problem::UnknownChoice => t_string!(i18n, problem_unknown_choice).to_string(),
        Problem::NotADate => t_string!(i18n, problem_not_a_date).to_string(),
        Problem::NameTaken => t_string!(i18n, problem_name_taken).to_string(),
        Problem::PlanNameTaken => t_string!(i18n, problem_plan_name_taken).to_string(),
        Problem::NotAnEmail => t_string!(i18n, problem_not_an_email).to_string(),
        Problem::NotAPhone => t_string!(i18n, problem_not_a_phone).to_string(),
        Problem::NotATime => t_string!(i18n, problem_not_a_time).to_string(),
        Problem::ClosesBeforeOpens => t_string!(i18n, problem_closes_before_opens).to_string(),
        Problem::TargetOutOfRange => t_string!(i18n, problem_target_out_of_range).to_string(),
        Problem::TargetOrder => t_string!(i18n, problem_target_order).to_string(),
        Problem::RangeReversed => t_string!(i18n, problem_range_reversed).to_string(),
        Problem::NotANumber => t_string!(i18n, problem_not_a_number).to_string(),
        Problem::OutOfRange(b) => {
            let text = match (b.min.is_empty(), b.max.is_empty()) {
                (false, false) => t_string!(i18n, problem_out_of_range).to_string(),
                (false, true) => t_string!(i18n, problem_at_least).to_string(),
                _ => t_string!(i18n, problem_at_most).to_string(),
            };
            text.replace("%min%", &b.min).replace("%max%", &b.max)
        }
        Problem::MaximumBelowMinimum => t_string!(i18n, problem_maximum_below_minimum).to_string(),
        Problem::TooFewOptions => t_string!(i18n, problem_too_few_options).to_string(),
        Problem::RepeatedOption => t_string!(i18n, problem_repeated_option).to_string(),
        Problem::ParameterNamePattern => {
            t_string!(i18n, problem_parameter_name_pattern).to_string()
        }
        Problem::ParameterNameTaken => t_string!(i18n, problem_parameter_name_taken).to_string(),
        Problem::PriceDateNotFuture => t_string!(i18n, problem_price_date_not_future).to_string(),
        Problem::PriceDateNotFirst => t_string!(i18n, problem_price_date_not_first).to_string(),
        Problem::PriceNoticeTooShort { earliest } => {
            let day = crate::domain::price_schedule::date_text(*earliest);
            t_string!(i18n, problem_price_notice_too_short)
                .to_string()
                .replace(
                    "%date%",
                    &crate::format::date(i18n.get_locale_untracked(), &day),
                )
        }
        Problem::PriceDateTwice => t_string!(i18n, problem_price_date_twice).to_string(),
        Problem::PriceChangeShape => t_string!(i18n, problem_price_change_shape).to_string(),
        Problem::PriceChangeNeedsDate => {
            t_string!(i18n, problem_price_change_needs_date).to_string()
        }
        Problem::PriceHistoryFixed => t_string!(i18n, problem_price_history_fixed).to_string(),
    }
}

pub fn field_error_text(i18n: leptos_i18n::I18nContext<Locale>, error: &FieldError) -> String {
    match (&error.problem, &error.pricing) {
        (Some(problem), _) => problem_text(i18n, problem),
        (None, Some(pricing)) => super::pricing_words::pricing_text(i18n, pricing),
        (None, None) => super::said::said(i18n, &error.message),
    }
}

/// [`field_error_text`] on the page: what another program said inside it (an operating
/// system's error, a server's answer) is a `<samp>` ([`super::said::said_view`]).
pub fn field_error_view(i18n: leptos_i18n::I18nContext<Locale>, error: &FieldError) -> AnyView {
    match (&error.problem, &error.pricing) {
        (None, None) => super::said::said_view(i18n, &error.message).into_any(),
        _ => coded(field_error_text(i18n, error)).into_any(),
    }
}

/// `text` with each span between backticks as a `<code>`: a value or a sample of what to type
/// (`12.50`, a role name), as the locale files and the server's sentences write them.
pub fn coded(text: String) -> Vec<AnyView> {
    text.split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| match i % 2 {
            1 => view! { <code>{piece.to_owned()}</code> }.into_any(),
            _ => piece.to_owned().into_any(),
        })
        .collect()
}

/// The server's error for `field` from the last result of an action, as a signal.
pub fn server_error_for<T: Clone + Send + Sync + 'static>(
    result: Signal<Option<Result<T, AppError>>>,
    field: impl Into<String>,
) -> Signal<Option<FieldError>> {
    let field = field.into();
    Signal::derive(move || {
        result
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.field_error(&field))
    })
}

/// Where a form's fields sit in the offering document (`basics`, `texts.de`, `announcement`):
/// with it, each field shows the reviewer's comments on `<prefix>.<name>`.
#[derive(Clone)]
pub struct FieldPrefix(pub String);

/// A browser-side check of a field's value.
pub type Check = fn(&str) -> Option<Problem>;

#[component]
pub fn Field(
    /// Form name (and, prefixed, the element id).
    #[prop(into)]
    name: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] help: Option<Signal<String>>,
    /// The value shown first (server-rendered, so it works without JavaScript).
    #[prop(into)]
    value: String,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] rows: Option<u32>,
    /// Maximum length in characters: a live counter and a check.
    #[prop(optional)]
    max: Option<usize>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(optional)] check: Option<Check>,
    #[prop(into)] server_error: Signal<Option<FieldError>>,
    #[prop(into, optional)] input_type: Option<String>,
    /// Receives every edit (e.g. for a live preview).
    #[prop(optional)]
    on_edit: Option<WriteSignal<String>>,
    /// Tells the ids apart when one page has several forms with the same fields
    /// (`f-<prefix>-<name>`).
    #[prop(into, optional_no_strip)]
    id_prefix: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // After a refused post without JavaScript: what the user typed, not the stored value.
    let value = super::form_echo::posted_value(&name, id_prefix.as_deref()).unwrap_or(value);
    let id = match id_prefix {
        Some(prefix) => format!("f-{prefix}-{}", name.replace('.', "-")),
        None => format!("f-{}", name.replace('.', "-")),
    };
    let comment_key = use_context::<FieldPrefix>().map(|p| format!("{}.{name}", p.0));
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let typed = RwSignal::new(value.clone());
    // Browser-side checks speak only once the user has typed here; before that the
    // server's answer (e.g. after a form post without JavaScript) is what counts.
    let edited = RwSignal::new(false);
    let client_problem = move || {
        if !edited.get() {
            return None;
        }
        let v = typed.get();
        if let Some(max) = max {
            if v.chars().count() > max {
                return Some(Problem::TooLong { max });
            }
        }
        check.and_then(|c| c(&v))
    };
    let message = move || {
        client_problem()
            .map(|p| problem_text(i18n, &p))
            .or_else(|| server_error.get().map(|e| field_error_text(i18n, &e)))
    };
    let invalid = move || message().is_some().then_some("true");
    let describedby = format!("{help_id} {error_id}");
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(w) = on_edit {
            w.set(v.clone());
        }
        typed.set(v);
        edited.set(true);
    };
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name.clone()
                rows=rows.unwrap_or(6)
                required=required
                disabled=move || disabled.get()
                aria-invalid=invalid
                aria-describedby=describedby.clone()
                on:input=on_input
                prop:value=move || typed.get()
            >
                {raw_text(&value)}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name.clone()
                type=input_type.unwrap_or_else(|| "text".into())
                value=value.clone()
                // The attribute is for the server's HTML; the property follows `typed`, so a
                // form redrawn in place (after a save reloads its data) shows what it holds.
                prop:value=move || typed.get()
                required=required
                disabled=move || disabled.get()
                aria-invalid=invalid
                aria-describedby=describedby.clone()
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {control}
            <div class="field-meta">
                <p class="help" id=help_id>{help.map(|h| move || h.get())}</p>
                {max.map(|max| view! {
                    <p class="counter" aria-hidden="true">{move || typed.get().chars().count()} " / " {max}</p>
                })}
            </div>
            <p class="field-error" id=error_id aria-live="polite">{move || message().map(coded)}</p>
            {comment_key.map(|key| view! { <crate::review::notes::FieldNotes key/> })}
        </div>
    }
}

/// A checkbox with its label on the same line.
#[component]
pub fn CheckboxField(
    #[prop(into)] name: String,
    #[prop(into)] label: Signal<String>,
    checked: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// The protocol's own name for the setting, shown after the label.
    #[prop(into, optional)]
    code: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field field-inline">
            <input id=id.clone() name=name type="checkbox" value="on" checked=checked disabled=move || disabled.get()/>
            <label for=id>{label}{code.map(|c| view! { " " <code class="muted">{c}</code> })}</label>
        </div>
    }
}

/// The form-level message after a save: saved, invalid, stale (with what changed) or failed.
#[component]
pub fn SaveStatus(
    #[prop(into)] result: Signal<Option<Result<i64, AppError>>>,
    /// The server function the form posts to without JavaScript, to say "Saved." after it.
    #[prop(optional)]
    path: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Saved by a plain post (without JavaScript): the same notice, until the next save.
    let posted = path.is_some_and(super::form_echo::saved_by);
    move || {
        let result = result.get().or_else(|| posted.then_some(Ok(0)));
        result.map(|r| match r {
            Ok(_) => view! { <p class="notice notice-success" role="status">{t!(i18n, saved)}</p> }.into_any(),
            Err(AppError::Invalid(_)) => {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, fix_fields)}</p> }.into_any()
            }
            Err(AppError::Stale { version, changes }) => view! {
                <div class="notice notice-error conflict" role="alert">
                    <p><strong>{t!(i18n, conflict_title)}</strong></p>
                    <p>{t_string!(i18n, conflict_text).to_string().replace("%version%", &version.to_string())}</p>
                    <ul>
                        {changes.into_iter().map(|c| view! {
                            <li><span class="field-label" data-field=c.field.clone()>{super::changes::change_label(i18n, &c)}</span>": “" {super::changes::change_value(i18n, &c, &c.before)} "” → “" {super::changes::change_value(i18n, &c, &c.after)} "”"</li>
                        }).collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            Err(other) => view! { <p class="notice notice-error" role="alert">{super::said::error_text(i18n, &other)}</p> }.into_any(),
        })
    }
}
