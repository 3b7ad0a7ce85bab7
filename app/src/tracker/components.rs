//! Pieces the tracker pages share: status badges, the tracker tabs, the record id in the address,
//! and the field sets of the application, contact and activity forms (used to add and to edit).

use careerhub_domain::FormError;
use careerhub_domain::paths;
use careerhub_domain::tracker::{
    ActivityForm, ActivityKind, ActivityStatus, ApplicationForm, ApplicationStatus, ContactForm,
    Relationship, WorkArrangement,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::form::{Field, Select, TextArea};

/// The `id` segment of a record page's address, when it is an id of that kind at all.
pub fn id_param<Id: std::str::FromStr>() -> impl Fn() -> Option<Id> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|id| id.parse().ok())
}

#[component]
pub fn StatusBadge(status: ApplicationStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.as_str())>{status.label()}</span> }
}

/// Board / List / Add tabs at the top of the application pages.
#[component]
pub fn TrackerTabs(active: &'static str) -> impl IntoView {
    let tab = move |name: &'static str, href: &'static str, label: &'static str| {
        view! {
            <a
                class="tab"
                class:tab-active=active == name
                href=href
                aria-current=(active == name).then_some("page")
            >
                {label}
            </a>
        }
    };
    view! {
        <div class="page-head">
            <h1>"Applications"</h1>
            <nav class="tabs" aria-label="Application views">
                {tab("board", paths::APPLICATIONS, "Board")}
                {tab("list", paths::APPLICATION_LIST, "List")}
            </nav>
            <a class="button button-primary" href=paths::NEW_APPLICATION>"Add application"</a>
        </div>
    }
}

pub fn status_options() -> Vec<(&'static str, &'static str)> {
    ApplicationStatus::ALL
        .iter()
        .map(|status| (status.as_str(), status.label()))
        .collect()
}

/// The fields of the application form, filled with `initial` (empty when adding).
#[component]
pub fn ApplicationFields(
    initial: ApplicationForm,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let arrangements = WorkArrangement::ALL
        .iter()
        .map(|w| (w.as_str(), w.label()))
        .collect::<Vec<_>>();
    view! {
        <div class="form-grid">
            <Field label="Company" name="company" error value=initial.company maxlength=200 />
            <Field label="Role" name="role_title" error value=initial.role_title maxlength=200 />
            <Field label="Job posting link" name="job_url" kind="url" error value=initial.job_url required=false hint="Optional. https://…" />
            <Field label="Location" name="location" error value=initial.location required=false maxlength=200 />
            <Select label="Work arrangement" name="work_arrangement" options=arrangements error value=initial.work_arrangement blank="Not specified" />
            <Select label="Status" name="status" options=status_options() error value=initial.status />
            <Field label="Salary from" name="salary_min" kind="text" error value=initial.salary_min required=false hint="Yearly, e.g. 60000" />
            <Field label="Salary to" name="salary_max" kind="text" error value=initial.salary_max required=false />
            <Field label="Currency" name="salary_currency" error value=initial.salary_currency required=false maxlength=3 hint="EUR, USD, GBP…" />
            <Field label="Source" name="source" error value=initial.source required=false maxlength=200 hint="Where you found it" />
            <Field label="Applied on" name="applied_on" kind="date" error value=initial.applied_on required=false />
            <Field label="Follow up on" name="follow_up_on" kind="date" error value=initial.follow_up_on required=false hint="You get a reminder that morning" />
        </div>
        <TextArea label="Notes" name="notes" error value=initial.notes />
    }
}

#[component]
pub fn ContactFields(initial: ContactForm, error: Signal<Option<FormError>>) -> impl IntoView {
    let relationships = Relationship::ALL
        .iter()
        .map(|r| (r.as_str(), r.label()))
        .collect::<Vec<_>>();
    view! {
        <div class="form-grid">
            <Field label="Name" name="full_name" error value=initial.full_name maxlength=200 autocomplete="off" />
            <Select label="Relationship" name="relationship" options=relationships error value=initial.relationship />
            <Field label="Company" name="company" error value=initial.company required=false maxlength=200 />
            <Field label="Role" name="role_title" error value=initial.role_title required=false maxlength=200 />
            <Field label="Email" name="email" kind="email" error value=initial.email required=false maxlength=254 />
            <Field label="Phone" name="phone" kind="tel" error value=initial.phone required=false maxlength=40 />
            <Field label="Profile link" name="profile_url" kind="url" error value=initial.profile_url required=false hint="LinkedIn, GitHub, a website" />
            <Field label="Next follow-up" name="next_follow_up_on" kind="date" error value=initial.next_follow_up_on required=false />
        </div>
        <TextArea label="Notes" name="notes" error value=initial.notes />
    }
}

#[component]
pub fn ActivityFields(initial: ActivityForm, error: Signal<Option<FormError>>) -> impl IntoView {
    let kinds = ActivityKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect::<Vec<_>>();
    let statuses = ActivityStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect::<Vec<_>>();
    let kind = if initial.kind.is_empty() {
        "course".to_owned()
    } else {
        initial.kind
    };
    let status = if initial.status.is_empty() {
        "planned".to_owned()
    } else {
        initial.status
    };
    view! {
        <div class="form-grid">
            <Field label="Title" name="title" error value=initial.title maxlength=200 />
            <Select label="Kind" name="kind" options=kinds error value=kind />
            <Field label="Provider" name="provider" error value=initial.provider required=false maxlength=200 />
            <Select label="Status" name="status" options=statuses error value=status />
            <Field label="Started" name="started_on" kind="date" error value=initial.started_on required=false />
            <Field label="Completed" name="completed_on" kind="date" error value=initial.completed_on required=false />
            <Field label="Skills" name="skills" error value=initial.skills required=false hint="Comma-separated, e.g. Rust, PostgreSQL" />
            <Field label="Link" name="url" kind="url" error value=initial.url required=false hint="Course page or certificate" />
        </div>
        <TextArea label="Notes" name="notes" error value=initial.notes />
    }
}

/// A checkbox and a button: destructive actions are never one click away.
#[component]
pub fn ConfirmDelete(
    what: &'static str,
    error: Signal<Option<FormError>>,
    children: Children,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|error| error.field_error("confirm").map(str::to_owned))
    };
    view! {
        <details class="card danger-zone">
            <summary>{format!("Delete this {what}")}</summary>
            <p>{format!("This deletes the {what} and everything recorded with it. It cannot be undone.")}</p>
            {children()}
            <p class="field-error" aria-live="polite">{message}</p>
        </details>
    }
}
