//! A form that posts to a server function the way the browser would, so the wasm never handles
//! the server function's arguments.
//!
//! Leptos's `ActionForm` reads the form into the server function's argument struct (serde_qs,
//! through serde's buffered `flatten`) and writes that struct out again to send it: two serde
//! passes per server function in the wasm (replacing it took a fifth off the wasm after
//! wasm-opt, 3,709 → 2,997 KiB; docs/scaling.md). The body
//! a form posts is already what the server function reads (it is what a browser without
//! JavaScript sends), so [`ServerForm`] sends the form's fields as they are and decodes only the
//! answer; the code that does it is shared by every form whose server function returns the same
//! type.

use std::marker::PhantomData;

use careerhub_domain::FormError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use leptos::web_sys::SubmitEvent;
use serde::de::DeserializeOwned;

/// The state of a form's server function: what its last call answered, how many calls have
/// finished and whether one is under way. Read it like Leptos's `ServerAction`.
pub struct FormAction<S: ServerFn<Output: 'static>> {
    calls: Calls<S::Output>,
    server_fn: PhantomData<fn() -> S>,
}

impl<S: ServerFn<Output: 'static>> Clone for FormAction<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: ServerFn<Output: 'static>> Copy for FormAction<S> {}

impl<S> FormAction<S>
where
    S: ServerFn<Error = FormError>,
    S::Output: DeserializeOwned + Send + Sync + 'static,
{
    /// Starts with the error of a submission made without JavaScript, which the server passes
    /// back in the URL it redirects to.
    pub fn new() -> Self {
        Self {
            calls: Calls::new(S::PATH),
            server_fn: PhantomData,
        }
    }

    /// The answer to the last call that finished.
    pub fn value(&self) -> RwSignal<Option<Result<S::Output, FormError>>> {
        self.calls.value
    }

    /// How many calls have finished: pages reload their data when it changes.
    pub fn version(&self) -> RwSignal<usize> {
        self.calls.version
    }

    pub fn pending(&self) -> Signal<bool> {
        let in_flight = self.calls.in_flight;
        Signal::derive(move || in_flight.get() > 0)
    }

    /// Calls the server function with these fields, as a form holding them would.
    pub fn submit(&self, fields: &[(&str, &str)]) {
        if let Some(body) = url_encoded(fields) {
            self.calls.post(body);
        }
    }
}

/// What a [`FormAction`] holds, by its server function's output type only, so that forms whose
/// server functions answer alike share their code.
struct Calls<O: 'static> {
    /// The server function's URL; only the browser posts to it.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    path: &'static str,
    value: RwSignal<Option<Result<O, FormError>>>,
    version: RwSignal<usize>,
    in_flight: RwSignal<usize>,
}

impl<O> Clone for Calls<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for Calls<O> {}

impl<O> Calls<O>
where
    O: DeserializeOwned + Send + Sync + 'static,
{
    fn new(path: &'static str) -> Self {
        let no_script_error = use_context::<ServerActionError>()
            .filter(|error| error.path() == path)
            .map(|error| Err(ServerFnUrlError::<FormError>::decode_err(error.err())));
        Self {
            path,
            value: RwSignal::new(no_script_error),
            version: RwSignal::new(0),
            in_flight: RwSignal::new(0),
        }
    }

    /// Sends the form's body and records the answer.
    #[cfg(feature = "hydrate")]
    fn post(self, body: String) {
        self.in_flight.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let answer = post_form(self.path, body).await;
            // The page may be gone (the answer redirected): its signals then are too.
            self.in_flight.try_update(|n| *n = n.saturating_sub(1));
            self.version.try_update(|n| *n += 1);
            self.value.try_set(Some(answer));
        });
    }

    #[cfg(not(feature = "hydrate"))]
    fn post(self, _body: String) {}
}

/// A `<form>` that posts to `action`'s server function; with JavaScript it does so in the
/// background and fills `action`. Children are its fields and buttons.
#[component]
pub fn ServerForm<S>(action: FormAction<S>, children: Children) -> impl IntoView
where
    S: ServerFn<Error = FormError>,
    S::Output: DeserializeOwned + Send + Sync + 'static,
{
    let calls = action.calls;
    let on_submit = move |event: SubmitEvent| {
        if let Some(body) = take_submission(&event) {
            calls.post(body);
        }
    };
    view! {
        <form action=S::url() method="post" on:submit=on_submit>
            {children()}
        </form>
    }
}

/// The form's fields as `application/x-www-form-urlencoded`, with the button that submitted it,
/// as the browser would have sent them; the browser's own submission is cancelled.
#[cfg(feature = "hydrate")]
fn take_submission(event: &SubmitEvent) -> Option<String> {
    use leptos::web_sys::{FormData, HtmlButtonElement, HtmlFormElement, UrlSearchParams};
    use wasm_bindgen::JsCast;

    if event.default_prevented() {
        return None;
    }
    let form = event.target()?.dyn_into::<HtmlFormElement>().ok()?;
    event.prevent_default();
    let fields = FormData::new_with_form(&form).ok()?;
    if let Some(button) = event
        .submitter()
        .and_then(|submitter| submitter.dyn_into::<HtmlButtonElement>().ok())
        .filter(|button| !button.name().is_empty())
    {
        fields
            .append_with_str(&button.name(), &button.value())
            .ok()?;
    }
    let body = UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
    Some(String::from(body.to_string()))
}

#[cfg(not(feature = "hydrate"))]
fn take_submission(_event: &SubmitEvent) -> Option<String> {
    None
}

#[cfg(feature = "hydrate")]
fn url_encoded(fields: &[(&str, &str)]) -> Option<String> {
    let body = leptos::web_sys::UrlSearchParams::new().ok()?;
    for (name, value) in fields {
        body.append(name, value);
    }
    Some(String::from(body.to_string()))
}

#[cfg(not(feature = "hydrate"))]
fn url_encoded(_fields: &[(&str, &str)]) -> Option<String> {
    None
}

/// Posts `body` to the server function at `path` and reads its answer as server functions do:
/// an error status carries a [`FormError`], a redirect goes through the router.
#[cfg(feature = "hydrate")]
async fn post_form<O: DeserializeOwned>(path: &str, body: String) -> Result<O, FormError> {
    use leptos::server_fn::ContentType;
    use leptos::server_fn::client::{Client, browser::BrowserClient};
    use leptos::server_fn::codec::{Json, PostUrl};
    use leptos::server_fn::error::{FromServerFnError, IntoAppError, ServerFnErrorErr};
    use leptos::server_fn::request::{ClientReq, browser::BrowserRequest};
    use leptos::server_fn::response::ClientRes;

    let request = <BrowserRequest as ClientReq<FormError>>::try_new_post(
        path,
        PostUrl::CONTENT_TYPE,
        Json::CONTENT_TYPE,
        body,
    )?;
    let response = <BrowserClient as Client<FormError>>::send(request).await?;
    let status = ClientRes::<FormError>::status(&response);
    let location = ClientRes::<FormError>::location(&response);
    let redirects =
        (300..=399).contains(&status) || ClientRes::<FormError>::has_redirect(&response);
    let bytes = ClientRes::<FormError>::try_into_bytes(response).await?;
    if (400..=599).contains(&status) {
        return Err(FormError::de(bytes));
    }
    let answer = serde_json::from_slice(&bytes)
        .map_err(|error| ServerFnErrorErr::Deserialization(error.to_string()).into_app_error())?;
    if redirects {
        leptos::server_fn::redirect::call_redirect_hook(&location);
    }
    Ok(answer)
}
