//! The profile forms' field sets (used to add and to edit) and the up/down buttons.

use careerhub_domain::FormError;
use careerhub_domain::profile::{
    BasicsForm, EmploymentType, EntryForm, GoalKind, GoalStatus, GoalTimeframe, LanguageLevel,
    MoveDirection, Section, SkillCategory, SkillForm,
};
use careerhub_domain::tracker::WorkArrangement;
use leptos::prelude::*;

use crate::components::form::{Checkbox, Field, Select, TextArea};

fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&item| (value(item), label(item))).collect()
}

/// `value` when set, else `default` (a new item's select starts on a sensible choice).
fn or_default(value: String, default: &'static str) -> String {
    if value.is_empty() {
        default.to_owned()
    } else {
        value
    }
}

/// The fields of one section's item form. `form` keeps element ids unique when several sections'
/// forms share a page.
#[component]
pub fn EntryFields(
    section: Section,
    initial: EntryForm,
    error: Signal<Option<FormError>>,
) -> impl IntoView {
    let form = section.as_str();
    let f = initial;
    let organisation = section.organisation_label().map(|label| {
        view! { <Field label name="organisation" error value=f.organisation.clone() required=false maxlength=200 form=form /> }
    });
    let months = section.month_labels().map(|(start, end)| {
        view! {
            <Field label=start name="starts_on" kind="month" error value=f.starts_on.clone() required=false form=form hint="Month and year, e.g. 2021-03" />
            {end.map(|end| view! {
                <Field label=end name="ends_on" kind="month" error value=f.ends_on.clone() required=false form=form />
            })}
        }
    });
    let specific = match section {
        Section::Experience => view! {
            <Select label="Employment type" name="employment_type" options=options(EmploymentType::ALL, EmploymentType::as_str, EmploymentType::label) error value=f.employment_type blank="Not specified" form=form />
            <Field label="Location" name="location" error value=f.location required=false maxlength=200 form=form />
            <Checkbox label="I work here now" name="current" error checked=f.current.is_some() hint="The end month is then ignored" />
            <Field label="Technologies" name="technologies" error value=f.technologies required=false form=form hint="Comma-separated, e.g. Rust, PostgreSQL" />
            <TextArea label="Description" name="description" error value=f.description maxlength=5000 form=form />
            <TextArea label="Highlights" name="highlights" error value=f.highlights maxlength=6000 form=form />
        }
        .into_any(),
        Section::Education => view! {
            <Field label="Degree" name="degree" error value=f.degree required=false maxlength=200 form=form hint="e.g. MSc" />
            <Field label="Field of study" name="field" error value=f.field required=false maxlength=200 form=form />
            <Field label="Grade" name="grade" error value=f.grade required=false maxlength=100 form=form />
            <TextArea label="Description" name="description" error value=f.description maxlength=5000 form=form />
        }
        .into_any(),
        Section::Certification => view! {
            <Field label="Credential ID" name="credential_id" error value=f.credential_id required=false maxlength=200 form=form />
            <Field label="Credential link" name="credential_url" kind="url" error value=f.credential_url required=false form=form hint="https://…" />
        }
        .into_any(),
        Section::Project => view! {
            <Field label="Client alias" name="client_alias" error value=f.client_alias required=false maxlength=200 form=form hint="Shown instead of the client's name, e.g. \"A European bank\"" />
            <Field label="Your role" name="role" error value=f.role required=false maxlength=200 form=form />
            <Field label="Link" name="url" kind="url" error value=f.url required=false form=form />
            <Field label="Technologies" name="technologies" error value=f.technologies required=false form=form hint="Comma-separated" />
            <TextArea label="Description" name="description" error value=f.description maxlength=5000 form=form />
        }
        .into_any(),
        Section::Achievement => view! {
            <Field label="Measurable result" name="result" error value=f.result required=false maxlength=300 form=form hint="e.g. cut build times by 40 %" />
            <TextArea label="Description" name="description" error value=f.description maxlength=5000 form=form />
        }
        .into_any(),
        Section::Language => view! {
            <Select label="Level" name="level" options=options(LanguageLevel::ALL, LanguageLevel::as_str, LanguageLevel::label) error value=or_default(f.level, "native") form=form />
        }
        .into_any(),
        Section::Goal => view! {
            <Select label="Goal" name="goal_kind" options=options(GoalKind::ALL, GoalKind::as_str, GoalKind::label) error value=or_default(f.goal_kind, "new_job") form=form />
            <Select label="Timeframe" name="timeframe" options=options(GoalTimeframe::ALL, GoalTimeframe::as_str, GoalTimeframe::label) error value=or_default(f.timeframe, "6_months") form=form />
            <Select label="Status" name="goal_status" options=options(GoalStatus::ALL, GoalStatus::as_str, GoalStatus::label) error value=or_default(f.goal_status, "active") form=form />
        }
        .into_any(),
    };
    view! {
        <input type="hidden" name="section" value=section.as_str() />
        <div class="form-grid">
            <Field label=section.title_label() name="title" error value=f.title maxlength=200 form=form />
            {organisation}
            {months}
            {specific}
        </div>
        <Checkbox label="Show on my public page" name="visible" error checked=f.visible.is_some() hint="Hidden items stay available to your CVs" />
    }
}

