//! Sign-up, sign-in, password reset and the pages behind email links. Every form is a plain
//! `<form method="post">` before hydration and submits in place after it.

use careerhub_domain::FormError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::server::{
    ConfirmEmail, ForgotPassword, ResetPassword, SignIn, SignUp, VerifyEmail,
};
use crate::components::form::{Field, FormMessage, Notice, action_error};
use crate::components::server_form::{FormAction, ServerForm};

/// The value of a query parameter, or "".
fn query(name: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let map = use_query_map();
    move || map.read().get(name).unwrap_or_default()
}

#[component]
fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="container auth-page">
            <div class="card auth-card">
                <h1>{title}</h1>
                {children()}
            </div>
        </section>
    }
}

#[component]
fn Submit<I>(action: FormAction<I>, label: &'static str, busy: &'static str) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Error = FormError>,
    I::Output: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let pending = action.pending();
    view! {
        <button class="button button-primary button-block" type="submit" disabled=move || pending.get()>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = FormAction::<SignIn>::new();
    let error = action_error(action);
    let next = query("next");
    let reset = query("reset");
    view! {
        <AuthCard title="Sign in">
            <Show when=move || !reset().is_empty()>
                <Notice>"Your password was changed. Sign in with the new one."</Notice>
            </Show>
            <FormMessage error />
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="next" value=next />
                <Field label="Email" name="email" kind="email" autocomplete="email" error maxlength=254 />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" error />
                <Submit action label="Sign in" busy="Signing in…" />
            </ServerForm>
            <p class="form-links">
                <a href="/forgot-password">"Forgot your password?"</a>
                <span>"New here? "<a href="/signup">"Create an account"</a></span>
            </p>
        </AuthCard>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = FormAction::<SignUp>::new();
    let error = action_error(action);
    let invite = query("invite");
    view! {
        <AuthCard title="Create your account">
            <FormMessage error />
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="invite" value=invite />
                <Field label="Your name" name="display_name" autocomplete="name" error maxlength=100 />
                <Field label="Email" name="email" kind="email" autocomplete="email" error maxlength=254 />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    error
                    minlength=8
                    maxlength=256
                    hint="At least 8 characters. A few unrelated words make a strong password that is easy to remember."
                />
                <Show when=move || error.get().is_some_and(|e| e.field_error("invite").is_some())>
                    <p class="field-error">{move || error.get().and_then(|e| e.field_error("invite").map(str::to_owned))}</p>
                </Show>
                <Submit action label="Create account" busy="Creating your account…" />
            </ServerForm>
            <p class="form-links"><span>"Already have an account? "<a href="/signin">"Sign in"</a></span></p>
        </AuthCard>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = FormAction::<ForgotPassword>::new();
    let error = action_error(action);
    let sent = query("sent");
    view! {
        <AuthCard title="Reset your password">
            <Show
                when=move || !sent().is_empty()
                fallback=|| view! { <p>"Enter the address of your account and we will email you a link to choose a new password."</p> }
            >
                <Notice>
                    "If an account uses that address, we have sent it a link to reset the password. The link works for 60 minutes."
                </Notice>
            </Show>
            <FormMessage error />
            <ServerForm action=action attr:class="form">
                <Field label="Email" name="email" kind="email" autocomplete="email" error maxlength=254 />
                <Submit action label="Email me a link" busy="Sending…" />
            </ServerForm>
            <p class="form-links"><a href="/signin">"Back to sign in"</a></p>
        </AuthCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    no_referrer();
    let action = FormAction::<ResetPassword>::new();
    let error = action_error(action);
    let token = query("token");
    view! {
        <AuthCard title="Choose a new password">
            <FormMessage error />
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="token" value=token />
                <Field
                    label="New password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    error
                    minlength=8
                    maxlength=256
                    hint="At least 8 characters. Every other session will be signed out."
                />
                <Submit action label="Set new password" busy="Saving…" />
            </ServerForm>
        </AuthCard>
    }
}

/// The page behind the verification link. Opening a link changes nothing (a GET never does);
/// the button does.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    no_referrer();
    let action = FormAction::<VerifyEmail>::new();
    let error = action_error(action);
    let token = query("token");
    view! {
        <AuthCard title="Confirm your email address">
            <FormMessage error />
            <p>"One click and your address is confirmed."</p>
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="token" value=token />
                <Submit action label="Confirm my email" busy="Confirming…" />
            </ServerForm>
        </AuthCard>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    no_referrer();
    let action = FormAction::<ConfirmEmail>::new();
    let error = action_error(action);
    let token = query("token");
    view! {
        <AuthCard title="Confirm your new address">
            <FormMessage error />
            <p>"Confirm to make this the address of your Careerhub account."</p>
            <ServerForm action=action attr:class="form">
                <input type="hidden" name="token" value=token />
                <Submit action label="Use this address" busy="Confirming…" />
            </ServerForm>
        </AuthCard>
    }
}

/// Pages whose URL carries a token must not leak it to other sites in the Referer header.
fn no_referrer() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::REFERRER_POLICY,
            http::HeaderValue::from_static("no-referrer"),
        );
    }
}
