//! The user's analytics: the funnel and applications per week, as SVG drawn on the server. The
//! charts use the page's colours (so they follow dark mode), carry a title and description for
//! screen readers, and each has its figures in a table below.

use careerhub_domain::dates;
use careerhub_domain::paths;
use careerhub_domain::tracker::{AnalyticsView, WeekFigures};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{Load, Protected};
use crate::data::page_data;
use crate::tracker::server::load_analytics;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    view! {
        <Title text="Analytics" />
        <section class="container tracker-page">
            <div class="page-head">
                <h1>"Analytics"</h1>
            </div>
            <Protected next=paths::ANALYTICS>{|| view! { <AnalyticsView /> }}</Protected>
        </section>
    }
}

#[component]
fn AnalyticsView() -> impl IntoView {
    let data = page_data(|| (), |_| load_analytics());
    view! {
        <Load data=data let:data>
            <Charts data />
        </Load>
    }
}

#[component]
fn Charts(data: AnalyticsView) -> impl IntoView {
    view! {
        <div class="card">
            <h2 id="funnel-title">"Funnel"</h2>
            <p class="muted">"How many applications reached each stage, now or at some point."</p>
            <Funnel funnel=data.funnel.clone() />
        </div>
        <div class="card">
            <h2 id="weeks-title">"Applications per week"</h2>
            <p class="muted">"Added and sent in the last twelve weeks (weeks start on Monday; this week so far)."</p>
            <Weeks weeks=data.weeks.clone() />
        </div>
    }
}

const WIDTH: f64 = 640.0;

#[component]
fn Funnel(funnel: Vec<(careerhub_domain::tracker::ApplicationStatus, i64)>) -> impl IntoView {
    let max = funnel.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let row = 34.0;
    let label_width = 110.0;
    let height = row * funnel.len() as f64 + 8.0;
    let summary = funnel
        .iter()
        .map(|(status, n)| format!("{}: {n}", status.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let bars = funnel.clone().into_iter().enumerate().map(|(index, (status, n))| {
        let y = index as f64 * row + 4.0;
        let width = ((WIDTH - label_width - 60.0) * n as f64 / max).max(if n > 0 { 2.0 } else { 0.0 });
        view! {
            <g>
                <text x=label_width - 8.0 y=y + 20.0 text-anchor="end" class="chart-label">{status.label()}</text>
                <rect x=label_width y=y + 4.0 width=width height=row - 10.0 rx="4" class=format!("chart-bar bar-{}", status.as_str()) />
                <text x=label_width + width + 6.0 y=y + 20.0 class="chart-value">{n}</text>
            </g>
        }
    }).collect_view();
    view! {
        <div class="chart-scroll">
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="funnel-title funnel-desc">
                <desc id="funnel-desc">{summary}</desc>
                {bars}
            </svg>
        </div>
        <table class="visually-hidden">
            <caption>"Applications per stage"</caption>
            <tbody>
                {funnel.into_iter().map(|(status, n)| view! { <tr><th scope="row">{status.label()}</th><td>{n}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Weeks(weeks: Vec<WeekFigures>) -> impl IntoView {
    let height = 220.0;
    let bottom = 28.0;
    let left = 28.0;
    let max = weeks
        .iter()
        .map(|w| w.added.max(w.sent))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (WIDTH - left) / weeks.len().max(1) as f64;
    let bar = (slot - 10.0) / 2.0;
    let scale = |n: i64| (height - bottom - 16.0) * n as f64 / max;
    let summary = weeks
        .iter()
        .map(|w| {
            format!(
                "week of {}: {} added, {} sent",
                dates::day_month(w.week_start),
                w.added,
                w.sent
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let groups = weeks.iter().enumerate().map(|(index, week)| {
        let x = left + index as f64 * slot + 5.0;
        let (added, sent) = (scale(week.added), scale(week.sent));
        view! {
            <g>
                <rect x=x y=height - bottom - added width=bar height=added rx="3" class="chart-bar bar-added">
                    <title>{format!("{} added", week.added)}</title>
                </rect>
                <rect x=x + bar y=height - bottom - sent width=bar height=sent rx="3" class="chart-bar bar-sent">
                    <title>{format!("{} sent", week.sent)}</title>
                </rect>
                <text x=x + bar y=height - 10.0 text-anchor="middle" class="chart-label chart-small">
                    {dates::day_month(week.week_start)}
                </text>
            </g>
        }
    }).collect_view();
    view! {
        <div class="chart-scroll">
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="weeks-title weeks-desc">
                <desc id="weeks-desc">{summary}</desc>
                <line x1=left y1=height - bottom x2=WIDTH y2=height - bottom class="chart-axis" />
                <text x="0" y="14" class="chart-label chart-small">{max as i64}</text>
                {groups}
            </svg>
        </div>
        <p class="chart-legend">
            <span class="legend-swatch bar-added"></span>" Added "
            <span class="legend-swatch bar-sent"></span>" Sent"
        </p>
        <table class="visually-hidden">
            <caption>"Applications per week"</caption>
            <thead><tr><th scope="col">"Week of"</th><th scope="col">"Added"</th><th scope="col">"Sent"</th></tr></thead>
            <tbody>
                {weeks.into_iter().map(|w| view! {
                    <tr><th scope="row">{w.week_start.to_string()}</th><td>{w.added}</td><td>{w.sent}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
