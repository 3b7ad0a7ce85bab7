//! `/jobs` (search) and `/jobs/{id}` (one posting).

use careerhub_domain::dates;
use careerhub_domain::ids::JobPostingId;
use careerhub_domain::jobs::alerts::{AlertFrequency, SaveSearchForm, SavedSearch};
use careerhub_domain::jobs::matching::{Fit, Verdict};
use careerhub_domain::jobs::{
    EmploymentType, JobResults, JobSearch, JobSort, MinFit, OwnPostingForm, PostedWithin,
    PostingCard, PostingDetail, SalaryInterval, SaveJobForm, SavedJob, SavedNote, SnippetPart,
    SourceKind, Total, Workplace,
};
use careerhub_domain::paths;
use careerhub_domain::tracker::grouped;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::server::{
    AddOwnPosting, AddPostingFromLink, DeleteOwnPosting, DeleteSavedSearch, PlanLearning, SaveJob,
    SaveSearch, SetAlertFrequency, TrackJob, UnsaveJob, job_posting, saved_jobs, saved_searches,
    search_jobs,
};
use crate::components::form::{Field, FormMessage, Select, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::escape::SanitisedHtml;
use crate::tracker::components::id_param;

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <Title text="Jobs" />
        <section class="container jobs-page">
            <div class="page-head">
                <h1>"Jobs"</h1>
                <div class="button-row">
                    <a class="button" href=paths::NEW_JOB>"Add a posting"</a>
                    <a class="button" href=paths::SAVED_SEARCHES>"Saved searches"</a>
                    <a class="button" href=paths::SAVED_JOBS>"Saved jobs"</a>
                </div>
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
    let results = page_data(search, search_jobs);
    let save = FormAction::<SaveSearch>::new();
    // The form starts from the address; it is read once, not tracked.
    let current = untrack(search);
    view! {
        <SearchForm current />
        <Load data=results let:results>
            <SaveSearchBox search=search() save />
            <Results results search=search() />
        </Load>
    }
}

