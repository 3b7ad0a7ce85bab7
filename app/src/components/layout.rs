use careerhub_domain::Theme;
use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::form::action_error;
use super::theme_toggle::ThemeToggle;
use crate::accounts::server::{ResendVerification, SignOut};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::PageDataCodec;
use crate::tracker::server::unread_count;
use crate::use_current_user;

/// Header with navigation, the page, and a footer. A skip link lets keyboard users jump past the
/// navigation.
#[component]
pub fn Layout(theme: Theme, children: Children) -> impl IntoView {
    let user = use_current_user();
    // Created here, outside the header's Transitions (which may render their children more than
    // once), and asked only for a signed-in user: None shows no bell.
    let location = use_location();
    let unread = Resource::<_, PageDataCodec>::new_with_options(
        move || location.pathname.get(),
        move |_| async move {
            match user.await {
                Ok(Some(_)) => Some(unread_count().await.unwrap_or(0)),
                _ => None,
            }
        },
        false,
    );
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span>"Careerhub"</span>
                </A>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Ok(Some(_)) => view! { <AppNav /> }.into_any(),
                            _ => view! {
                                <nav class="site-nav" aria-label="Main">
                                    <ul>
                                        <li><a href="/#features">"Features"</a></li>
                                        <li><a href="/#privacy">"Privacy"</a></li>
                                    </ul>
                                </nav>
                            }
                            .into_any(),
                        }
                    })}
                </Transition>
                <div class="account-links">
                    <NotificationBell unread />
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(Some(user)) => view! { <UserMenu user /> }.into_any(),
                                // An outage: neither signed in nor a prompt to sign in again.
                                Err(_) => ().into_any(),
                                Ok(None) => view! {
                                    <a class="button button-small" href="/signin">"Sign in"</a>
                                    <a class="button button-small button-primary" href="/signup">"Sign up"</a>
                                }
                                .into_any(),
                            }
                        })}
                    </Transition>
                </div>
                <ThemeToggle initial=theme />
            </div>
        </header>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                user.await
                    .ok()
                    .flatten()
                    .filter(|user| !user.verified)
                    .map(|user| view! { <VerifyBanner email=user.email /> })
            })}
        </Transition>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container">
                <p>"Careerhub — your career, on your own server. Free software under the AGPL."</p>
            </div>
        </footer>
    }
}

/// The signed-in navigation; the current section is marked for screen readers and styling.
#[component]
fn AppNav() -> impl IntoView {
    let location = use_location();
    let link = move |href: &'static str, label: &'static str| {
        let current = move || {
            let path = location.pathname.get();
            path == href || path.starts_with(&format!("{href}/"))
        };
        // Settings is a section; its first page is Security.
        let target = if href == paths::SETTINGS {
            paths::SECURITY_SETTINGS
        } else {
            href
        };
        view! {
            <li>
                <a href=target class:nav-active=current aria-current=move || current().then_some("page")>{label}</a>
            </li>
        }
    };
    view! {
        <nav class="site-nav app-nav" aria-label="Main">
            <ul>
                {link(paths::DASHBOARD, "Dashboard")}
                {link(paths::PROFILE, "Profile")}
                {link(paths::CVS, "CVs")}
                {link(paths::LETTERS, "Letters")}
                {link(paths::JOBS, "Jobs")}
                {link(paths::APPLICATIONS, "Applications")}
                {link(paths::CONTACTS, "Contacts")}
                {link(paths::LEARNING, "Learning")}
                {link(paths::ANALYTICS, "Analytics")}
                {link(paths::SETTINGS, "Settings")}
            </ul>
        </nav>
    }
}

/// The bell with the number of unread notifications (fetched again after each navigation), for
/// signed-in users.
///
/// Built by Layout itself, not inside the user menu's Suspend: anything that takes a hydration id
/// (a resource, a Transition) must be created in the first, synchronous render pass. Created after
/// an await, the server numbered it before or after the page's data resource depending on which
/// query answered first, and the browser then looked for the page's data under the wrong id.
#[component]
fn NotificationBell(unread: Resource<Option<i64>, PageDataCodec>) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let count = unread.await?;
                let label = match count {
                    0 => "Notifications".to_owned(),
                    1 => "Notifications: 1 unread".to_owned(),
                    n => format!("Notifications: {n} unread"),
                };
                Some(view! {
                    <a class="bell" href=paths::NOTIFICATIONS aria-label=label.clone() title=label>
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                            <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0" />
                        </svg>
                        {(count > 0).then(|| view! { <span class="bell-count">{if count > 99 { "99+".to_owned() } else { count.to_string() }}</span> })}
                    </a>
                })
            })}
        </Transition>
    }
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let sign_out = FormAction::<SignOut>::new();
    // After signing out, load the start page afresh so nothing of the account stays on screen.
    Effect::new(move |_| {
        if sign_out.value().get().is_some_and(|result| result.is_ok()) {
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <a class="user-name" href=paths::SECURITY_SETTINGS title="Settings">
            {user.display_name}
        </a>
        <ServerForm action=sign_out attr:class="inline-form">
            <button class="button button-small" type="submit">"Sign out"</button>
        </ServerForm>
    }
}

/// Until the address is confirmed, the account can sign in but gets no other email.
#[component]
fn VerifyBanner(email: String) -> impl IntoView {
    let resend = FormAction::<ResendVerification>::new();
    let error = action_error(resend);
    let sent = move || resend.value().get().is_some_and(|result| result.is_ok());
    view! {
        <div class="banner" role="status">
            <div class="container banner-inner">
                <p>
                    "Please confirm your email address: we sent a link to "<strong>{email}</strong>
                    ". Until then we send you no other email."
                </p>
                <ServerForm action=resend attr:class="inline-form">
                    <button class="button button-small" type="submit">
                        {move || if sent() { "Sent — check your inbox" } else { "Send the link again" }}
                    </button>
                </ServerForm>
                <p class="field-error">{move || error.get().map(|error| error.to_string())}</p>
            </div>
        </div>
    }
}
