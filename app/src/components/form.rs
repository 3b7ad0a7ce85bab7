//! Form building blocks: a labelled field that shows its error next to it and keeps what was
//! typed, and the form-level message.

use careerhub_domain::FormError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;

use crate::components::server_form::FormAction;

/// The error of the last submission of a server action, if it failed.
pub fn action_error<S>(action: FormAction<S>) -> Signal<Option<FormError>>
where
    S: ServerFn<Error = FormError> + 'static,
    S::Output: DeserializeOwned + Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    error: Signal<Option<FormError>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] minlength: Option<u32>,
    #[prop(optional, into)] value: Option<String>,
    /// Distinguishes two fields of the same name on one page (element ids must be unique).
    #[prop(optional)]
    form: Option<&'static str>,
    #[prop(default = true)] required: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|error| error.field_error(name).map(str::to_owned))
    };
    // Passwords are never sent back; everything else is shown as typed.
    let typed = move || {
        if kind == "password" {
            None
        } else {
            error
                .get()
                .and_then(|error| error.value(name).map(str::to_owned))
                .or_else(|| value.clone())
        }
    };
    let prefix = form.map(|form| format!("{form}-")).unwrap_or_default();
    let id = format!("{prefix}field-{name}");
    let error_id = format!("{prefix}{name}-error");
    let hint_id = format!("{prefix}{name}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                list=list
                maxlength=maxlength
                minlength=minlength
                value=typed
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id aria-live="polite">
                {message}
            </p>
        </div>
    }
}

/// What a field shows: what the user typed in the failed submission, else the stored value.
fn shown_value(
    error: Signal<Option<FormError>>,
    name: &'static str,
    value: Option<String>,
) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    move || {
        error
            .get()
            .and_then(|error| error.value(name).map(str::to_owned))
            .or_else(|| value.clone())
            .unwrap_or_default()
    }
}

fn field_message(
    error: Signal<Option<FormError>>,
    name: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + Copy + 'static {
    move || {
        error
            .get()
            .and_then(|error| error.field_error(name).map(str::to_owned))
    }
}

/// A multi-line text field with its error. The only place a `<textarea>` is written: its text
/// is escaped by `raw_text_on_server` (see `crate::escape`).
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<FormError>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 4)] rows: u32,
    #[prop(default = 20000)] maxlength: u32,
    #[prop(optional)] form: Option<&'static str>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let message = field_message(error, name);
    let prefix = form.map(|form| format!("{form}-")).unwrap_or_default();
    let id = format!("{prefix}field-{name}");
    let error_id = format!("{prefix}{name}-error");
    let shown = shown_value(error, name, value);
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                name=name
                rows=rows
                maxlength=maxlength
                required=required
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=error_id.clone()
                prop:value=shown.clone()
            >
                {
                    let shown = shown.clone();
                    move || crate::escape::raw_text_on_server(shown())
                }
            </textarea>
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}

/// A drop-down of fixed options (value, label) with its error. `blank` adds an empty first option.
#[component]
pub fn Select(
    label: &'static str,
    name: &'static str,
    options: Vec<(&'static str, &'static str)>,
    error: Signal<Option<FormError>>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] blank: Option<&'static str>,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let message = field_message(error, name);
    let prefix = form.map(|form| format!("{form}-")).unwrap_or_default();
    let id = format!("{prefix}field-{name}");
    let error_id = format!("{prefix}{name}-error");
    let shown = shown_value(error, name, value);
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=error_id.clone()
            >
                {blank.map(|text| view! { <option value="">{text}</option> })}
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        let shown = shown.clone();
                        view! {
                            <option value=option selected=move || shown() == option>{text}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id=error_id aria-live="polite">{message}</p>
        </div>
    }
}

/// A checkbox with its label; after a failed submission it shows what was sent.
#[component]
pub fn Checkbox(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<FormError>>,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let is_checked = move || {
        error
            .get()
            .and_then(|error| error.value(name).map(|value| value == "on"))
            .unwrap_or(checked)
    };
    view! {
        <div class="field">
            <label class="checkbox">
                <input type="checkbox" name=name value="on" checked=is_checked />
                " "
                {label}
            </label>
            {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
        </div>
    }
}

/// The message for the whole form (wrong credentials, rate limits, outages).
#[component]
pub fn FormMessage(error: Signal<Option<FormError>>) -> impl IntoView {
    let message = move || error.get().and_then(|error| error.message);
    view! {
        <Show when=move || message().is_some()>
            <div class="alert alert-error" role="alert">
                {message}
            </div>
        </Show>
    }
}

/// A notice shown after a successful step, e.g. "Check your inbox".
#[component]
pub fn Notice(children: Children) -> impl IntoView {
    view! {
        <div class="alert alert-success" role="status">
            {children()}
        </div>
    }
}
