//! Importing a profile without retyping it: a JSON Resume file or a LinkedIn data export (zip).
//!
//! A file is read into the same forms a person fills in ([`Imported`]), so every imported value
//! passes the same checks as a typed one; an item the checks refuse is left out and named in the
//! preview. The preview compares with the profile as it is: an item already there (same section,
//! name, organisation and start month; a skill under the same normalised key) is not added again,
//! so importing twice changes nothing. Applying is one transaction.

mod json_resume;
mod linkedin;

pub use json_resume::export as json_resume;

use std::collections::HashSet;

use careerhub_domain::FormError;
use careerhub_domain::ids::UserId;
use careerhub_domain::profile::{
    Basics, BasicsForm, EntryForm, EntryInput, ImportCount, ImportPreview, Month, Section,
    SkillForm, SkillInput,
};
use diesel::PgConnection;
use serde::{Deserialize, Serialize};

use crate::service::Error;

use super::{entries, page, skills};

/// The largest file accepted (a LinkedIn export with every CSV is a few hundred KB).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// What a file holds, as forms: nothing is trusted until it is parsed like typed input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Imported {
    /// "JSON Resume file resume.json".
    pub source: String,
    pub basics: BasicsForm,
    pub entries: Vec<EntryForm>,
    pub skills: Vec<SkillForm>,
}

/// A file that cannot be imported, with the message for the person.
fn refused(message: impl Into<String>) -> Error {
    Error::Form(FormError::field("file", message))
}

/// Reads a JSON Resume file or a LinkedIn export; anything else is refused with a message.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Imported, Error> {
    if bytes.is_empty() {
        return Err(refused("Choose a file to import."));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refused(
            "The file is larger than 2 MB. Is it the right one?",
        ));
    }
    let shown_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    // Zip archives start with "PK" (an empty one with its end-of-directory record).
    if bytes.starts_with(b"PK") {
        let mut imported = linkedin::read(bytes)?;
        imported.source = format!("LinkedIn export {shown_name}");
        return Ok(imported);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| refused("This is neither a JSON Resume file nor a LinkedIn export (.zip)."))?;
    let mut imported = json_resume::read(text)?;
    imported.source = format!("JSON Resume file {shown_name}");
    Ok(imported)
}

/// An item's identity for "already there": section, name, organisation, start month.
type EntryKey = (Section, String, String, Option<Month>);

fn entry_key(
    section: Section,
    title: &str,
    organisation: Option<&str>,
    starts_on: Option<Month>,
) -> EntryKey {
    (
        section,
        title.trim().to_lowercase(),
        organisation.unwrap_or_default().trim().to_lowercase(),
        starts_on,
    )
}

/// What applying `imported` would do to the owner's profile.
struct Plan {
    /// Only the basics that are empty now get a value.
    basics: Option<Basics>,
    filled: Vec<&'static str>,
    entries: Vec<EntryInput>,
    skills: Vec<SkillInput>,
    preview: ImportPreview,
}

fn plan(conn: &mut PgConnection, owner: UserId, imported: &Imported) -> Result<Plan, Error> {
    let current = page::view(conn, owner)?;
    let mut skipped = Vec::new();

    // Basics: fill what is empty, never overwrite.
    let mut basics = current.basics.clone();
    let mut filled = Vec::new();
    match imported.basics.parse() {
        Ok(found) => {
            let mut fill =
                |label: &'static str, have: &mut Option<String>, found: Option<String>| {
                    if have.is_none() && found.is_some() {
                        *have = found;
                        filled.push(label);
                    }
                };
            fill("headline", &mut basics.headline, found.headline);
            fill("summary", &mut basics.summary, found.summary);
            fill("location", &mut basics.location, found.location);
            fill("phone", &mut basics.phone, found.phone);
            fill("website", &mut basics.website_url, found.website_url);
            fill("LinkedIn", &mut basics.linkedin_url, found.linkedin_url);
            fill("GitHub", &mut basics.github_url, found.github_url);
        }
        Err(error) => skipped.push(format!("The profile details: {error}")),
    }

    let mut known: HashSet<_> = current
        .sections
        .iter()
        .flat_map(|items| items.entries.iter())
        .map(|entry| {
            entry_key(
                entry.section(),
                &entry.title,
                entry.organisation.as_deref(),
                entry.starts_on,
            )
        })
        .collect();
    let mut counts: Vec<ImportCount> = Section::ALL
        .iter()
        .map(|&section| ImportCount {
            what: section.label().to_owned(),
            added: 0,
            already_there: 0,
            examples: Vec::new(),
        })
        .collect();
    let mut new_entries = Vec::new();
    for form in &imported.entries {
        match form.parse() {
            Ok(input) => {
                let count = &mut counts[Section::ALL
                    .iter()
                    .position(|section| *section == input.section())
                    .unwrap_or_default()];
                let key = entry_key(
                    input.section(),
                    &input.title,
                    input.organisation.as_deref(),
                    input.starts_on,
                );
                if known.insert(key) {
                    count.added += 1;
                    if count.examples.len() < 3 {
                        count.examples.push(input.title.clone());
                    }
                    new_entries.push(input);
                } else {
                    count.already_there += 1;
                }
            }
            Err(error) => skipped.push(format!("{:?}: {error}", form.title)),
        }
    }

    let mut known_skills: HashSet<String> = current
        .skills
        .iter()
        .filter_map(|skill| careerhub_domain::skills::canonical(&skill.name))
        .map(|skill| skill.key)
        .collect();
    let mut skill_count = ImportCount {
        what: "Skills".to_owned(),
        added: 0,
        already_there: 0,
        examples: Vec::new(),
    };
    let mut new_skills = Vec::new();
    for form in &imported.skills {
        match form.parse() {
            Ok(input) => {
                if known_skills.insert(input.skill.key.clone()) {
                    skill_count.added += 1;
                    if skill_count.examples.len() < 3 {
                        skill_count.examples.push(input.skill.name.clone());
                    }
                    new_skills.push(input);
                } else {
                    skill_count.already_there += 1;
                }
            }
            Err(error) => skipped.push(format!("Skill {:?}: {error}", form.name)),
        }
    }
    counts.push(skill_count);
    counts.retain(|count| count.added + count.already_there > 0);
    let preview = ImportPreview {
        source: imported.source.clone(),
        basics: filled.iter().map(|label| (*label).to_owned()).collect(),
        counts,
        skipped,
    };
    Ok(Plan {
        basics: (!filled.is_empty()).then_some(basics),
        filled,
        entries: new_entries,
        skills: new_skills,
        preview,
    })
}

/// What importing would add, without changing anything.
pub fn preview(
    conn: &mut PgConnection,
    owner: UserId,
    imported: &Imported,
) -> Result<ImportPreview, Error> {
    plan(conn, owner, imported).map(|plan| plan.preview)
}

/// Adds what the preview showed. The caller runs it in one transaction: a failure changes nothing.
pub fn apply(
    conn: &mut PgConnection,
    owner: UserId,
    imported: &Imported,
) -> Result<ImportPreview, Error> {
    let plan = plan(conn, owner, imported)?;
    if let Some(basics) = &plan.basics {
        page::update_basics(conn, owner, basics)?;
    }
    for input in &plan.entries {
        entries::create(conn, owner, input)?;
    }
    for input in &plan.skills {
        skills::create(conn, owner, input)?;
    }
    tracing::info!(
        basics = plan.filled.len(),
        entries = plan.entries.len(),
        skills = plan.skills.len(),
        "imported into the profile"
    );
    Ok(plan.preview)
}
