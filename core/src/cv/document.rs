//! A version resolved against the profile: what every renderer prints.

use careerhub_domain::cv::{CvDocument, CvItem, CvLink, CvSection, CvSkill, link_text};
use careerhub_domain::ids::{CvVersionId, UserId};
use careerhub_domain::profile::{Entry, EntryDetails, ProfileView, SectionItems};
use diesel::PgConnection;

use crate::profile::page;
use crate::service::Error;

use super::versions;

/// The document a version prints, and the profile cut down to what it includes (with its
/// overrides applied), which the JSON Resume export is made from.
pub struct Resolved {
    pub name: String,
    pub document: CvDocument,
    pub profile: ProfileView,
}

pub fn resolve(conn: &mut PgConnection, owner: UserId, id: CvVersionId) -> Result<Resolved, Error> {
    let version = versions::get(conn, owner, id)?;
    let included = versions::included_entries(conn, owner, id)?;
    let chosen_skills = versions::included_skills(conn, owner, id)?;
    let page_size = match version.page_size {
        Some(size) => size,
        None => versions::locale_page_size(conn, owner)?,
    };
    let mut profile = page::view(conn, owner)?;

    let mut sections = Vec::new();
    for section in version.sections()? {
        let entries: Vec<Entry> = profile
            .entries(section)
            .iter()
            .filter_map(|entry| {
                let reworded = included.get(&entry.id)?;
                let mut entry = entry.clone();
                if let (Some(highlights), EntryDetails::Experience(details)) =
                    (reworded, &mut entry.details)
                {
                    details.highlights = highlights.clone();
                }
                Some(entry)
            })
            .collect();
        if !entries.is_empty() {
            sections.push(SectionItems { section, entries });
        }
    }
    let mut skills: Vec<_> = if version.show_skills {
        profile
            .skills
            .iter()
            .filter(|skill| chosen_skills.contains_key(&skill.id))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    // Highlighted first, each group in the profile's order.
    skills.sort_by_key(|skill| !chosen_skills.get(&skill.id).copied().unwrap_or(false));

    if version.headline.is_some() {
        profile.basics.headline = version.headline.clone();
    }
    if version.summary.is_some() {
        profile.basics.summary = version.summary.clone();
    }
    profile.sections = sections;
    profile.skills = skills;

    let basics = &profile.basics;
    let links = [
        ("Website", &basics.website_url),
        ("LinkedIn", &basics.linkedin_url),
        ("GitHub", &basics.github_url),
    ]
    .into_iter()
    .filter_map(|(label, url)| {
        url.as_ref().map(|url| CvLink {
            label: label.to_owned(),
            text: link_text(url),
            url: url.clone(),
        })
    })
    .collect();
    let document = CvDocument {
        template: version.template,
        page_size,
        name: profile.display_name.clone(),
        headline: basics.headline.clone(),
        contact: [
            Some(profile.email.clone()),
            basics.phone.clone(),
            basics.location.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        links,
        summary: basics.summary.clone(),
        sections: profile
            .sections
            .iter()
            .map(|items| CvSection {
                key: items.section.as_str().to_owned(),
                title: items.section.label().to_owned(),
                items: items.entries.iter().map(item).collect(),
            })
            .collect(),
        skills: profile
            .skills
            .iter()
            .map(|skill| CvSkill {
                name: skill.name.clone(),
                highlighted: chosen_skills.get(&skill.id).copied().unwrap_or(false),
            })
            .collect(),
    };
    Ok(Resolved {
        name: version.name,
        document,
        profile,
    })
}

fn item(entry: &Entry) -> CvItem {
    let (highlights, technologies, url) = match &entry.details {
        EntryDetails::Experience(details) => (
            details.highlights.clone(),
            details.technologies.clone(),
            None,
        ),
        EntryDetails::Project(details) => (
            Vec::new(),
            details.technologies.clone(),
            details.url.clone(),
        ),
        EntryDetails::Certification(details) => {
            (Vec::new(), Vec::new(), details.credential_url.clone())
        }
        _ => (Vec::new(), Vec::new(), None),
    };
    let span = entry.span();
    CvItem {
        title: entry.title.clone(),
        organisation: entry.shown_organisation().map(str::to_owned),
        span: (!span.is_empty()).then_some(span),
        subtitle: entry.subtitle(),
        description: entry.details.description().map(str::to_owned),
        highlights,
        technologies,
        url,
    }
}
