//! How a page shows what it loads: the sign-in gate and one `<Load>` for every page's data.
//!
//! The rule that keeps hydration sound: everything that takes a hydration id (a `Resource`, a
//! `Transition`) is created in the first, synchronous render pass, in the same order on the server
//! and in the browser. A page therefore creates its resource in its component body, outside any
//! async block, and hands it to `<Load>`; `<Protected>` builds its children before it awaits the
//! user. `server/tests/it/hydration.rs` loads every page directly and fails on a console error.

use careerhub_domain::FormError;
use leptos::prelude::*;

use crate::data::PageData;
use crate::use_current_user;

/// Renders `children` for a signed-in user; otherwise a link to sign in that comes back to `next`.
///
/// The children are built before the user is awaited, so the data resources they create are
/// created during the first, synchronous render pass, in the same order on the server and in the
/// browser. Built after the await (as before), their creation raced the browser's other resources:
/// a resource then got another id than on the server, found no serialised value, started loading,
/// and hydration met the server's content where it expected the loading marker — a panic on
/// direct loads of 1 in 3 pages. (Anonymous visitors build them too; their loads answer 401 and
/// are never shown.)
///
/// The check is a plain Suspend, not a reactive closure inside a Transition: a Transition renders
/// its children more than once on the server. Navigation mounts a new page, so the check never
/// goes stale.
#[component]
pub fn Protected(next: &'static str, children: ChildrenFn) -> impl IntoView {
    let user = use_current_user();
    let content = children();
    Suspend::new(async move {
        match user.await {
            Ok(Some(_)) => content,
            Err(error) => view! { <LoadError error /> }.into_any(),
            Ok(None) => view! {
                <div class="card empty-state">
                    <p>"Please sign in to see this page."</p>
                    <a class="button button-primary" href=format!("/signin?next={next}")>"Sign in"</a>
                </div>
            }
            .into_any(),
        }
    })
}

/// A record page's record: what it is called and where to go when it is not there.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    pub what: &'static str,
    pub back: &'static str,
}

/// Shows `data` once it has loaded: "Loading…" (or `loading`) until then, `children` with the
/// value, or the error in its place. For a record page (`record` given) a missing record is a
/// friendly "not found" with a 404, and an outage stays an outage.
///
/// `data` must be a resource the page created in its component body (see the module comment);
/// it is refetched and shown again whenever its source changes.
#[component]
pub fn Load<T, F, V>(
    data: PageData<T>,
    children: F,
    #[prop(optional)] record: Option<Record>,
    #[prop(optional)] loading: Option<&'static str>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let loading = loading.unwrap_or("Loading…");
    view! {
        <Transition fallback=move || view! { <p class="muted">{loading}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match (data.await, record) {
                        (Ok(value), _) => children(value).into_any(),
                        (Err(error), Some(Record { what, back })) if error.gone => {
                            view! { <Missing what back /> }.into_any()
                        }
                        (Err(error), _) => view! { <LoadError error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// Shown when an id in the address is unknown or not the user's; the page answers 404.
#[component]
pub fn Missing(what: &'static str, back: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::request::set_status(404);
    view! {
        <div class="card empty-state">
            <h1>{format!("{what} not found")}</h1>
            <p>"It may have been deleted, or the link is not for your account."</p>
            <a class="button" href=back>"Back"</a>
        </div>
    }
}

/// The message of a failed load, next to where the content would be.
#[component]
pub fn LoadError(error: FormError) -> impl IntoView {
    view! { <div class="alert alert-error" role="alert">{error.to_string()}</div> }
}
