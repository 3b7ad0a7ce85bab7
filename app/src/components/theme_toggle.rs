use careerhub_domain::Theme;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Switches between light and dark. Without JavaScript it is a form that sets the cookie on the
/// server and comes back to the same page; after hydration the click switches in place.
#[component]
pub fn ThemeToggle(initial: Theme) -> impl IntoView {
    let theme = RwSignal::new(initial);
    let location = use_location();
    let return_to = move || location.pathname.get();

    // Without JavaScript the server cannot see the system preference, so "system" toggles to dark.
    let next_without_script = move || theme.get().toggled(false).as_str();
    let label = move || match theme.get() {
        Theme::Dark => "Switch to light theme",
        Theme::Light => "Switch to dark theme",
        Theme::System => "Switch theme",
    };

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let next = theme.get_untracked().toggled(system_prefers_dark());
        theme.set(next);
        apply(next);
    };

    view! {
        <form class="theme-toggle" method="post" action="/theme" on:submit=on_submit>
            <input type="hidden" name="theme" value=next_without_script />
            <input type="hidden" name="return_to" value=return_to />
            <button
                type="submit"
                class="icon-button"
                aria-label=label
                title=label
                data-theme-current=move || theme.get().as_str()
            >
                <span class="theme-icon theme-icon-dark" aria-hidden="true">"☾"</span>
                <span class="theme-icon theme-icon-light" aria-hidden="true">"☀"</span>
            </button>
        </form>
    }
}

/// The theme the page was rendered with (`<html data-theme>`), read during hydration so the
/// browser starts from the same state as the server.
#[cfg(not(feature = "ssr"))]
pub fn theme_on_page() -> Theme {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("data-theme"))
        .map(|value| Theme::parse(&value))
        .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
fn system_prefers_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

#[cfg(not(feature = "hydrate"))]
fn system_prefers_dark() -> bool {
    false
}

/// Shows the theme at once and remembers it for a year in a cookie the server reads.
#[cfg(feature = "hydrate")]
fn apply(theme: Theme) {
    use wasm_bindgen::JsCast;
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    if let Ok(html) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.set_cookie(&format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            Theme::COOKIE,
            theme.as_str()
        ));
    }
}

#[cfg(not(feature = "hydrate"))]
fn apply(_theme: Theme) {}