/// "Save this search" with how often to email its new postings; the search shown is the one
/// saved.
#[component]
fn SaveSearchBox(search: JobSearch, save: FormAction<SaveSearch>) -> impl IntoView {
    let error = action_error(save);
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let frequencies: Vec<(&'static str, &'static str)> = AlertFrequency::ALL
        .iter()
        .map(|frequency| (frequency.as_str(), frequency.label()))
        .collect();
    view! {
        <details class="save-search" open=move || error.get().is_some()>
            <summary>"Save this search"</summary>
            <ServerForm action=save attr:class="form save-search-form">
                <input type="hidden" name="query" value=search.query() />
                <FormMessage error />
                <Field label="Name" name="name" error value=search.suggested_name()
                    maxlength=SaveSearchForm::NAME_MAX as u32 form="save-search" />
                <Select label="Email me new postings" name="frequency" options=frequencies error
                    value=AlertFrequency::Daily.as_str() form="save-search" />
                <button class="button button-primary" type="submit">"Save search"</button>
            </ServerForm>
            <Show when=saved>
                <p class="alert alert-success" role="status">
                    "Saved. " <a href=paths::SAVED_SEARCHES>"See your saved searches"</a>
                </p>
            </Show>
        </details>
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
                    <label for="jobs-fit">"Fit with my profile"</label>
                    <select id="jobs-fit" name="fit">
                        {options(MinFit::ALL, MinFit::as_str, MinFit::label, current.min_fit, "Any")}
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
    // Past the count's cap, a fit order covers only the newest matches (`FIT_RANKED`).
    let partly_ranked = (search.effective_sort() == JobSort::Fit
        && matches!(total, Total::AtLeast(_)))
    .then(|| {
        view! {
            <p class="muted">
                {format!(
                    "Ranked by fit among the newest {} matches: add words or filters to rank them all.",
                    grouped(JobSearch::FIT_RANKED),
                )}
            </p>
        }
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
        {partly_ranked}
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
    facts.push(format!(
        "Posted {}",
        dates::day_month_year(card.listed_at.date_naive())
    ));
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

/// "72% fit": a badge that stands out when the posting fits well, muted when it fits poorly.
fn fit_badge(score: u8) -> impl IntoView {
    let class = if score >= 70 {
        "badge fit-score"
    } else {
        "badge badge-muted fit-score"
    };
    view! {
        <span class=class title="How well it fits your profile, out of 100: its page says why">
            {score}"% fit"
        </span>
    }
}

#[component]
fn JobCard(card: PostingCard) -> impl IntoView {
    let facts = facts(&card);
    view! {
        <article class="card job-card">
            <h2><a href=paths::job(card.id)>{card.title}</a></h2>
            <p class="job-company">
                {card.company}
                {card.own.then(|| view! { <span class="badge badge-muted">"Yours"</span> })}
                {card.fit.map(fit_badge)}
            </p>
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

/// What a person can do on a posting's page; saving and unsaving refresh it in place, tracking
/// and planning open what they made.
#[derive(Clone, Copy)]
struct PostingActions {
    save: FormAction<SaveJob>,
    unsave: FormAction<UnsaveJob>,
    track: FormAction<TrackJob>,
    plan: FormAction<PlanLearning>,
    delete: FormAction<DeleteOwnPosting>,
}

#[component]
fn PostingView(id: JobPostingId) -> impl IntoView {
    let actions = PostingActions {
        save: FormAction::new(),
        unsave: FormAction::new(),
        track: FormAction::new(),
        plan: FormAction::new(),
        delete: FormAction::new(),
    };
    let detail = page_data(
        move || {
            (
                id,
                actions.save.version().get() + actions.unsave.version().get(),
            )
        },
        |(id, _)| job_posting(id),
    );
    view! {
        <Load data=detail record=Record { what: "Job posting", back: paths::JOBS } let:detail>
            <PostingBody detail actions />
        </Load>
    }
}

#[component]
fn PostingBody(detail: PostingDetail, actions: PostingActions) -> impl IntoView {
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
    let id = detail.card.id;
    let track_error = action_error(actions.track);
    let tracking = match detail.tracked {
        Some(application) => view! {
            <a class="button" href=paths::application(application)>"Open your application"</a>
        }
        .into_any(),
        None => view! {
            <ServerForm action=actions.track attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button class="button" type="submit">"Track this job"</button>
            </ServerForm>
        }
        .into_any(),
    };
    view! {
        <Title text=detail.card.title.clone() />
        <p><a href=paths::JOBS>"← Jobs"</a>" · "<a href=paths::SAVED_JOBS>"Saved jobs"</a></p>
        <article class="card job-posting">
            <h1>{detail.card.title}</h1>
            <p class="job-company">{detail.card.company}</p>
            <p class="job-facts">{facts.join(" · ")}</p>
            {detail.closed.then(|| view! { <p class="alert alert-warning">"This posting is closed: it is no longer on its job board."</p> })}
            <FormMessage error=track_error />
            <div class="button-row job-actions">
                {detail.url.map(|url| view! {
                    <a class="button button-primary" href=url rel="nofollow noopener noreferrer" target="_blank">"View the original posting"</a>
                })}
                {tracking}
            </div>
            <SaveBox id saved=detail.saved actions />
            <FitView fit=detail.fit plan=actions.plan />
            {required}
            {preferred}
            <h2>"Description"</h2>
            <SanitisedHtml html=detail.description_html class="job-description" />
            <p class="muted">{source}</p>
            {detail.card.own.then(|| view! { <DeleteOwn id delete=actions.delete /> })}
        </article>
    }
}

/// A posting the person added: deleted after a second click.
#[component]
fn DeleteOwn(id: JobPostingId, delete: FormAction<DeleteOwnPosting>) -> impl IntoView {
    let error = action_error(delete);
    view! {
        <details class="confirm-delete">
            <summary>"Delete this posting…"</summary>
            <FormMessage error />
            <p>"Only you can see it. An application made from it keeps its details."</p>
            <ServerForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button class="button button-small button-danger" type="submit">"Delete the posting"</button>
            </ServerForm>
        </details>
    }
}

/// Saving with an optional note, or the note kept and a way to remove it.
#[component]
fn SaveBox(id: JobPostingId, saved: Option<SavedNote>, actions: PostingActions) -> impl IntoView {
    let error = action_error(actions.save);
    let unsave_error = action_error(actions.unsave);
    let note_form = move |note: Option<String>, label: &'static str| {
        view! {
            <ServerForm action=actions.save attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <TextArea label="Note (only you see it)" name="note" error value=note.unwrap_or_default()
                    rows=3 maxlength=SaveJobForm::NOTE_MAX as u32 />
                <button class="button button-small" type="submit">{label}</button>
            </ServerForm>
        }
    };
    let body = match saved {
        Some(saved) => view! {
            <p>
                <strong>"Saved"</strong>{format!(" on {}", dates::day_month_year(saved.saved_at.date_naive()))}
            </p>
            {saved.note.clone().map(|note| view! { <p class="saved-note">{note}</p> })}
            <details open=move || error.get().is_some()>
                <summary>{if saved.note.is_some() { "Edit the note" } else { "Add a note" }}</summary>
                {note_form(saved.note, "Save the note")}
            </details>
            <ServerForm action=actions.unsave attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button class="button button-small" type="submit">"Remove from saved jobs"</button>
            </ServerForm>
        }
        .into_any(),
        None => view! {
            <details open=move || error.get().is_some()>
                <summary>"Save this job"</summary>
                {note_form(None, "Save")}
            </details>
        }
        .into_any(),
    };
    view! {
        <section class="save-job" aria-label="Saved">
            <FormMessage error=unsave_error />
            {body}
        </section>
    }
}

/// The posting's fit with the person's profile, every reason shown, and each missing skill one
/// click from the learning plan.
#[component]
fn FitView(fit: Fit, plan: FormAction<PlanLearning>) -> impl IntoView {
    let error = action_error(plan);
    let reasons = fit
        .reasons
        .into_iter()
        .map(|reason| {
            let (class, mark, said) = match reason.verdict {
                Verdict::Fits => ("fit-fits", "✓", "Fits: "),
                Verdict::Gap => ("fit-gap", "✗", "Gap: "),
                Verdict::Unknown => ("fit-unknown", "?", "Not known: "),
            };
            view! {
                <li class=class>
                    <span class="fit-mark" aria-hidden="true">{mark}</span>
                    <span class="sr-only">{said}</span>
                    {reason.text}
                </li>
            }
        })
        .collect_view();
    let missing = (!fit.missing.is_empty()).then(|| {
        view! {
            <h3>"Skills to learn for it"</h3>
            <FormMessage error />
            <ul class="fit-missing">
                {fit.missing.into_iter().map(|skill| view! {
                    <li>
                        <span>{skill.name.clone()}</span>
                        <ServerForm action=plan attr:class="inline-form">
                            <input type="hidden" name="skill" value=skill.key />
                            <button class="button button-small" type="submit"
                                aria-label=format!("Add {} to my learning plan", skill.name)>
                                "Add to my learning plan"
                            </button>
                        </ServerForm>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <section class="job-fit" aria-labelledby="fit-heading">
            <h2 id="fit-heading">"Your fit: " {fit.score} " of 100"</h2>
            <meter min="0" max="100" low="40" high="70" optimum="100" value=fit.score.to_string()
                aria-label="Fit score">{fit.score}" of 100"</meter>
            <ul class="fit-reasons">{reasons}</ul>
            {missing}
            <p class="muted small">
                "Worked out from your "<a href=paths::PROFILE>"profile"</a>
                ": skills are 70 points (required count double), place 15, pay 15, and fewer years than asked cost up to 10."
            </p>
        </section>
    }
}

#[component]
pub fn SavedJobsPage() -> impl IntoView {
    view! {
        <Title text="Saved jobs" />
        <section class="container jobs-page">
            <p><a href=paths::JOBS>"← Jobs"</a></p>
            <div class="page-head">
                <h1>"Saved jobs"</h1>
            </div>
            <Protected next=paths::SAVED_JOBS>{|| view! { <SavedList /> }}</Protected>
        </section>
    }
}

#[component]
fn SavedList() -> impl IntoView {
    let unsave = FormAction::<UnsaveJob>::new();
    let track = FormAction::<TrackJob>::new();
    let error = Signal::derive(move || {
        action_error(unsave)
            .get()
            .or_else(|| action_error(track).get())
    });
    let saved = page_data(move || unsave.version().get(), |_| saved_jobs());
    view! {
        <FormMessage error />
        <Load data=saved let:saved>
            {if saved.is_empty() {
                view! {
                    <div class="card empty-state">
                        <p>"Nothing saved yet. Save a posting from its page to keep it here with a note."</p>
                        <p><a class="button button-primary" href=paths::JOBS>"Search jobs"</a></p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <ol class="job-results">
                        {saved.into_iter().map(|job| view! { <li><SavedCard job unsave track /></li> }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </Load>
    }
}

#[component]
fn SavedCard(
    job: SavedJob,
    unsave: FormAction<UnsaveJob>,
    track: FormAction<TrackJob>,
) -> impl IntoView {
    let facts = facts(&job.card);
    let id = job.card.id;
    let tracking = match job.tracked {
        Some(application) => view! {
            <a class="button button-small" href=paths::application(application)>"Open your application"</a>
        }
        .into_any(),
        None => view! {
            <ServerForm action=track attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <button class="button button-small" type="submit">"Track this job"</button>
            </ServerForm>
        }
        .into_any(),
    };
    view! {
        <article class="card job-card">
            <h2><a href=paths::job(id)>{job.card.title}</a></h2>
            <p class="job-company">
                {job.card.company}
                {job.closed.then(|| view! { <span class="badge badge-muted">"Closed"</span> })}
            </p>
            <p class="job-facts">{facts.join(" · ")}</p>
            {job.saved.note.map(|note| view! { <p class="saved-note">{note}</p> })}
            <p class="muted small">{format!("Saved on {}", dates::day_month_year(job.saved.saved_at.date_naive()))}</p>
            <div class="button-row">
                {tracking}
                <ServerForm action=unsave attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="from" value="saved" />
                    <button class="button button-small" type="submit">"Remove"</button>
                </ServerForm>
            </div>
        </article>
    }
}

#[component]
pub fn SavedSearchesPage() -> impl IntoView {
    view! {
        <Title text="Saved searches" />
        <section class="container jobs-page narrow">
            <p><a href=paths::JOBS>"← Jobs"</a></p>
            <div class="page-head">
                <h1>"Saved searches"</h1>
            </div>
            <p class="muted">
                "Each saved search can email you the postings that are new since its last email, "
                "at most ten at a time, to your verified address."
            </p>
            <Protected next=paths::SAVED_SEARCHES>{|| view! { <SavedSearchList /> }}</Protected>
        </section>
    }
}

#[component]
fn SavedSearchList() -> impl IntoView {
    let set = FormAction::<SetAlertFrequency>::new();
    let delete = FormAction::<DeleteSavedSearch>::new();
    let error = Signal::derive(move || {
        action_error(set)
            .get()
            .or_else(|| action_error(delete).get())
    });
    let searches = page_data(
        move || set.version().get() + delete.version().get(),
        |_| saved_searches(),
    );
    view! {
        <FormMessage error />
        <Load data=searches let:searches>
            {if searches.is_empty() {
                view! {
                    <div class="card empty-state">
                        <p>"No saved searches yet. Search for jobs, then choose “Save this search” to be emailed new postings."</p>
                        <p><a class="button button-primary" href=paths::JOBS>"Search jobs"</a></p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <ul class="saved-searches">
                        {searches.into_iter().map(|saved| view! { <li><SavedSearchCard saved set delete /></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Load>
    }
}

/// One saved search: open it, change how often it emails, delete it (after a second click).
#[component]
fn SavedSearchCard(
    saved: SavedSearch,
    set: FormAction<SetAlertFrequency>,
    delete: FormAction<DeleteSavedSearch>,
) -> impl IntoView {
    let id = saved.id;
    let select_id = format!("frequency-{id}");
    let last = match saved.last_alert_at {
        Some(at) => format!("Last email {}", dates::day_month_year_utc_minute(at)),
        None => "No email yet".to_owned(),
    };
    let options = AlertFrequency::ALL
        .iter()
        .map(|&frequency| {
            view! {
                <option value=frequency.as_str() selected=frequency == saved.frequency>
                    {frequency.label()}
                </option>
            }
        })
        .collect_view();
    view! {
        <article class="card saved-search">
            <h2><a href=saved.href()>{saved.name.clone()}</a></h2>
            <p class="muted small">
                {format!("Saved on {} · ", dates::day_month_year(saved.created_at.date_naive()))}{last}
            </p>
            <ServerForm action=set attr:class="inline-form alert-frequency">
                <input type="hidden" name="id" value=id.to_string() />
                <label for=select_id.clone()>"Email me new postings"</label>
                <select id=select_id name="frequency">{options}</select>
                <button class="button button-small" type="submit">"Change"</button>
            </ServerForm>
            <details class="confirm-delete">
                <summary>"Delete…"</summary>
                <ServerForm action=delete attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button class="button button-small button-danger" type="submit">
                        {format!("Delete “{}”", saved.name)}
                    </button>
                </ServerForm>
            </details>
        </article>
    }
}

#[component]
pub fn NewJobPage() -> impl IntoView {
    view! {
        <Title text="Add a job posting" />
        <section class="container jobs-page narrow">
            <p><a href=paths::JOBS>"← Jobs"</a></p>
            <h1>"Add a job posting"</h1>
            <p class="muted">
                "For a job you found somewhere that publishes no feed. Only you see it; its skills "
                "are read from the title and description, and its page shows your fit."
            </p>
            <Protected next=paths::NEW_JOB>
                {|| view! {
                    <PostingLinkBox />
                    <h2 class="new-job-or">"Or type it in"</h2>
                    <NewJobForm />
                }}
            </Protected>
        </section>
    }
}

/// (value, label) of every value of an enum, for a `<Select>`.
fn choices<T: Copy>(
    all: &'static [T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&item| (value(item), label(item))).collect()
}

/// "Paste a link": the server reads the page's schema.org job data; a page without it is said
/// next to the field, and the form below takes the posting typed in.
#[component]
fn PostingLinkBox() -> impl IntoView {
    let add = FormAction::<AddPostingFromLink>::new();
    let error = action_error(add);
    let reading = add.pending();
    view! {
        <ServerForm action=add attr:class="card form posting-link-form">
            <h2>"Paste a link"</h2>
            <p class="muted">
                "Careers pages that search engines understand (schema.org job data, as most "
                "job boards publish) are read for you."
            </p>
            <FormMessage error />
            <Field label="Address of the posting's page" name="url" kind="url" error maxlength=2000
                form="posting-link" />
            <button class="button button-primary" type="submit" disabled=move || reading.get()>
                {move || if reading.get() { "Reading the page…" } else { "Read the posting" }}
            </button>
        </ServerForm>
    }
}

#[component]
fn NewJobForm() -> impl IntoView {
    let add = FormAction::<AddOwnPosting>::new();
    let error = action_error(add);
    view! {
        <ServerForm action=add attr:class="card form new-job-form">
            <FormMessage error />
            <div class="form-grid">
                <Field label="Job title" name="title" error maxlength=300 />
                <Field label="Company" name="company" error maxlength=200 />
                <Field label="Locations" name="location" error required=false
                    hint="Several separated by commas" />
                <Select label="Workplace" name="workplace" error blank="Not stated"
                    options=choices(Workplace::ALL, Workplace::as_str, Workplace::label) />
                <Select label="Type" name="employment_type" error blank="Not stated"
                    options=choices(EmploymentType::ALL, EmploymentType::as_str, EmploymentType::label) />
                <Field label="Link to the posting" name="url" kind="url" error required=false
                    maxlength=2000 />
                <Field label="Salary from" name="salary_min" error required=false maxlength=20 />
                <Field label="Salary up to" name="salary_max" error required=false maxlength=20 />
                <Field label="Currency" name="salary_currency" error required=false maxlength=3
                    hint="EUR, USD, GBP…" />
                <Select label="Salary is" name="salary_interval" error value=SalaryInterval::Year.as_str()
                    options=choices(SalaryInterval::ALL, SalaryInterval::as_str, SalaryInterval::label) />
            </div>
            <TextArea label="Description" name="description" error rows=10
                maxlength=OwnPostingForm::DESCRIPTION_MAX as u32 />
            <button class="button button-primary" type="submit">"Add the posting"</button>
        </ServerForm>
    }
}
