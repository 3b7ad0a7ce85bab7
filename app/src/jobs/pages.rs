//! `/jobs` (search) and `/jobs/{id}` (one posting).

use careerhub_domain::ids::JobPostingId;
use careerhub_domain::jobs::{
    EmploymentType, JobResults, JobSearch, JobSort, PostedWithin, PostingCard, PostingDetail,
    SnippetPart, SourceKind, Workplace,
};
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::server::{job_posting, search_jobs};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::escape::SanitisedHtml;
use crate::tracker::components::id_param;

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <Title text="Jobs" />
        <section class="container jobs-page">
            <div class="page-head">
                <h1>"Jobs"</h1>
            </div>
            <Protected next=paths::JOBS>{|| view! { <JobSearchView /> }}</Protected>
        </section>
    }
}

#[component]
fn JobSearchView() -> impl IntoView {
    let query_map = use_query_map();
    let search = move || {
        let map = query_map.read();
        JobSearch::from_params(|name| map.get(name))
    };
    let results = Resource::new(search, search_jobs);
    // The form starts from the address; it is read once, not tracked.
    let current = untrack(search);
    view! {
        <SearchForm current />
        <Load data=results let:results>
            <Results results search=search() />
        </Load>
    }
}

/// A select's options: "any" first, then every value, the chosen one selected.
fn options<T: Copy + PartialEq + 'static>(
    all: &'static [T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: Option<T>,
    any: &'static str,
) -> impl IntoView {
    view! {
        <option value="">{any}</option>
        {all
            .iter()
            .map(|&item| {
                view! { <option value=value(item) selected=chosen == Some(item)>{label(item)}</option> }
            })
            .collect_view()}
    }
}

#[component]
fn SearchForm(current: JobSearch) -> impl IntoView {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    view! {
        <Form method="GET" action=paths::JOBS attr:class="filter-bar job-filters" attr:role="search">
            <div class="field field-wide">
                <label for="jobs-q">"Search"</label>
                <input id="jobs-q" type="search" name="q" value=text(&current.q) maxlength=200
                    placeholder="Title, company or skill: rust \"site reliability\" -crypto" />
            </div>
            <button class="button button-primary" type="submit">"Search"</button>
            // Closed on a phone until asked for (open when a filter is set), so the results are
            // on the first screen; a plain details element works without JavaScript.
            <details class="more-filters" open=current.filtered()>
                <summary>"Filters"</summary>
                <div class="filter-fields">
                <div class="field">
                    <label for="jobs-location">"Location"</label>
                    <input id="jobs-location" type="text" name="location" value=text(&current.location) maxlength=100 placeholder="Berlin" />
                </div>
                <div class="field">
                    <label for="jobs-workplace">"Workplace"</label>
                    <select id="jobs-workplace" name="workplace">
                        {options(Workplace::ALL, Workplace::as_str, Workplace::label, current.workplace, "Any")}
                    </select>
                </div>
                <div class="field">
                    <label for="jobs-type">"Type"</label>
                    <select id="jobs-type" name="type">
                        {options(EmploymentType::ALL, EmploymentType::as_str, EmploymentType::label, current.employment_type, "Any")}
                    </select>
                </div>
                <div class="field">
                    <label for="jobs-salary">"Salary at least (yearly)"</label>
                    <input id="jobs-salary" type="text" inputmode="numeric" name="min_salary" maxlength=12
                        value=current.min_salary.map(|s| s.to_string()).unwrap_or_default() placeholder="80000 or 80k" />
                </div>
                <div class="field">
                    <label for="jobs-posted">"Posted"</label>
                    <select id="jobs-posted" name="posted">
                        {options(PostedWithin::ALL, PostedWithin::as_str, PostedWithin::label, current.posted_within, "Any time")}
                    </select>
                </div>
                <div class="field">
                    <label for="jobs-company">"Company"</label>
                    <input id="jobs-company" type="text" name="company" value=text(&current.company) maxlength=100 />
                </div>
                <div class="field">
                    <label for="jobs-source">"Source"</label>
                    <select id="jobs-source" name="source">
                        {options(SourceKind::ALL, SourceKind::as_str, SourceKind::label, current.source, "Any")}
                    </select>
                </div>
                <div class="field">
                    <label for="jobs-sort">"Sort"</label>
                    <select id="jobs-sort" name="sort">
                        {options(JobSort::ALL, JobSort::as_str, JobSort::label, current.sort, "Best for the search")}
                    </select>
                </div>
                </div>
            </details>
        </Form>
    }
}

