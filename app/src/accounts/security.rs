//! Settings → Security: live sessions (revoke one or all others), password, email address, and
//! account deletion.

use careerhub_domain::accounts::SessionSummary;
use careerhub_domain::dates;
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::server::{
    ChangeEmail, ChangePassword, DeleteAccount, RevokeOtherSessions, RevokeSession, list_sessions,
};
use crate::components::form::{Field, FormMessage, Notice, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::use_current_user;

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <Title text="Security" />
        <section class="container settings-page">
            <h1>"Security"</h1>
            <crate::tracker::pages::notifications::SettingsNav active="security" />
            <Protected next=paths::SECURITY_SETTINGS>{|| view! { <SecuritySettings /> }}</Protected>
        </section>
    }
}

#[component]
fn SecuritySettings() -> impl IntoView {
    let user = use_current_user();
    let revoke = FormAction::<RevokeSession>::new();
    let revoke_others = FormAction::<RevokeOtherSessions>::new();
    let sessions = page_data(
        move || (revoke.version().get(), revoke_others.version().get()),
        |_| list_sessions(),
    );
    let change_password = FormAction::<ChangePassword>::new();
    let password_error = action_error(change_password);
    let change_email = FormAction::<ChangeEmail>::new();
    let email_error = action_error(change_email);
    let delete = FormAction::<DeleteAccount>::new();
    let delete_error = action_error(delete);
    let revoke_error = action_error(revoke);
    let query = use_query_map();
    let flag = move |name: &'static str| move || query.read().get(name).is_some();

    view! {
        <div class="settings-section card">
            <h2>"Where you are signed in"</h2>
            <FormMessage error=revoke_error />
            <Load data=sessions loading="Loading sessions…" let:list>
                <SessionList sessions=list revoke />
            </Load>
            <ServerForm action=revoke_others attr:class="inline-form">
                <button class="button" type="submit">"Sign out all other sessions"</button>
            </ServerForm>
        </div>

        <div class="settings-section card">
            <h2>"Password"</h2>
            <Show when=flag("password")>
                <Notice>"Your password was changed. Every other session was signed out."</Notice>
            </Show>
            <FormMessage error=password_error />
            <ServerForm action=change_password attr:class="form">
                <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" error=password_error />
                <Field
                    label="New password"
                    name="new_password"
                    kind="password"
                    autocomplete="new-password"
                    error=password_error
                    minlength=8
                    maxlength=256
                    hint="At least 8 characters. Other sessions are signed out."
                />
                <button class="button button-primary" type="submit">"Change password"</button>
            </ServerForm>
        </div>

        <div class="settings-section card">
            <h2>"Email address"</h2>
            <p>
                "Your address is "
                <strong>
                    {Suspend::new(async move {
                        user.await.ok().flatten().map(|user| user.email).unwrap_or_default()
                    })}
                </strong>
                "."
            </p>
            <Show when=flag("email")>
                <Notice>"Check the new address: the change takes effect when you open the link we sent there."</Notice>
            </Show>
            <FormMessage error=email_error />
            <ServerForm action=change_email attr:class="form">
                <Field label="New email address" name="new_email" kind="email" autocomplete="email" error=email_error maxlength=254 />
                <Field label="Your password" name="password" kind="password" autocomplete="current-password" error=email_error />
                <button class="button button-primary" type="submit">"Change email"</button>
            </ServerForm>
        </div>

        <div class="settings-section card danger-zone">
            <h2>"Delete your account"</h2>
            <p>
                "Your account is disabled at once and you are signed out everywhere. After 14 days it is
                erased with all its data. Signing in before then cancels the deletion."
            </p>
            <FormMessage error=delete_error />
            <ServerForm action=delete attr:class="form">
                <Field label="Your password" name="password" kind="password" autocomplete="current-password" error=delete_error form="delete" />
                <label class="checkbox">
                    <input type="checkbox" name="confirm" required=true />
                    " I understand that my account and data will be erased."
                </label>
                <button class="button button-danger" type="submit">"Delete my account"</button>
            </ServerForm>
        </div>
    }
}

#[component]
fn SessionList(sessions: Vec<SessionSummary>, revoke: FormAction<RevokeSession>) -> impl IntoView {
    view! {
        <ul class="session-list">
            {sessions
                .into_iter()
                .map(|session| {
                    let id = session.id.to_string();
                    view! {
                        <li class="session">
                            <div>
                                <strong>{session.device}</strong>
                                {session.current.then(|| view! { <span class="badge">"This device"</span> })}
                                <p class="muted">
                                    {session.ip.unwrap_or_else(|| "unknown address".into())}
                                    " · signed in "
                                    {dates::utc_minute(session.created_at)}
                                    " · last active "
                                    {dates::utc_minute(session.last_seen_at)}
                                </p>
                            </div>
                            {(!session.current)
                                .then(|| {
                                    view! {
                                        <ServerForm action=revoke attr:class="inline-form">
                                            <input type="hidden" name="session_id" value=id.clone() />
                                            <button class="button" type="submit">"Sign out"</button>
                                        </ServerForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
