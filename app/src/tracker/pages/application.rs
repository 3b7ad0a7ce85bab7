//! One application: its details, status, timeline and notes, interviews, contacts; edit and delete.

use careerhub_domain::FormError;
use careerhub_domain::dates;
use careerhub_domain::ids::ApplicationId;
use careerhub_domain::paths;
use careerhub_domain::tracker::{
    ApplicationDetail, InterviewKind, InterviewOutcome, InterviewView, TimelineEntry, TimelineKind,
};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, FormMessage, Select, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::pages::sent::SentCard;
use crate::cv::server::TailorCvVersion;
use crate::data::page_data;
use crate::tracker::components::{
    ApplicationFields, ConfirmDelete, StatusBadge, id_param, status_options,
};
use crate::tracker::server::{
    AddInterview, AddNote, DeleteApplication, DeleteInterview, LinkContact, MoveApplication,
    SetInterviewOutcome, UnlinkContact, UpdateApplication, application,
};

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let id = id_param::<ApplicationId>();
    view! {
        <Title text="Application" />
        <section class="container tracker-page">
            <Protected next=paths::APPLICATIONS>
                {move || match id() {
                    Some(id) => view! { <ApplicationView id /> }.into_any(),
                    None => view! { <Missing what="Application" back=paths::APPLICATIONS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

/// Every action of the page; the page reloads its data after any of them.
#[derive(Clone, Copy)]
struct Actions {
    status: FormAction<MoveApplication>,
    update: FormAction<UpdateApplication>,
    note: FormAction<AddNote>,
    interview: FormAction<AddInterview>,
    outcome: FormAction<SetInterviewOutcome>,
    drop_interview: FormAction<DeleteInterview>,
    link: FormAction<LinkContact>,
    unlink: FormAction<UnlinkContact>,
    delete: FormAction<DeleteApplication>,
}

impl Actions {
    fn new() -> Self {
        Self {
            status: FormAction::new(),
            update: FormAction::new(),
            note: FormAction::new(),
            interview: FormAction::new(),
            outcome: FormAction::new(),
            drop_interview: FormAction::new(),
            link: FormAction::new(),
            unlink: FormAction::new(),
            delete: FormAction::new(),
        }
    }

    fn version(&self) -> usize {
        self.status.version().get()
            + self.update.version().get()
            + self.note.version().get()
            + self.interview.version().get()
            + self.outcome.version().get()
            + self.drop_interview.version().get()
            + self.link.version().get()
            + self.unlink.version().get()
    }
}

#[component]
fn ApplicationView(id: ApplicationId) -> impl IntoView {
    let actions = Actions::new();
    let detail = page_data(move || (id, actions.version()), |(id, _)| application(id));
    view! {
        <Load data=detail record=Record { what: "Application", back: paths::APPLICATIONS } let:detail>
            <Detail detail actions />
        </Load>
    }
}

#[component]
fn Detail(detail: ApplicationDetail, actions: Actions) -> impl IntoView {
    let app = detail.application.clone();
    let id = app.id;
    let back = paths::application(id);
    let status_error = action_error(actions.status);
    let update_error = action_error(actions.update);
    let delete_error = action_error(actions.delete);
    let tailor = FormAction::<TailorCvVersion>::new();
    let tailor_error = action_error(tailor);
    let facts = [
        ("Location", app.location.clone()),
        (
            "Work arrangement",
            app.work_arrangement.map(|w| w.label().to_owned()),
        ),
        ("Salary", app.salary_text()),
        ("Source", app.source.clone()),
        ("Applied on", app.applied_on.map(|d| d.to_string())),
        ("Follow up on", app.follow_up_on.map(|d| d.to_string())),
    ];
    view! {
        <Title text=format!("{} at {}", app.role_title, app.company) />
        <p><a href=paths::APPLICATIONS>"← Applications"</a></p>
        <div class="page-head">
            <div>
                <h1>{app.role_title.clone()}</h1>
                <p class="lead-small">
                    {app.company.clone()} " " <StatusBadge status=app.status />
                </p>
            </div>
            {app.job_url.clone().map(|url| view! {
                <a class="button" href=url rel="noopener noreferrer nofollow" target="_blank">"Job posting ↗"</a>
            })}
        </div>
        <div class="detail-grid">
            <div class="detail-main">
                <div class="card">
                    <h2>"Status"</h2>
                    <FormMessage error=status_error />
                    <ServerForm action=actions.status attr:class="inline-fields">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="back" value=back.clone() />
                        <Select label="Move to" name="status" options=status_options() error=status_error value=app.status.as_str().to_owned() form="status" />
                        <button class="button button-primary" type="submit">"Save status"</button>
                    </ServerForm>
                    <dl class="facts">
                        {facts
                            .into_iter()
                            .filter_map(|(label, value)| value.map(|value| view! { <dt>{label}</dt><dd>{value}</dd> }))
                            .collect_view()}
                    </dl>
                    {app.notes.clone().map(|notes| view! { <p class="prewrap">{notes}</p> })}
                </div>
                <Timeline id entries=detail.timeline.clone() action=actions.note />
                <Interviews id interviews=detail.interviews.clone() actions timezone=detail.timezone.clone() />
            </div>
            <aside class="detail-side">
                <Contacts detail=detail.clone() actions />
                <div class="card">
                    <h2>"CV for this job"</h2>
                    <p class="muted small">
                        "A new CV version from your whole profile, with the skills this application mentions highlighted. "
                        "You choose what it leaves out next."
                    </p>
                    <FormMessage error=tailor_error />
                    <ServerForm action=tailor attr:class="form">
                        <input type="hidden" name="application" value=id.to_string() />
                        <button class="button button-primary" type="submit">"Tailor a CV"</button>
                    </ServerForm>
                    <p class="small"><a href=paths::CVS>"All CV versions"</a></p>
                </div>
                <SentCard application=id />
            </aside>
        </div>
        <details class="card" open=move || update_error.get().is_some()>
            <summary>"Edit details"</summary>
            <FormMessage error=update_error />
            <ServerForm action=actions.update attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <ApplicationFields initial=app.to_form() error=update_error />
                <button class="button button-primary" type="submit">"Save changes"</button>
            </ServerForm>
        </details>
        <ConfirmDelete what="application" error=delete_error>
            <ServerForm action=actions.delete attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <label class="checkbox">
                    <input type="checkbox" name="confirm" value="yes" required=true />
                    " Yes, delete it with its timeline and interviews."
                </label>
                <button class="button button-danger" type="submit">"Delete application"</button>
            </ServerForm>
        </ConfirmDelete>
    }
}

fn describe(entry: &TimelineEntry) -> String {
    match entry.kind {
        TimelineKind::Created => "Added".to_owned(),
        TimelineKind::Status {
            from: Some(from),
            to,
        } => format!("{} → {}", from.label(), to.label()),
        TimelineKind::Status { from: None, to } => format!("Moved to {}", to.label()),
        TimelineKind::Note => "Note".to_owned(),
    }
}

#[component]
fn Timeline(
    id: ApplicationId,
    entries: Vec<TimelineEntry>,
    action: FormAction<AddNote>,
) -> impl IntoView {
    let error = action_error(action);
    view! {
        <div class="card">
            <h2>"Timeline"</h2>
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <TextArea label="Add a note" name="body" error rows=2 required=true />
                <button class="button" type="submit">"Add note"</button>
            </ServerForm>
            <ol class="timeline">
                {entries
                    .into_iter()
                    .map(|entry| {
                        let what = describe(&entry);
                        view! {
                            <li class="timeline-entry" data-kind=match entry.kind { TimelineKind::Status { .. } => "status", TimelineKind::Note => "note", TimelineKind::Created => "created" }>
                                <p class="timeline-what">{what}</p>
                                {entry.body.map(|body| view! { <p class="prewrap">{body}</p> })}
                                <p class="muted">
                                    <time datetime=entry.occurred_at.to_rfc3339()>{dates::utc_minute(entry.occurred_at)}</time>
                                    {entry.actor.map(|actor| format!(" · {actor}"))}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Interviews(
    id: ApplicationId,
    interviews: Vec<InterviewView>,
    actions: Actions,
    timezone: String,
) -> impl IntoView {
    let error = action_error(actions.interview);
    let outcome_error = action_error(actions.outcome);
    let kinds = InterviewKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect::<Vec<_>>();
    let outcomes = || {
        InterviewOutcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label()))
            .collect::<Vec<_>>()
    };
    let empty = interviews.is_empty();
    view! {
        <div class="card">
            <h2>"Interviews"</h2>
            <FormMessage error=outcome_error />
            {empty.then(|| view! { <p class="muted">"No interviews yet."</p> })}
            <ul class="plain-list">
                {interviews
                    .into_iter()
                    .map(|interview| {
                        let outcome_id = format!("outcome-{}", interview.id);
                        view! {
                            <li class="interview">
                                <p>
                                    <strong>{dates::weekday_day_month_year_time(interview.scheduled_local)}</strong>
                                    {format!(" · {} · {} min", interview.kind.label(), interview.duration_minutes)}
                                </p>
                                {interview.interviewers.map(|people| view! { <p class="muted">"With " {people}</p> })}
                                {interview.location.map(|place| view! { <p class="muted">{place}</p> })}
                                {interview.meeting_url.map(|url| view! { <p><a href=url.clone() rel="noopener noreferrer nofollow" target="_blank">{url.clone()}</a></p> })}
                                <div class="row-actions">
                                    <ServerForm action=actions.outcome attr:class="inline-fields">
                                        <input type="hidden" name="id" value=interview.id.to_string() />
                                        <label class="visually-hidden" for=outcome_id.clone()>"Outcome"</label>
                                        <select id=outcome_id name="outcome">
                                            {outcomes()
                                                .into_iter()
                                                .map(|(value, label)| view! { <option value=value selected=interview.outcome.as_str() == value>{label}</option> })
                                                .collect_view()}
                                        </select>
                                        <button class="button button-small" type="submit">"Save"</button>
                                    </ServerForm>
                                    <ServerForm action=actions.drop_interview attr:class="inline-form">
                                        <input type="hidden" name="id" value=interview.id.to_string() />
                                        <button class="button button-small" type="submit">"Remove"</button>
                                    </ServerForm>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <details open=move || error.get().is_some()>
                <summary>"Add an interview"</summary>
                <FormMessage error />
                <ServerForm action=actions.interview attr:class="form">
                    <input type="hidden" name="application_id" value=id.to_string() />
                    <p class="muted">{format!("Times are in your time zone, {timezone}.")}</p>
                    <div class="form-grid">
                        <Field label="Date and time" name="scheduled_at" kind="datetime-local" error form="interview" />
                        <Field label="Length (minutes)" name="duration_minutes" kind="number" error value="60" form="interview" />
                        <Select label="Kind" name="kind" options=kinds error value="video".to_owned() form="interview" />
                        <Field label="Interviewers" name="interviewers" error required=false form="interview" maxlength=500 />
                        <Field label="Place" name="location" error required=false form="interview" maxlength=500 />
                        <Field label="Meeting link" name="meeting_url" kind="url" error required=false form="interview" />
                    </div>
                    <button class="button button-primary" type="submit">"Add interview"</button>
                </ServerForm>
            </details>
        </div>
    }
}

#[component]
fn Contacts(detail: ApplicationDetail, actions: Actions) -> impl IntoView {
    let id = detail.application.id;
    let error: Signal<Option<FormError>> = action_error(actions.link);
    let has_others = !detail.other_contacts.is_empty();
    view! {
        <div class="card">
            <h2>"Contacts"</h2>
            <FormMessage error />
            <ul class="plain-list">
                {detail
                    .contacts
                    .into_iter()
                    .map(|contact| view! {
                        <li class="row-actions">
                            <a href=paths::contact(contact.id)>{contact.full_name}</a>
                            <span class="muted">{contact.relationship.label()}</span>
                            <ServerForm action=actions.unlink attr:class="inline-form">
                                <input type="hidden" name="application_id" value=id.to_string() />
                                <input type="hidden" name="contact_id" value=contact.id.to_string() />
                                <button class="button button-small" type="submit" aria-label="Unlink">"×"</button>
                            </ServerForm>
                        </li>
                    })
                    .collect_view()}
            </ul>
            {has_others.then(|| view! {
                <ServerForm action=actions.link attr:class="inline-fields">
                    <input type="hidden" name="application_id" value=id.to_string() />
                    <label class="visually-hidden" for="link-contact">"Contact"</label>
                    <select id="link-contact" name="contact_id">
                        {detail
                            .other_contacts
                            .into_iter()
                            .map(|contact| view! { <option value=contact.id.to_string()>{contact.full_name}</option> })
                            .collect_view()}
                    </select>
                    <button class="button button-small" type="submit">"Link"</button>
                </ServerForm>
            })}
            <p><a href=paths::NEW_CONTACT>"Add a new contact"</a></p>
        </div>
    }
}