#[component]
pub fn SkillFields(initial: SkillForm, error: Signal<Option<FormError>>) -> impl IntoView {
    let categories = options(
        SkillCategory::ALL,
        SkillCategory::as_str,
        SkillCategory::label,
    );
    view! {
        <div class="form-grid">
            <Field label="Skill" name="name" error value=initial.name maxlength=60 form="skill" hint="\"JS\" and \"JavaScript\" are the same skill" />
            <Select label="Category" name="category" options=categories error value=initial.category blank="Guess from the name" form="skill" />
            <Field label="Level (1–5)" name="level" kind="number" error value=initial.level required=false form="skill" />
            <Field label="Years" name="years" kind="number" error value=initial.years required=false form="skill" />
        </div>
        <Checkbox label="A primary skill" name="primary" error checked=initial.primary.is_some() hint="Listed first on CVs" />
        <Checkbox label="Show on my public page" name="visible" error checked=initial.visible.is_some() />
    }
}

#[component]
pub fn BasicsFields(initial: BasicsForm, error: Signal<Option<FormError>>) -> impl IntoView {
    let arrangements = options(
        WorkArrangement::ALL,
        WorkArrangement::as_str,
        WorkArrangement::label,
    );
    let f = initial;
    view! {
        <div class="form-grid">
            <Field label="Headline" name="headline" error value=f.headline required=false maxlength=200 hint="e.g. Backend engineer · payments and data" />
            <Field label="Location" name="location" error value=f.location required=false maxlength=200 />
        </div>
        <TextArea label="Summary" name="summary" error value=f.summary maxlength=5000 rows=5 />
        <h3 id="links">"Contact and links"</h3>
        <div class="form-grid">
            <Field label="Phone" name="phone" kind="tel" error value=f.phone required=false maxlength=40 />
            <Field label="Website" name="website_url" kind="url" error value=f.website_url required=false />
            <Field label="LinkedIn" name="linkedin_url" kind="url" error value=f.linkedin_url required=false />
            <Field label="GitHub" name="github_url" kind="url" error value=f.github_url required=false />
        </div>
        <Checkbox label="Show my email address on my public page" name="email_shown" error checked=f.email_shown.is_some() />
        <h3 id="target_roles">"What you are looking for"</h3>
        <p class="muted">"Private: used for job matches, never shown on your public page."</p>
        <div class="form-grid">
            <Field label="Target roles" name="target_roles" error value=f.target_roles required=false hint="Comma-separated, up to 10" />
            <Select label="Work arrangement" name="work_arrangement" options=arrangements error value=f.work_arrangement blank="Any" />
            <Field label="Salary from" name="salary_min" error value=f.salary_min required=false hint="Yearly, e.g. 60000" />
            <Field label="Salary to" name="salary_max" error value=f.salary_max required=false />
            <Field label="Currency" name="salary_currency" error value=f.salary_currency required=false maxlength=3 hint="EUR, USD, GBP…" />
            <Field label="Notice period (weeks)" name="notice_weeks" kind="number" error value=f.notice_weeks required=false />
        </div>
        <Checkbox label="Willing to relocate" name="willing_to_relocate" error checked=f.willing_to_relocate.is_some() />
    }
}

/// "Move up" / "Move down": two submit buttons of the item's move form (the one pressed sends
/// its direction), so they work without JavaScript.
#[component]
pub fn MoveButtons(first: bool, last: bool, label: String) -> impl IntoView {
    let button = |direction: MoveDirection, disabled: bool, symbol: &'static str| {
        let label = format!("{}: {label}", direction.label());
        view! {
            <button
                class="button button-small"
                type="submit"
                name="direction"
                value=direction.as_str()
                disabled=disabled
                aria-label=label.clone()
                title=label
            >
                {symbol}
            </button>
        }
    };
    view! {
        <span class="move-buttons">
            {button(MoveDirection::Up, first, "↑")}
            {button(MoveDirection::Down, last, "↓")}
        </span>
    }
}
