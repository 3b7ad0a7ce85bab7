use careerhub_domain::Theme;
use careerhub_domain::accounts::CurrentUser;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

use super::form::action_error;
use super::theme_toggle::ThemeToggle;
use crate::auth::{ResendVerification, SignOut};
use crate::use_current_user;

/// Header with navigation, the page, and a footer. A skip link lets keyboard users jump past the
/// navigation.
#[component]
pub fn Layout(theme: Theme, children: Children) -> impl IntoView {
    let user = use_current_user();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span>"Careerhub"</span>
                </A>
                <nav class="site-nav" aria-label="Main">
                    <ul>
                        <li><a href="/#features">"Features"</a></li>
                        <li><a href="/#privacy">"Privacy"</a></li>
                    </ul>
                </nav>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await {
                            Some(user) => view! { <UserMenu user /> }.into_any(),
                            None => view! {
                                <div class="account-links">
                                    <a class="button button-small" href="/signin">"Sign in"</a>
                                    <a class="button button-small button-primary" href="/signup">"Sign up"</a>
                                </div>
                            }
                            .into_any(),
                        }
                    })}
                </Transition>
                <ThemeToggle initial=theme />
            </div>
        </header>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                user.await
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

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    // After signing out, load the start page afresh so nothing of the account stays on screen.
    Effect::new(move |_| {
        if sign_out.value().get().is_some_and(|result| result.is_ok()) {
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <div class="account-links">
            <a class="user-name" href="/settings/security" title="Settings → Security">
                {user.display_name}
            </a>
            <ActionForm action=sign_out attr:class="inline-form">
                <button class="button button-small" type="submit">"Sign out"</button>
            </ActionForm>
        </div>
    }
}

/// Until the address is confirmed, the account can sign in but gets no other email.
#[component]
fn VerifyBanner(email: String) -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    let sent = move || resend.value().get().is_some_and(|result| result.is_ok());
    view! {
        <div class="banner" role="status">
            <div class="container banner-inner">
                <p>
                    "Please confirm your email address: we sent a link to "<strong>{email}</strong>
                    ". Until then we send you no other email."
                </p>
                <ActionForm action=resend attr:class="inline-form">
                    <button class="button button-small" type="submit">
                        {move || if sent() { "Sent — check your inbox" } else { "Send the link again" }}
                    </button>
                </ActionForm>
                <p class="field-error">{move || error.get().map(|error| error.to_string())}</p>
            </div>
        </div>
    }
}
