//! The dashboard: the pipeline at a glance, this week against last, the response rate, the next
//! seven days of interviews, follow-ups due, and what changed recently.

use careerhub_domain::dates;
use careerhub_domain::paths;
use careerhub_domain::tracker::{Dashboard, TimelineKind};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{Load, Protected};
use crate::data::page_data;
use crate::tracker::components::StatusBadge;
use crate::tracker::server::load_dashboard;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text="Dashboard" />
        <section class="container tracker-page">
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <a class="button button-primary" href=paths::NEW_APPLICATION>"Add application"</a>
            </div>
            <Protected next=paths::DASHBOARD>{|| view! { <DashboardView /> }}</Protected>
        </section>
    }
}

#[component]
fn DashboardView() -> impl IntoView {
    let data = page_data(|| (), |_| load_dashboard());
    view! {
        <Load data=data let:data>
            <DashboardBody data />
        </Load>
    }
}

#[component]
fn DashboardBody(data: Dashboard) -> impl IntoView {
    let rate = data
        .response_rate()
        .map(|rate| format!("{rate}%"))
        .unwrap_or_else(|| "—".into());
    let trend = data.added_this_week - data.added_last_week;
    let trend_text = match trend {
        0 => "same as last week".to_owned(),
        n if n > 0 => format!("{n} more than last week"),
        n => format!("{} fewer than last week", -n),
    };
    let today = data.today;
    view! {
        <div class="stat-grid">
            <div class="card stat">
                <p class="stat-label">"Added this week"</p>
                <p class="stat-value">{data.added_this_week}</p>
                <p class="muted">{format!("{} last week · {trend_text}", data.added_last_week)}</p>
            </div>
            <div class="card stat">
                <p class="stat-label">"Response rate"</p>
                <p class="stat-value">{rate}</p>
                <p class="muted">{format!("{} of {} sent reached screening or beyond", data.responded, data.applied)}</p>
            </div>
            <div class="card stat">
                <p class="stat-label">"Interviews in the next 7 days"</p>
                <p class="stat-value">{data.upcoming_interviews.len()}</p>
                <p class="muted">{format!("{} applications in all", data.total)}</p>
            </div>
        </div>
        <div class="card">
            <h2>"Pipeline"</h2>
            <ul class="pipeline">
                {data
                    .counts
                    .iter()
                    .map(|(status, count)| view! {
                        <li>
                            <a href=paths::applications_in(*status)>
                                <span class="pipeline-count">{*count}</span>
                                <StatusBadge status=*status />
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </div>
        <div class="detail-grid">
            <div class="card">
                <h2>"Upcoming interviews"</h2>
                {if data.upcoming_interviews.is_empty() {
                    view! { <p class="muted">"None in the next seven days."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {data.upcoming_interviews.into_iter().map(|item| view! {
                                <li>
                                    <strong>{dates::weekday_day_month_time(item.scheduled_local)}</strong>
                                    " "
                                    <a href=paths::application(item.application_id)>{format!("{} at {}", item.role_title, item.company)}</a>
                                    <span class="muted">{format!(" · {}", item.kind.label())}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
            <div class="card">
                <h2>"Follow-ups"</h2>
                {if data.follow_ups.is_empty() {
                    view! { <p class="muted">"Nothing due this week."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {data.follow_ups.into_iter().map(|item| {
                                let when = if item.due_on < today {
                                    format!("overdue since {}", dates::day_month(item.due_on))
                                } else if item.due_on == today {
                                    "today".to_owned()
                                } else {
                                    dates::weekday_day_month(item.due_on)
                                };
                                view! {
                                    <li class:overdue=item.due_on < today>
                                        <a href=item.link>{item.title}</a>
                                        <span class="muted">{format!(" · {when}")}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
        </div>
        <div class="card">
            <h2>"Recent activity"</h2>
            {if data.recent.is_empty() {
                view! { <p class="muted">"Nothing yet. "<a href=paths::NEW_APPLICATION>"Add your first application"</a>"."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {data.recent.into_iter().map(|item| {
                            let what = match item.kind {
                                TimelineKind::Created => "Added".to_owned(),
                                TimelineKind::Status { to, .. } => format!("Moved to {}", to.label()),
                                TimelineKind::Note => "Note added".to_owned(),
                            };
                            view! {
                                <li>
                                    {what} " · "
                                    <a href=paths::application(item.application_id)>{format!("{} at {}", item.role_title, item.company)}</a>
                                    <span class="muted">{format!(" · {}", dates::utc_minute(item.occurred_at))}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}
