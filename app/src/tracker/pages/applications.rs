//! The application board, the list and the "add application" page.

use careerhub_domain::dates;
use careerhub_domain::ids::ApplicationId;
use careerhub_domain::paths;
use careerhub_domain::tracker::{
    ApplicationForm, ApplicationList, BoardCard, BoardColumn, ListQuery, ListSort,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::components::form::{FormMessage, Notice, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::tracker::components::{ApplicationFields, StatusBadge, TrackerTabs, status_options};
use crate::tracker::server::{
    CreateApplication, MoveApplication, MoveApplications, board, list_applications,
};

#[component]
pub fn BoardPage() -> impl IntoView {
    view! {
        <Title text="Applications" />
        <section class="container tracker-page">
            <TrackerTabs active="board" />
            <Protected next=paths::APPLICATIONS>{|| view! { <Board /> }}</Protected>
        </section>
    }
}

#[component]
fn Board() -> impl IntoView {
    let move_action = FormAction::<MoveApplication>::new();
    let move_ticked = FormAction::<MoveApplications>::new();
    let columns = page_data(
        move || (move_action.version().get(), move_ticked.version().get()),
        |_| board(),
    );
    // The card being dragged (after hydration; without JavaScript cards move by the form).
    let dragging = RwSignal::new(None::<ApplicationId>);
    let error = action_error(move_action);
    let ticked_error = action_error(move_ticked);
    let ids_error = move || {
        ticked_error
            .get()
            .and_then(|error| error.field_error("ids").map(str::to_owned))
    };
    view! {
        <FormMessage error />
        <FormMessage error=ticked_error />
        // One form holds the whole board: each card's tick box is one of its fields, so the page
        // carries one status list instead of one per card.
        <ServerForm action=move_ticked attr:id="board-move">
            <div class="board-move">
                <label for="board-move-status">"Move the ticked cards to"</label>
                <select id="board-move-status" name="status">
                    {status_options()
                        .into_iter()
                        .map(|(value, label)| view! { <option value=value>{label}</option> })
                        .collect_view()}
                </select>
                <button class="button button-small" type="submit">"Move"</button>
                <p class="field-error" id="board-move-error" aria-live="polite">{ids_error}</p>
            </div>
            <p class="muted board-hint">"Tick cards and move them together, or drag a card to another column."</p>
            <Load data=columns loading="Loading the board…" let:columns>
                <div class="board">
                    {columns
                        .into_iter()
                        .enumerate()
                        .map(|(index, column)| view! { <Column index column move_action dragging /> })
                        .collect_view()}
                </div>
            </Load>
        </ServerForm>
    }
}

#[component]
fn Column(
    /// Its place on the board, which makes its cards' element ids unique.
    index: usize,
    column: BoardColumn,
    move_action: FormAction<MoveApplication>,
    dragging: RwSignal<Option<ApplicationId>>,
) -> impl IntoView {
    let status = column.status;
    let over = RwSignal::new(false);
    let more = column.total - column.cards.len() as i64;
    let drop_card = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        over.set(false);
        if let Some(id) = dragging.get_untracked() {
            dragging.set(None);
            move_action.submit(&[("id", &id.to_string()), ("status", status.as_str())]);
        }
    };
    view! {
        <section
            class="board-column"
            class:drop-target=move || over.get()
            data-status=status.as_str()
            aria-label=status.label()
            on:dragover=move |event| {
                event.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=drop_card
        >
            <h2 class="column-head">
                <StatusBadge status />
                <span class="column-count">{column.total}</span>
            </h2>
            <ul class="card-list">
                {column
                    .cards
                    .into_iter()
                    .enumerate()
                    .map(|(n, card)| {
                        let title_id = format!("t{index}-{n}");
                        view! { <Card card title_id dragging /> }
                    })
                    .collect_view()}
            </ul>
            {(more > 0)
                .then(|| {
                    view! {
                        <a class="muted more-link" href=paths::applications_in(status)>
                            {format!("{more} more in the list")}
                        </a>
                    }
                })}
        </section>
    }
}

/// A card's markup is kept lean (styled through `.app-card`'s children, short element ids): the
/// board's weight is 200 of these.
#[component]
fn Card(
    card: BoardCard,
    title_id: String,
    dragging: RwSignal<Option<ApplicationId>>,
) -> impl IntoView {
    let id = card.id;
    view! {
        <li class="app-card" draggable="true" on:dragstart=move |_| dragging.set(Some(id))>
            <input type="checkbox" name="ids[]" value=id.to_string() aria-labelledby=title_id.clone() />
            <a id=title_id href=paths::application(id)>{card.role_title}</a>
            <p>{card.company}</p>
            {card.location.map(|location| view! { <p>{location}</p> })}
            {card.follow_up_on.map(|date| view! { <p>"Follow up " {dates::day_month(date)}</p> })}
        </li>
    }
}

#[component]
pub fn ApplicationListPage() -> impl IntoView {
    view! {
        <Title text="Applications" />
        <section class="container tracker-page">
            <TrackerTabs active="list" />
            <Protected next=paths::APPLICATION_LIST>{|| view! { <ApplicationListView /> }}</Protected>
        </section>
    }
}

#[component]
fn ApplicationListView() -> impl IntoView {
    let query_map = use_query_map();
    let params = move || {
        let map = query_map.read();
        (
            map.get("q"),
            map.get("status"),
            map.get("sort"),
            map.get("page"),
        )
    };
    let query = move || {
        let (q, status, sort, page) = params();
        ListQuery::from_params(
            q.as_deref(),
            status.as_deref(),
            sort.as_deref(),
            page.as_deref(),
        )
    };
    let deleted = move || query_map.read().get("deleted").is_some();
    let list = page_data(params, |(q, status, sort, page)| {
        list_applications(q, status, sort, page)
    });
    // The form starts from the address; it is read once, not tracked.
    let current = untrack(query);
    let sorts = ListSort::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect::<Vec<_>>();
    view! {
        <Show when=deleted>
            <Notice>"The application was deleted."</Notice>
        </Show>
        <Form method="GET" action=paths::APPLICATION_LIST attr:class="filter-bar" attr:role="search">
            <div class="field">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" name="q" value=current.q.clone().unwrap_or_default() placeholder="Company, role or place" maxlength=100 />
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status">
                    <option value="">"All"</option>
                    {status_options()
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = current.status.map(|s| s.as_str()) == Some(value);
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-sort">"Sort"</label>
                <select id="filter-sort" name="sort">
                    {sorts
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = current.sort.as_str() == value;
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button class="button" type="submit">"Apply"</button>
        </Form>
        <Load data=list let:list>
            <ListTable list query=query() />
        </Load>
    }
}

/// The link to another page of the same search.
fn page_href(query: &ListQuery, page: u32) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &query.q {
        parts.push(format!("q={}", paths::query_value(q)));
    }
    if let Some(status) = query.status {
        parts.push(format!("status={}", status.as_str()));
    }
    parts.push(format!("sort={}", query.sort.as_str()));
    parts.push(format!("page={page}"));
    format!("{}?{}", paths::APPLICATION_LIST, parts.join("&"))
}

#[component]
fn ListTable(list: ApplicationList, query: ListQuery) -> impl IntoView {
    if list.rows.is_empty() {
        return view! {
            <div class="card empty-state">
                <p>{if list.total == 0 && query.q.is_none() && query.status.is_none() {
                    "No applications yet. Add the first one in a few seconds."
                } else {
                    "Nothing matches this search."
                }}</p>
                <a class="button button-primary" href=paths::NEW_APPLICATION>"Add application"</a>
            </div>
        }
        .into_any();
    }
    let previous = (list.page > 1).then(|| page_href(&query, list.page - 1));
    let next = (list.page < list.pages).then(|| page_href(&query, list.page + 1));
    view! {
        <p class="muted">{format!("{} application{}", list.total, if list.total == 1 { "" } else { "s" })}</p>
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Company"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="hide-narrow">"Applied"</th>
                        <th scope="col" class="hide-narrow">"Follow-up"</th>
                        <th scope="col" class="hide-narrow">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .rows
                        .into_iter()
                        .map(|row| {
                            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
                            view! {
                                <tr>
                                    <td><a href=paths::application(row.card.id)>{row.card.role_title}</a></td>
                                    <td>{row.card.company}</td>
                                    <td><StatusBadge status=row.card.status /></td>
                                    <td class="hide-narrow">{date(row.applied_on)}</td>
                                    <td class="hide-narrow">{date(row.card.follow_up_on)}</td>
                                    <td class="hide-narrow">{row.updated_at.date_naive().to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {previous.map(|href| view! { <a class="button button-small" href=href rel="prev">"← Previous"</a> })}
            <span class="muted">{format!("Page {} of {}", list.page, list.pages)}</span>
            {next.map(|href| view! { <a class="button button-small" href=href rel="next">"Next →"</a> })}
        </nav>
    }
    .into_any()
}

#[component]
pub fn NewApplicationPage() -> impl IntoView {
    view! {
        <Title text="Add application" />
        <section class="container tracker-page narrow">
            <h1>"Add an application"</h1>
            <Protected next=paths::NEW_APPLICATION>{|| view! { <NewApplicationForm /> }}</Protected>
        </section>
    }
}

#[component]
fn NewApplicationForm() -> impl IntoView {
    let create = FormAction::<CreateApplication>::new();
    let error = action_error(create);
    view! {
        <div class="card">
            <FormMessage error />
            <ServerForm action=create attr:class="form">
                <ApplicationFields initial=ApplicationForm::default() error />
                <div class="form-actions">
                    <button class="button button-primary" type="submit">"Add application"</button>
                    <a class="button" href=paths::APPLICATIONS>"Cancel"</a>
                </div>
            </ServerForm>
        </div>
    }
}
