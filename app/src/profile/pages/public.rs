//! The public profile at /p/{slug} (and /p/{slug}?key=… when link-only): only what its owner made
//! visible, with Open Graph tags and a schema.org `Person`. Rendered whole on the server, so it
//! works without JavaScript and crawlers see everything.

use careerhub_domain::paths;
use careerhub_domain::profile::{EntryDetails, PublicPage, PublicProfile, Section};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::load::{Load, Record};
use crate::data::page_data;
use crate::escape::JsonLd;
use crate::profile::pages::editor::EntrySummary;
use crate::profile::server::public_profile;

#[component]
pub fn PublicProfilePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = page_data(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("key"),
            )
        },
        |(slug, key)| public_profile(slug, key),
    );
    view! {
        <section class="container public-profile">
            <Load data=page record=Record { what: "Profile", back: "/" } let:page>
                {match page {
                    PublicPage::Shown(profile) => view! { <Profile profile=*profile /> }.into_any(),
                    PublicPage::Moved { slug } => {
                        let to = paths::public_profile(&slug);
                        view! {
                            <Title text="Profile moved" />
                            <div class="card empty-state">
                                <p>"This profile has a new address: " <a href=to.clone()>{to.clone()}</a></p>
                            </div>
                        }
                        .into_any()
                    }
                }}
            </Load>
        </section>
    }
}

#[component]
fn Profile(profile: PublicProfile) -> impl IntoView {
    let description = profile
        .headline
        .clone()
        .or_else(|| profile.summary.clone())
        .unwrap_or_else(|| format!("{}'s professional profile", profile.name));
    let links = [
        ("Website", profile.website_url.clone()),
        ("LinkedIn", profile.linkedin_url.clone()),
        ("GitHub", profile.github_url.clone()),
    ]
    .into_iter()
    .filter_map(|(label, url)| url.map(|url| (label, url)))
    .collect::<Vec<_>>();
    view! {
        <Title text=profile.name.clone() />
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content="profile" />
        <Meta property="og:title" content=profile.name.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=profile.url.clone() />
        {(!profile.indexable).then(|| view! { <Meta name="robots" content="noindex, nofollow" /> })}
        <JsonLd json=profile.structured_data.clone() />
        <header class="card public-header">
            <h1>{profile.name.clone()}</h1>
            {profile.headline.clone().map(|headline| view! { <p class="public-headline">{headline}</p> })}
            {profile.location.clone().map(|location| view! { <p class="muted">{location}</p> })}
            <ul class="plain-list public-links">
                {profile.email.clone().map(|email| view! {
                    <li><a href=format!("mailto:{email}")>{email.clone()}</a></li>
                })}
                {links.into_iter().map(|(label, url)| view! {
                    <li><a href=url rel="noopener noreferrer nofollow me" target="_blank">{label}</a></li>
                }).collect_view()}
            </ul>
        </header>
        {profile.summary.clone().map(|summary| view! {
            <section class="card"><h2>"About"</h2><p class="prewrap">{summary}</p></section>
        })}
        {profile.sections.into_iter().map(|items| view! {
            <section class="card public-section" id=items.section.as_str()>
                <h2>{items.section.label()}</h2>
                <ul class="plain-list profile-items">
                    {items.entries.into_iter().map(|entry| {
                        let shown = careerhub_domain::profile::Entry {
                            organisation: entry.shown_organisation().map(str::to_owned),
                            ..entry.clone()
                        };
                        view! {
                            <li class="profile-item public-item">
                                <EntrySummary entry=shown />
                                <EntryBody details=entry.details.clone() />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
        {(!profile.skills.is_empty()).then(|| view! {
            <section class="card" id="skills">
                <h2>"Skills"</h2>
                <ul class="tags">
                    {profile.skills.into_iter().map(|skill| view! {
                        <li class:tag-primary=skill.primary>
                            {skill.name.clone()}
                            {skill.level.map(|level| view! { <span class="muted">{format!(" {level}/5")}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// What an item says beyond its summary line: description, highlights, technologies, links.
#[component]
fn EntryBody(details: EntryDetails) -> impl IntoView {
    let description = details.description().map(str::to_owned);
    let (highlights, technologies, link) = match &details {
        EntryDetails::Experience(d) => (d.highlights.clone(), d.technologies.clone(), None),
        EntryDetails::Project(d) => (Vec::new(), d.technologies.clone(), d.url.clone()),
        EntryDetails::Certification(d) => (Vec::new(), Vec::new(), d.credential_url.clone()),
        _ => (Vec::new(), Vec::new(), None),
    };
    let link_label = if details.section() == Section::Certification {
        "Verify credential ↗"
    } else {
        "Link ↗"
    };
    view! {
        {description.map(|text| view! { <p class="prewrap">{text}</p> })}
        {(!highlights.is_empty()).then(|| view! {
            <ul class="highlights">{highlights.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
        })}
        {(!technologies.is_empty()).then(|| view! {
            <ul class="tags">{technologies.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        })}
        {link.map(|url| view! { <p><a href=url rel="noopener noreferrer nofollow" target="_blank">{link_label}</a></p> })}
    }
}
