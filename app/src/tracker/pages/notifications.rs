//! In-app notifications, and Settings → Notifications (daily digest, time zone, calendar feed and
//! the tracker exports).

use careerhub_domain::dates;
use careerhub_domain::paths;
use careerhub_domain::tracker::NotificationSettings;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::form::{Field, FormMessage, Notice, Select, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::tracker::server::{
    MarkRead, RevokeCalendarFeed, RotateCalendarFeed, SaveNotificationSettings, list_notifications,
    load_notification_settings,
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Title text="Notifications" />
        <section class="container tracker-page narrow">
            <Protected next=paths::NOTIFICATIONS>{|| view! { <NotificationList /> }}</Protected>
        </section>
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let mark = FormAction::<MarkRead>::new();
    let list = page_data(move || mark.version().get(), |_| list_notifications());
    view! {
        <div class="page-head">
            <h1>"Notifications"</h1>
            <ServerForm action=mark attr:class="inline-form">
                <button class="button" type="submit">"Mark all read"</button>
            </ServerForm>
        </div>
        <Load data=list let:items>
            {if items.is_empty() {
                view! {
                    <div class="card empty-state"><p>"No notifications. Daily reminders show up here too."</p></div>
                }
                .into_any()
            } else {
                view! {
                    <ul class="plain-list notification-list">
                        {items.into_iter().map(|item| view! {
                            <li class="card notification" class:unread=!item.read>
                                <p class="timeline-what">
                                    {match item.link.clone() {
                                        Some(link) => view! { <a href=link>{item.title.clone()}</a> }.into_any(),
                                        None => view! { <span>{item.title.clone()}</span> }.into_any(),
                                    }}
                                </p>
                                <p class="prewrap">{item.body}</p>
                                <p class="muted">{dates::utc_minute(item.created_at)}</p>
                                {(!item.read).then(|| view! {
                                    <ServerForm action=mark attr:class="inline-form">
                                        <input type="hidden" name="id" value=item.id.to_string() />
                                        <button class="button button-small" type="submit">"Mark read"</button>
                                    </ServerForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Load>
    }
}

/// Links between the settings pages.
#[component]
pub fn SettingsNav(active: &'static str) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Settings">
            <a class="tab" class:tab-active=active == "security" href=paths::SECURITY_SETTINGS aria-current=(active == "security").then_some("page")>"Security"</a>
            <a class="tab" class:tab-active=active == "notifications" href=paths::NOTIFICATION_SETTINGS aria-current=(active == "notifications").then_some("page")>"Notifications & data"</a>
        </nav>
    }
}

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    view! {
        <Title text="Notifications" />
        <section class="container settings-page">
            <h1>"Notifications & data"</h1>
            <SettingsNav active="notifications" />
            <Protected next=paths::NOTIFICATION_SETTINGS>{|| view! { <SettingsForms /> }}</Protected>
        </section>
    }
}

#[component]
fn SettingsForms() -> impl IntoView {
    let save = FormAction::<SaveNotificationSettings>::new();
    let rotate = FormAction::<RotateCalendarFeed>::new();
    let revoke = FormAction::<RevokeCalendarFeed>::new();
    let settings = page_data(
        move || {
            (
                save.version().get(),
                rotate.version().get(),
                revoke.version().get(),
            )
        },
        |_| load_notification_settings(),
    );
    view! {
        <Load data=settings let:settings>
            <Settings settings save rotate revoke />
        </Load>
    }
}

/// Time zones people pick most; any other IANA name can be typed.
const COMMON_ZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
];

#[component]
fn Settings(
    settings: NotificationSettings,
    save: FormAction<SaveNotificationSettings>,
    rotate: FormAction<RotateCalendarFeed>,
    revoke: FormAction<RevokeCalendarFeed>,
) -> impl IntoView {
    let error = action_error(save);
    let query = use_query_map();
    let saved = move || {
        query.read().get("saved").is_some() || save.value().get().is_some_and(|r| r.is_ok())
    };
    let hours: Vec<(&'static str, &'static str)> = HOURS.to_vec();
    view! {
        <div class="settings-section card">
            <h2>"Daily reminders"</h2>
            <Show when=saved>
                <Notice>"Saved."</Notice>
            </Show>
            {(!settings.verified).then(|| view! {
                <p class="alert alert-error">"Confirm your email address first: until then reminders appear here in the app only."</p>
            })}
            <FormMessage error />
            <ServerForm action=save attr:class="form">
                <label class="checkbox">
                    <input type="checkbox" name="digest_email" value="on" checked=settings.digest_email />
                    " Email me one digest a day with follow-ups due and tomorrow's interviews"
                </label>
                <label class="checkbox">
                    <input type="checkbox" name="in_app" value="on" checked=settings.in_app />
                    " Show reminders as notifications in Careerhub"
                </label>
                <div class="form-grid">
                    <Select label="Send it at" name="digest_hour" options=hours error value=settings.digest_hour.to_string() />
                    <Field label="Time zone" name="timezone" error value=settings.timezone.clone() maxlength=64 hint="An IANA name such as Europe/Berlin" list="zones" />
                </div>
                <datalist id="zones">
                    {COMMON_ZONES.iter().map(|zone| view! { <option value=*zone /> }).collect_view()}
                </datalist>
                <button class="button button-primary" type="submit">"Save"</button>
            </ServerForm>
        </div>

        <div class="settings-section card">
            <h2>"Calendar feed"</h2>
            <p>"Subscribe to your interviews and follow-ups in Google Calendar, Apple Calendar or Thunderbird. Anyone with the address can read the feed: keep it private, and make a new one if it leaks."</p>
            {match (settings.calendar_url.clone(), settings.calendar_since) {
                (Some(url), _) => view! {
                    <div class="field">
                        <label for="calendar-url">"Your private address"</label>
                        <input id="calendar-url" type="text" readonly=true value=url aria-describedby="calendar-url-hint" />
                        <p class="field-hint" id="calendar-url-hint">"Copy it into your calendar app now: for your safety it is shown only this once."</p>
                    </div>
                    <CalendarActions rotate revoke />
                }
                .into_any(),
                (None, Some(since)) => view! {
                    <p>{format!("A private address is active (made on {}). If you lost it, make a new one: the old one stops working.", since.date_naive())}</p>
                    <CalendarActions rotate revoke />
                }
                .into_any(),
                (None, None) => view! {
                    <ServerForm action=rotate attr:class="inline-form">
                        <button class="button button-primary" type="submit">"Create a calendar address"</button>
                    </ServerForm>
                }
                .into_any(),
            }}
        </div>

        <div class="settings-section card">
            <h2>"Export your tracker"</h2>
            <p>"Spreadsheet-safe CSV files, or everything in one JSON file."</p>
            <ul class="plain-list">
                <li><a href="/export/applications.csv" download="applications.csv">"Applications (CSV)"</a></li>
                <li><a href="/export/contacts.csv" download="contacts.csv">"Contacts (CSV)"</a></li>
                <li><a href="/export/learning.csv" download="learning.csv">"Learning (CSV)"</a></li>
                <li><a href="/export/contacts.vcf" download="contacts.vcf">"Contacts (vCard)"</a></li>
                <li><a href="/export/tracker.json" download="careerhub-tracker.json">"Everything (JSON)"</a></li>
            </ul>
        </div>

        <div class="settings-section card">
            <h2>"Download my data"</h2>
            <p>"Everything Careerhub holds about you — account, sessions, security log, email, notifications and tracker — as JSON and CSV files in one zip."</p>
            <a class="button" href="/export/my-data.zip" download="careerhub-my-data.zip">"Download my data (.zip)"</a>
        </div>
    }
}

const HOURS: [(&str, &str); 24] = [
    ("0", "00:00"),
    ("1", "01:00"),
    ("2", "02:00"),
    ("3", "03:00"),
    ("4", "04:00"),
    ("5", "05:00"),
    ("6", "06:00"),
    ("7", "07:00"),
    ("8", "08:00"),
    ("9", "09:00"),
    ("10", "10:00"),
    ("11", "11:00"),
    ("12", "12:00"),
    ("13", "13:00"),
    ("14", "14:00"),
    ("15", "15:00"),
    ("16", "16:00"),
    ("17", "17:00"),
    ("18", "18:00"),
    ("19", "19:00"),
    ("20", "20:00"),
    ("21", "21:00"),
    ("22", "22:00"),
    ("23", "23:00"),
];

#[component]
fn CalendarActions(
    rotate: FormAction<RotateCalendarFeed>,
    revoke: FormAction<RevokeCalendarFeed>,
) -> impl IntoView {
    view! {
        <div class="form-actions">
            <ServerForm action=rotate attr:class="inline-form">
                <button class="button" type="submit">"Make a new address"</button>
            </ServerForm>
            <ServerForm action=revoke attr:class="inline-form">
                <button class="button button-danger" type="submit">"Turn the feed off"</button>
            </ServerForm>
        </div>
    }
}
