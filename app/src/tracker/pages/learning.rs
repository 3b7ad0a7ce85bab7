//! Learning: courses, certifications, workshops and projects, with an add form and an edit page.

use careerhub_domain::ids::ActivityId;
use careerhub_domain::paths;
use careerhub_domain::tracker::{Activity, ActivityForm, ActivityStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormMessage, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::tracker::components::{ActivityFields, ConfirmDelete, id_param};
use crate::tracker::server::{
    CreateActivity, DeleteActivity, UpdateActivity, list_activities, load_activity,
};

#[component]
pub fn LearningPage() -> impl IntoView {
    view! {
        <Title text="Learning" />
        <section class="container tracker-page">
            <div class="page-head">
                <h1>"Learning"</h1>
            </div>
            <Protected next=paths::LEARNING>{|| view! { <Learning /> }}</Protected>
        </section>
    }
}

#[component]
fn Learning() -> impl IntoView {
    let create = FormAction::<CreateActivity>::new();
    let error = action_error(create);
    let activities = page_data(move || create.version().get(), |_| list_activities());
    view! {
        <details class="card" open=move || error.get().is_some()>
            <summary>"Add an activity"</summary>
            <FormMessage error />
            <ServerForm action=create attr:class="form">
                <ActivityFields initial=ActivityForm::default() error />
                <button class="button button-primary" type="submit">"Add activity"</button>
            </ServerForm>
        </details>
        <Load data=activities let:list>
            {if list.is_empty() {
                view! {
                    <div class="card empty-state"><p>"Nothing yet. Courses, certifications, workshops and side projects go here."</p></div>
                }
                .into_any()
            } else {
                view! {
                    <div class="activity-grid">
                        {list.into_iter().map(|item| view! { <ActivityCard item /> }).collect_view()}
                    </div>
                }
                .into_any()
            }}
        </Load>
    }
}

#[component]
fn ActivityCard(item: Activity) -> impl IntoView {
    let status_class = match item.status {
        ActivityStatus::Completed => "status status-accepted",
        ActivityStatus::InProgress => "status status-interviewing",
        ActivityStatus::Planned => "status status-wishlist",
    };
    let dates = match (item.started_on, item.completed_on) {
        (Some(start), Some(end)) => Some(format!("{start} – {end}")),
        (Some(start), None) => Some(format!("since {start}")),
        (None, Some(end)) => Some(format!("completed {end}")),
        (None, None) => None,
    };
    view! {
        <article class="card activity">
            <p class="muted">{item.kind.label()} {item.provider.map(|p| format!(" · {p}"))}</p>
            <h2><a href=paths::activity(item.id)>{item.title}</a></h2>
            <p><span class=status_class>{item.status.label()}</span></p>
            {dates.map(|dates| view! { <p class="muted">{dates}</p> })}
            {(!item.skills.is_empty()).then(|| view! {
                <ul class="tags">{item.skills.into_iter().map(|skill| view! { <li>{skill}</li> }).collect_view()}</ul>
            })}
            {item.url.map(|url| view! { <p><a href=url rel="noopener noreferrer nofollow" target="_blank">"Link ↗"</a></p> })}
        </article>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = id_param::<ActivityId>();
    view! {
        <Title text="Edit activity" />
        <section class="container tracker-page narrow">
            <p><a href=paths::LEARNING>"← Learning"</a></p>
            <Protected next=paths::LEARNING>
                {move || match id() {
                    Some(id) => view! { <EditActivity id /> }.into_any(),
                    None => view! { <Missing what="Activity" back=paths::LEARNING /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn EditActivity(id: ActivityId) -> impl IntoView {
    let update = FormAction::<UpdateActivity>::new();
    let delete = FormAction::<DeleteActivity>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    let item = page_data(move || id, load_activity);
    view! {
        <Load data=item record=Record { what: "Activity", back: paths::LEARNING } let:item>
            <h1>{item.title.clone()}</h1>
            <div class="card">
                <FormMessage error />
                <ServerForm action=update attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <ActivityFields initial=item.to_form() error />
                    <button class="button button-primary" type="submit">"Save changes"</button>
                </ServerForm>
            </div>
            <ConfirmDelete what="activity" error=delete_error>
                <ServerForm action=delete attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " Yes, delete this activity."
                    </label>
                    <button class="button button-danger" type="submit">"Delete activity"</button>
                </ServerForm>
            </ConfirmDelete>
        </Load>
    }
}
