//! The public page's schema.org `Person` (JSON-LD), made only from what the page shows.

use careerhub_domain::profile::{EntryDetails, PublicProfile, Section};
use serde_json::{Value, json};

/// The JSON-LD document for `profile`, whose page is at `url`.
pub fn person(profile: &PublicProfile, url: &str) -> String {
    let entries = |section: Section| {
        profile
            .sections
            .iter()
            .filter(move |items| items.section == section)
            .flat_map(|items| items.entries.iter())
    };
    let mut person = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.name,
        "url": url,
    });
    let mut set = |key: &str, value: Value| {
        if !value.is_null() && value != json!([]) {
            person[key] = value;
        }
    };
    set("jobTitle", json!(profile.headline));
    set("description", json!(profile.summary));
    set(
        "address",
        profile.location.as_ref().map_or(
            Value::Null,
            |location| json!({ "@type": "PostalAddress", "addressLocality": location }),
        ),
    );
    set(
        "email",
        json!(
            profile
                .email
                .as_ref()
                .map(|email| format!("mailto:{email}"))
        ),
    );
    let same_as: Vec<&String> = [
        &profile.website_url,
        &profile.linkedin_url,
        &profile.github_url,
    ]
    .into_iter()
    .flatten()
    .collect();
    set("sameAs", json!(same_as));
    set(
        "worksFor",
        json!(
            entries(Section::Experience)
                .filter(|entry| {
                    matches!(&entry.details, EntryDetails::Experience(details) if details.current)
                })
                .filter_map(|entry| entry.shown_organisation())
                .map(|name| json!({ "@type": "Organization", "name": name }))
                .collect::<Vec<_>>()
        ),
    );
    set(
        "alumniOf",
        json!(
            entries(Section::Education)
                .map(|entry| json!({ "@type": "EducationalOrganization", "name": entry.title }))
                .collect::<Vec<_>>()
        ),
    );
    set(
        "hasCredential",
        json!(
            entries(Section::Certification)
                .map(|entry| json!({
                    "@type": "EducationalOccupationalCredential",
                    "name": entry.title,
                }))
                .collect::<Vec<_>>()
        ),
    );
    set(
        "knowsLanguage",
        json!(
            entries(Section::Language)
                .map(|entry| entry.title.clone())
                .collect::<Vec<_>>()
        ),
    );
    set(
        "knowsAbout",
        json!(
            profile
                .skills
                .iter()
                .map(|skill| skill.name.clone())
                .collect::<Vec<_>>()
        ),
    );
    person.to_string()
}