#[component]
fn Results(results: JobResults, search: JobSearch) -> impl IntoView {
    let JobResults {
        rows,
        total,
        next,
        suggestions,
    } = results;
    let suggestion_links = suggestions
        .into_iter()
        .map(|words| {
            let href = JobSearch {
                q: Some(words.clone()),
                after: None,
                ..search.clone()
            }
            .href(paths::JOBS, None);
            view! { <a href=href>{words}</a> }
        })
        .collect::<Vec<_>>();
    let did_you_mean = (!suggestion_links.is_empty()).then(|| {
        view! { <p class="did-you-mean">"Did you mean: " {suggestion_links} "?"</p> }
    });
    let first_page = search.after.is_some().then(|| {
        view! { <a class="button" href=search.href(paths::JOBS, None)>"First page"</a> }
    });
    let next_page = next.map(|after| {
        view! { <a class="button" rel="next" href=search.href(paths::JOBS, Some(&after))>"Next page"</a> }
    });
    let body = if rows.is_empty() {
        view! {
            <div class="card empty-state">
                <p>"No open postings match. Fewer words or filters find more."</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <ol class="job-results">
                {rows.into_iter().map(|card| view! { <li><JobCard card /></li> }).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <p class="result-count" role="status">{total.to_string()}</p>
        {did_you_mean}
        {body}
        <nav class="pager" aria-label="Pages">{first_page}{next_page}</nav>
    }
}

fn facts(card: &PostingCard) -> Vec<String> {
    let mut facts = Vec::new();
    if !card.locations.is_empty() {
        facts.push(card.locations.join(" · "));
    }
    facts.extend(card.workplace.map(|w| w.label().to_owned()));
    facts.extend(card.employment_type.map(|t| t.label().to_owned()));
    facts.extend(card.salary.as_ref().map(|salary| salary.display()));
    facts.push(format!("Posted {}", card.listed_at.format("%-d %b %Y")));
    facts
}

fn snippet(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|part| {
            if part.matched {
                view! { <mark>{part.text}</mark> }.into_any()
            } else {
                part.text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn JobCard(card: PostingCard) -> impl IntoView {
    let facts = facts(&card);
    view! {
        <article class="card job-card">
            <h2><a href=paths::job(card.id)>{card.title}</a></h2>
            <p class="job-company">{card.company}{card.own.then(|| view! { <span class="badge badge-muted">"Yours"</span> })}</p>
            <p class="job-facts">{facts.join(" · ")}</p>
            <p class="job-snippet">{snippet(card.snippet)}</p>
        </article>
    }
}

#[component]
pub fn JobPage() -> impl IntoView {
    let id = id_param::<JobPostingId>();
    view! {
        <Title text="Job posting" />
        <section class="container jobs-page narrow">
            <Protected next=paths::JOBS>
                {move || match id() {
                    Some(id) => view! { <PostingView id /> }.into_any(),
                    None => view! { <Missing what="Job posting" back=paths::JOBS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn PostingView(id: JobPostingId) -> impl IntoView {
    let detail = Resource::new(move || id, job_posting);
    view! {
        <Load data=detail record=Record { what: "Job posting", back: paths::JOBS } let:detail>
            <PostingBody detail />
        </Load>
    }
}

#[component]
fn PostingBody(detail: PostingDetail) -> impl IntoView {
    let facts = facts(&detail.card);
    let skills = |names: Vec<String>| {
        view! { <ul class="tags">{names.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}</ul> }
    };
    let required = (!detail.required_skills.is_empty()).then(|| {
        view! { <h2>"Skills asked for"</h2> {skills(detail.required_skills)} }
    });
    let preferred = (!detail.preferred_skills.is_empty()).then(|| {
        view! { <h2>"Nice to have"</h2> {skills(detail.preferred_skills)} }
    });
    let source = detail
        .source
        .map(|source| format!("From a {}.", source.label().to_lowercase()));
    view! {
        <Title text=detail.card.title.clone() />
        <p><a href=paths::JOBS>"← Jobs"</a></p>
        <article class="card job-posting">
            <h1>{detail.card.title}</h1>
            <p class="job-company">{detail.card.company}</p>
            <p class="job-facts">{facts.join(" · ")}</p>
            {detail.closed.then(|| view! { <p class="alert alert-warning">"This posting is closed: it is no longer on its job board."</p> })}
            {detail.url.map(|url| view! {
                <p><a class="button button-primary" href=url rel="nofollow noopener noreferrer" target="_blank">"View the original posting"</a></p>
            })}
            {required}
            {preferred}
            <h2>"Description"</h2>
            <SanitisedHtml html=detail.description_html class="job-description" />
            <p class="muted">{source}</p>
        </article>
    }
}
