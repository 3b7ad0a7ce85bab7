//! JSON Resume (jsonresume.org, schema 1.x) into profile forms, and the profile out as one.

use careerhub_domain::profile::{
    BasicsForm, EntryDetails, EntryForm, LanguageLevel, ProfileView, Section, SkillForm,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::service::Error;

use super::{Imported, refused};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Resume {
    basics: Option<Basics>,
    work: Vec<Work>,
    education: Vec<Education>,
    skills: Vec<Skill>,
    languages: Vec<Language>,
    certificates: Vec<Certificate>,
    projects: Vec<Project>,
    awards: Vec<Award>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Basics {
    label: String,
    summary: String,
    phone: String,
    url: String,
    location: Location,
    profiles: Vec<SocialProfile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Location {
    city: String,
    region: String,
    #[serde(rename = "countryCode")]
    country_code: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SocialProfile {
    network: String,
    url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Work {
    name: String,
    /// Schema 0.x called the employer `company`.
    company: String,
    position: String,
    location: String,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "endDate")]
    end_date: String,
    summary: String,
    description: String,
    highlights: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Education {
    institution: String,
    area: String,
    #[serde(rename = "studyType")]
    study_type: String,
    score: String,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "endDate")]
    end_date: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Skill {
    name: String,
    level: String,
    keywords: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Language {
    language: String,
    fluency: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Certificate {
    name: String,
    issuer: String,
    date: String,
    url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Project {
    name: String,
    description: String,
    url: String,
    entity: String,
    roles: Vec<String>,
    keywords: Vec<String>,
    highlights: Vec<String>,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "endDate")]
    end_date: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Award {
    title: String,
    date: String,
    awarder: String,
    summary: String,
}

/// A fluency as people write it ("Native speaker", "C1", "Fluent") as a level.
pub(super) fn language_level(text: &str) -> LanguageLevel {
    let text = text.trim().to_lowercase();
    if let Some(level) = LanguageLevel::parse(&text) {
        return level;
    }
    let has = |word: &str| text.contains(word);
    if has("native") || has("mother") || has("bilingual") {
        LanguageLevel::Native
    } else if has("full professional") || has("fluent") || has("advanced") {
        LanguageLevel::C1
    } else if has("professional") || has("upper") {
        LanguageLevel::B2
    } else if has("limited") || has("intermediate") || has("conversational") {
        LanguageLevel::B1
    } else {
        LanguageLevel::A2
    }
}

fn skill_level(text: &str) -> String {
    let text = text.to_lowercase();
    let level = if text.contains("master") || text.contains("expert") {
        "5"
    } else if text.contains("advanced") || text.contains("senior") {
        "4"
    } else if text.contains("intermediate") {
        "3"
    } else if text.contains("beginner") || text.contains("basic") || text.contains("novice") {
        "2"
    } else {
        ""
    };
    level.to_owned()
}

fn join(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(separator)
}

pub(super) fn read(text: &str) -> Result<Imported, Error> {
    let value: Value = serde_json::from_str(text)
        .map_err(|_| refused("This is neither a JSON Resume file nor a LinkedIn export (.zip)."))?;
    let known = [
        "basics",
        "work",
        "education",
        "skills",
        "languages",
        "projects",
    ];
    if !value.is_object() || !known.iter().any(|key| value.get(key).is_some()) {
        return Err(refused(
            "This JSON file is not a JSON Resume: it has no basics, work, education or skills.",
        ));
    }
    let resume: Resume = serde_json::from_value(value).map_err(|err| {
        refused(format!(
            "This JSON Resume file does not follow the schema ({err})."
        ))
    })?;
    let mut imported = Imported::default();
    if let Some(basics) = resume.basics {
        let profile = |network: &str| {
            basics
                .profiles
                .iter()
                .find(|profile| profile.network.eq_ignore_ascii_case(network))
                .map(|profile| profile.url.clone())
                .unwrap_or_default()
        };
        imported.basics = BasicsForm {
            headline: basics.label.clone(),
            summary: basics.summary.clone(),
            location: join(
                &[
                    &basics.location.city,
                    &basics.location.region,
                    &basics.location.country_code,
                ],
                ", ",
            ),
            phone: basics.phone.clone(),
            website_url: basics.url.clone(),
            linkedin_url: profile("linkedin"),
            github_url: profile("github"),
            ..BasicsForm::default()
        };
    }
    let checked = |on: bool| on.then(|| "on".to_owned());
    for work in resume.work {
        imported.entries.push(EntryForm {
            title: work.position,
            organisation: if work.name.is_empty() {
                work.company
            } else {
                work.name
            },
            location: work.location,
            current: checked(!work.start_date.is_empty() && work.end_date.is_empty()),
            starts_on: work.start_date,
            ends_on: work.end_date,
            description: join(&[&work.summary, &work.description], "\n\n"),
            highlights: work.highlights.join("\n"),
            ..EntryForm::new(Section::Experience)
        });
    }
    for education in resume.education {
        imported.entries.push(EntryForm {
            title: education.institution,
            degree: education.study_type,
            field: education.area,
            grade: education.score,
            starts_on: education.start_date,
            ends_on: education.end_date,
            ..EntryForm::new(Section::Education)
        });
    }
    for certificate in resume.certificates {
        imported.entries.push(EntryForm {
            title: certificate.name,
            organisation: certificate.issuer,
            starts_on: certificate.date,
            credential_url: certificate.url,
            ..EntryForm::new(Section::Certification)
        });
    }
    for project in resume.projects {
        imported.entries.push(EntryForm {
            title: project.name,
            organisation: project.entity,
            role: project.roles.first().cloned().unwrap_or_default(),
            url: project.url,
            description: join(
                &[&project.description, &project.highlights.join("\n")],
                "\n\n",
            ),
            technologies: project.keywords.join(", "),
            starts_on: project.start_date,
            ends_on: project.end_date,
            ..EntryForm::new(Section::Project)
        });
    }
    for award in resume.awards {
        let awarder = match award.awarder.trim() {
            "" => String::new(),
            name => format!("Awarded by {name}."),
        };
        imported.entries.push(EntryForm {
            title: award.title,
            starts_on: award.date,
            description: join(&[&award.summary, &awarder], "\n\n"),
            ..EntryForm::new(Section::Achievement)
        });
    }
    for language in resume.languages {
        imported.entries.push(EntryForm {
            title: language.language,
            level: language_level(&language.fluency).as_str().to_owned(),
            ..EntryForm::new(Section::Language)
        });
    }
    for skill in resume.skills {
        let level = skill_level(&skill.level);
        let named = std::iter::once(skill.name).chain(skill.keywords);
        for (index, name) in named.enumerate() {
            imported.skills.push(SkillForm {
                name,
                level: if index == 0 {
                    level.clone()
                } else {
                    String::new()
                },
                visible: Some("on".into()),
                ..SkillForm::default()
            });
        }
    }
    Ok(imported)
}

/// The profile as a JSON Resume document (schema 1.x): every item, hidden ones included (it is
/// the owner's copy); career goals have no place in the schema and are left out.
pub fn export(profile: &ProfileView) -> Value {
    let basics = &profile.basics;
    let month = |value: Option<careerhub_domain::profile::Month>| value.map(|m| m.input_value());
    let mut resume = json!({
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": {
            "name": profile.display_name,
            "email": profile.email,
            "profiles": [],
        },
        "work": [], "education": [], "certificates": [], "projects": [], "awards": [],
        "languages": [], "skills": [],
        "meta": { "version": "v1.0.0" },
    });
    let put = |object: &mut Value, key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            object[key] = Value::String(value);
        }
    };
    put(&mut resume["basics"], "label", basics.headline.clone());
    put(&mut resume["basics"], "summary", basics.summary.clone());
    put(&mut resume["basics"], "phone", basics.phone.clone());
    put(&mut resume["basics"], "url", basics.website_url.clone());
    if let Some(location) = &basics.location {
        resume["basics"]["location"] = json!({ "city": location });
    }
    for (network, url) in [
        ("LinkedIn", &basics.linkedin_url),
        ("GitHub", &basics.github_url),
    ] {
        if let Some(url) = url {
            push(
                &mut resume["basics"]["profiles"],
                json!({ "network": network, "url": url }),
            );
        }
    }
    for items in &profile.sections {
        for entry in &items.entries {
            let mut item = json!({});
            put(&mut item, "startDate", month(entry.starts_on));
            put(&mut item, "endDate", month(entry.ends_on));
            let (list, item) = match &entry.details {
                EntryDetails::Experience(details) => {
                    item["position"] = json!(entry.title);
                    put(&mut item, "name", entry.organisation.clone());
                    put(&mut item, "location", details.location.clone());
                    put(&mut item, "summary", details.description.clone());
                    item["highlights"] = json!(details.highlights);
                    ("work", item)
                }
                EntryDetails::Education(details) => {
                    item["institution"] = json!(entry.title);
                    put(&mut item, "studyType", details.degree.clone());
                    put(&mut item, "area", details.field.clone());
                    put(&mut item, "score", details.grade.clone());
                    ("education", item)
                }
                EntryDetails::Certification(details) => {
                    let mut certificate = json!({ "name": entry.title });
                    put(&mut certificate, "date", month(entry.starts_on));
                    put(&mut certificate, "issuer", entry.organisation.clone());
                    put(&mut certificate, "url", details.credential_url.clone());
                    ("certificates", certificate)
                }
                EntryDetails::Project(details) => {
                    item["name"] = json!(entry.title);
                    put(
                        &mut item,
                        "entity",
                        entry.shown_organisation().map(str::to_owned),
                    );
                    put(&mut item, "description", details.description.clone());
                    put(&mut item, "url", details.url.clone());
                    item["roles"] = json!(details.role.iter().collect::<Vec<_>>());
                    item["keywords"] = json!(details.technologies);
                    ("projects", item)
                }
                EntryDetails::Achievement(details) => {
                    let mut award = json!({ "title": entry.title });
                    put(&mut award, "date", month(entry.starts_on));
                    put(
                        &mut award,
                        "summary",
                        join(
                            &[
                                details.description.as_deref().unwrap_or_default(),
                                details.result.as_deref().unwrap_or_default(),
                            ],
                            "\n\n",
                        )
                        .into(),
                    );
                    ("awards", award)
                }
                EntryDetails::Language(details) => (
                    "languages",
                    json!({ "language": entry.title, "fluency": details.level.label() }),
                ),
                EntryDetails::Goal(_) => continue,
            };
            push(&mut resume[list], item);
        }
    }
    for skill in &profile.skills {
        let mut item = json!({ "name": skill.name, "keywords": [] });
        if let Some(level) = skill.level {
            item["level"] = json!(
                [
                    "",
                    "Beginner",
                    "Elementary",
                    "Intermediate",
                    "Advanced",
                    "Expert"
                ][level.clamp(1, 5) as usize]
            );
        }
        push(&mut resume["skills"], item);
    }
    resume
}

fn push(list: &mut Value, item: Value) {
    if let Value::Array(items) = list {
        items.push(item);
    }
}
