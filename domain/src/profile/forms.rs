//! The profile's forms: what a person types, read into typed input with one message per bad field.

use serde::{Deserialize, Serialize};

use super::{
    AchievementDetails, Basics, CertificationDetails, EducationDetails, EmploymentType, Entry,
    EntryDetails, ExperienceDetails, GoalDetails, GoalKind, GoalStatus, GoalTimeframe,
    LanguageDetails, LanguageLevel, Month, ProjectDetails, Section, SkillCategory, Slug,
    Visibility,
};
use crate::FormError;
use crate::fields::FormReader;
use crate::skills::{self, CanonicalSkill};
use crate::tracker::WorkArrangement;

/// Items per section: far more than any career, few enough that a page stays fast.
pub const MAX_ENTRIES_PER_SECTION: i64 = 100;
pub const MAX_SKILLS: i64 = 300;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BasicsForm {
    pub headline: String,
    pub summary: String,
    pub location: String,
    pub email_shown: Option<String>,
    pub phone: String,
    pub website_url: String,
    pub linkedin_url: String,
    pub github_url: String,
    /// Comma-separated.
    pub target_roles: String,
    pub salary_min: String,
    pub salary_max: String,
    pub salary_currency: String,
    pub work_arrangement: String,
    pub willing_to_relocate: Option<String>,
    pub notice_weeks: String,
}

pub type BasicsInput = Basics;

impl BasicsForm {
    pub fn parse(&self) -> Result<Basics, FormError> {
        let mut form = FormReader::new();
        let headline = form.optional("headline", &self.headline, 200);
        let summary = form.optional("summary", &self.summary, 5000);
        let location = form.optional("location", &self.location, 200);
        let email_shown = form.checkbox("email_shown", self.email_shown.as_deref());
        let phone = form.phone("phone", &self.phone);
        let website_url = form.url("website_url", &self.website_url);
        let linkedin_url = form.url("linkedin_url", &self.linkedin_url);
        let github_url = form.url("github_url", &self.github_url);
        let target_roles = form.list("target_roles", &self.target_roles, 10, 100);
        let (salary_min, salary_max, salary_currency) =
            form.salary_range(&self.salary_min, &self.salary_max, &self.salary_currency);
        let work_arrangement = form.optional_choice(
            "work_arrangement",
            &self.work_arrangement,
            WorkArrangement::parse,
        );
        let willing_to_relocate =
            form.checkbox("willing_to_relocate", self.willing_to_relocate.as_deref());
        let notice_weeks = form
            .number("notice_weeks", &self.notice_weeks, 0..=52)
            .map(|weeks| weeks as i16);
        form.finish(Basics {
            headline,
            summary,
            location,
            email_shown,
            phone,
            website_url,
            linkedin_url,
            github_url,
            target_roles,
            salary_min,
            salary_max,
            salary_currency,
            work_arrangement,
            willing_to_relocate,
            notice_weeks,
        })
    }
}

impl Basics {
    pub fn to_form(&self) -> BasicsForm {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let checked = |value: bool| value.then(|| "on".to_owned());
        BasicsForm {
            headline: text(&self.headline),
            summary: text(&self.summary),
            location: text(&self.location),
            email_shown: checked(self.email_shown),
            phone: text(&self.phone),
            website_url: text(&self.website_url),
            linkedin_url: text(&self.linkedin_url),
            github_url: text(&self.github_url),
            target_roles: self.target_roles.join(", "),
            salary_min: self.salary_min.map(|n| n.to_string()).unwrap_or_default(),
            salary_max: self.salary_max.map(|n| n.to_string()).unwrap_or_default(),
            salary_currency: text(&self.salary_currency),
            work_arrangement: self
                .work_arrangement
                .map(|value| value.as_str().to_owned())
                .unwrap_or_default(),
            willing_to_relocate: checked(self.willing_to_relocate),
            notice_weeks: self.notice_weeks.map(|n| n.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishingForm {
    pub slug: String,
    pub visibility: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishingInput {
    pub slug: Slug,
    pub visibility: Visibility,
}

impl PublishingForm {
    pub fn parse(&self) -> Result<PublishingInput, FormError> {
        let mut form = FormReader::new();
        let slug_text = form.required("slug", &self.slug, 60, "Choose an address.");
        let slug = match Slug::parse(&slug_text) {
            Ok(slug) => Some(slug),
            Err(_) if form.has_error("slug") => None,
            Err(err) => {
                form.fail("slug", err.message());
                None
            }
        };
        let visibility = form.choice("visibility", &self.visibility, Visibility::parse);
        match (slug, visibility) {
            (Some(slug), Some(visibility)) => form.finish(PublishingInput { slug, visibility }),
            _ => Err(form.finish(()).expect_err("a field failed")),
        }
    }
}

/// One form for every section's items; each section reads the fields it has.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub section: String,
    pub title: String,
    pub organisation: String,
    pub starts_on: String,
    pub ends_on: String,
    pub visible: Option<String>,
    pub employment_type: String,
    pub location: String,
    pub current: Option<String>,
    pub description: String,
    /// One per line.
    pub highlights: String,
    /// Comma-separated.
    pub technologies: String,
    pub degree: String,
    pub field: String,
    pub grade: String,
    pub credential_id: String,
    pub credential_url: String,
    pub role: String,
    pub url: String,
    pub client_alias: String,
    pub result: String,
    pub level: String,
    pub goal_kind: String,
    pub timeframe: String,
    pub goal_status: String,
}

/// A section item ready to store; its section is its details'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryInput {
    pub visible: bool,
    pub title: String,
    pub organisation: Option<String>,
    pub starts_on: Option<Month>,
    pub ends_on: Option<Month>,
    pub details: EntryDetails,
}

impl EntryInput {
    pub fn section(&self) -> Section {
        self.details.section()
    }
}

impl EntryForm {
    /// An empty form for a new item of `section` (visible, and a native language by default).
    pub fn new(section: Section) -> Self {
        Self {
            section: section.as_str().to_owned(),
            visible: Some("on".into()),
            ..Self::default()
        }
    }

    pub fn parse(&self) -> Result<EntryInput, FormError> {
        let mut form = FormReader::new();
        let Some(section) = form.choice("section", &self.section, Section::parse) else {
            return Err(form.finish(()).expect_err("the section failed"));
        };
        let missing = match section {
            Section::Experience => "Enter the position.",
            Section::Education => "Enter the school or university.",
            Section::Certification => "Enter the certificate's name.",
            Section::Project => "Enter the project's name.",
            Section::Achievement => "Describe the achievement in a few words.",
            Section::Language => "Enter the language.",
            Section::Goal => "Enter the title you are aiming for.",
        };
        let title = form.required("title", &self.title, 200, missing);
        let organisation = section
            .organisation_label()
            .and_then(|_| form.optional("organisation", &self.organisation, 200));
        let (starts_on, mut ends_on) = match section.month_labels() {
            Some((_, has_end)) => {
                let start = month(&mut form, "starts_on", &self.starts_on);
                let end = has_end.and_then(|_| month(&mut form, "ends_on", &self.ends_on));
                (start, end)
            }
            None => (None, None),
        };
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && end < start
        {
            form.fail("ends_on", "The end cannot be before the start.");
        }
        let visible = form.checkbox("visible", self.visible.as_deref());
        let text =
            |form: &mut FormReader, name: &str, value: &str, max| form.optional(name, value, max);
        let details = match section {
            Section::Experience => {
                let current = form.checkbox("current", self.current.as_deref());
                if current {
                    ends_on = None;
                }
                EntryDetails::Experience(ExperienceDetails {
                    employment_type: form.optional_choice(
                        "employment_type",
                        &self.employment_type,
                        EmploymentType::parse,
                    ),
                    location: text(&mut form, "location", &self.location, 200),
                    current,
                    description: text(&mut form, "description", &self.description, 5000),
                    highlights: form.lines("highlights", &self.highlights, 20, 300),
                    technologies: form.list("technologies", &self.technologies, 40, 60),
                })
            }
            Section::Education => EntryDetails::Education(EducationDetails {
                degree: text(&mut form, "degree", &self.degree, 200),
                field: text(&mut form, "field", &self.field, 200),
                grade: text(&mut form, "grade", &self.grade, 100),
                description: text(&mut form, "description", &self.description, 5000),
            }),
            Section::Certification => EntryDetails::Certification(CertificationDetails {
                credential_id: text(&mut form, "credential_id", &self.credential_id, 200),
                credential_url: form.url("credential_url", &self.credential_url),
            }),
            Section::Project => EntryDetails::Project(ProjectDetails {
                role: text(&mut form, "role", &self.role, 200),
                url: form.url("url", &self.url),
                description: text(&mut form, "description", &self.description, 5000),
                technologies: form.list("technologies", &self.technologies, 40, 60),
                client_alias: text(&mut form, "client_alias", &self.client_alias, 200),
            }),
            Section::Achievement => EntryDetails::Achievement(AchievementDetails {
                description: text(&mut form, "description", &self.description, 5000),
                result: text(&mut form, "result", &self.result, 300),
            }),
            Section::Language => EntryDetails::Language(LanguageDetails {
                level: form
                    .choice("level", &self.level, LanguageLevel::parse)
                    .unwrap_or(LanguageLevel::Native),
            }),
            Section::Goal => EntryDetails::Goal(GoalDetails {
                kind: form
                    .choice("goal_kind", &self.goal_kind, GoalKind::parse)
                    .unwrap_or(GoalKind::NewJob),
                timeframe: form
                    .choice("timeframe", &self.timeframe, GoalTimeframe::parse)
                    .unwrap_or(GoalTimeframe::SixMonths),
                status: form
                    .choice("goal_status", &self.goal_status, GoalStatus::parse)
                    .unwrap_or(GoalStatus::Active),
            }),
        };
        form.finish(EntryInput {
            visible,
            title,
            organisation,
            starts_on,
            ends_on,
            details,
        })
    }
}

fn month(form: &mut FormReader, name: &str, value: &str) -> Option<Month> {
    let text = form.optional(name, value, 20)?;
    let parsed = Month::parse(&text);
    if parsed.is_none() {
        form.fail(name, "Enter a month like 2021-03.");
    }
    parsed
}

impl Entry {
    pub fn to_form(&self) -> EntryForm {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let mut form = EntryForm {
            section: self.section().as_str().to_owned(),
            title: self.title.clone(),
            organisation: text(&self.organisation),
            starts_on: self.starts_on.map(Month::input_value).unwrap_or_default(),
            ends_on: self.ends_on.map(Month::input_value).unwrap_or_default(),
            visible: self.visible.then(|| "on".to_owned()),
            ..EntryForm::default()
        };
        match &self.details {
            EntryDetails::Experience(details) => {
                form.employment_type = details
                    .employment_type
                    .map(|kind| kind.as_str().to_owned())
                    .unwrap_or_default();
                form.location = text(&details.location);
                form.current = details.current.then(|| "on".to_owned());
                form.description = text(&details.description);
                form.highlights = details.highlights.join("\n");
                form.technologies = details.technologies.join(", ");
            }
            EntryDetails::Education(details) => {
                form.degree = text(&details.degree);
                form.field = text(&details.field);
                form.grade = text(&details.grade);
                form.description = text(&details.description);
            }
            EntryDetails::Certification(details) => {
                form.credential_id = text(&details.credential_id);
                form.credential_url = text(&details.credential_url);
            }
            EntryDetails::Project(details) => {
                form.role = text(&details.role);
                form.url = text(&details.url);
                form.description = text(&details.description);
                form.technologies = details.technologies.join(", ");
                form.client_alias = text(&details.client_alias);
            }
            EntryDetails::Achievement(details) => {
                form.description = text(&details.description);
                form.result = text(&details.result);
            }
            EntryDetails::Language(details) => form.level = details.level.as_str().to_owned(),
            EntryDetails::Goal(details) => {
                form.goal_kind = details.kind.as_str().to_owned();
                form.timeframe = details.timeframe.as_str().to_owned();
                form.goal_status = details.status.as_str().to_owned();
            }
        }
        form
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillForm {
    pub name: String,
    pub category: String,
    pub level: String,
    pub years: String,
    pub primary: Option<String>,
    pub visible: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillInput {
    /// The normalised skill: "js" arrives as JavaScript.
    pub skill: CanonicalSkill,
    pub category: SkillCategory,
    pub level: Option<i16>,
    pub years: Option<i16>,
    pub primary: bool,
    pub visible: bool,
}

impl SkillForm {
    pub fn parse(&self) -> Result<SkillInput, FormError> {
        let mut form = FormReader::new();
        let name = form.required("name", &self.name, 60, "Enter the skill.");
        let skill = skills::canonical(&name);
        if skill.is_none() && !form.has_error("name") {
            form.fail("name", "Use letters or digits in the skill's name.");
        }
        let category = if self.category.trim().is_empty() {
            Some(
                skill
                    .as_ref()
                    .and_then(|skill| skill.category)
                    .unwrap_or(SkillCategory::Technical),
            )
        } else {
            form.choice("category", &self.category, SkillCategory::parse)
        };
        let level = form.number("level", &self.level, 1..=5).map(|n| n as i16);
        let years = form.number("years", &self.years, 0..=60).map(|n| n as i16);
        let primary = form.checkbox("primary", self.primary.as_deref());
        let visible = form.checkbox("visible", self.visible.as_deref());
        match (skill, category) {
            (Some(skill), Some(category)) => form.finish(SkillInput {
                skill,
                category,
                level,
                years,
                primary,
                visible,
            }),
            _ => Err(form.finish(()).expect_err("a field failed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn experience() -> EntryForm {
        EntryForm {
            title: "Backend engineer".into(),
            organisation: "Acme".into(),
            starts_on: "2021-03".into(),
            ends_on: "2024-01".into(),
            highlights: "Shipped billing\n\nCut costs by 30 %\n".into(),
            technologies: "Rust, PostgreSQL, rust".into(),
            ..EntryForm::new(Section::Experience)
        }
    }

    #[test]
    fn an_experience_reads_its_months_and_lists() {
        let input = experience().parse().unwrap();
        assert_eq!(input.section(), Section::Experience);
        assert_eq!(input.starts_on, Month::new(2021, 3));
        assert_eq!(input.ends_on, Month::new(2024, 1));
        assert!(input.visible);
        let EntryDetails::Experience(details) = input.details else {
            panic!("not an experience")
        };
        assert_eq!(details.highlights, ["Shipped billing", "Cut costs by 30 %"]);
        assert_eq!(details.technologies, ["Rust", "PostgreSQL"]);
    }

    #[test]
    fn an_end_before_the_start_is_refused_next_to_the_end() {
        let form = EntryForm {
            ends_on: "2020-12".into(),
            ..experience()
        };
        let error = form.parse().unwrap_err();
        assert_eq!(
            error.field_error("ends_on"),
            Some("The end cannot be before the start.")
        );
        assert_eq!(error.value("ends_on"), Some("2020-12"));
    }

    #[test]
    fn a_current_position_has_no_end() {
        let form = EntryForm {
            current: Some("on".into()),
            ..experience()
        };
        let input = form.parse().unwrap();
        assert_eq!(input.ends_on, None);
    }

    #[test]
    fn an_item_round_trips_through_its_form() {
        let input = experience().parse().unwrap();
        let entry = Entry {
            id: crate::ids::EntryId(uuid::Uuid::nil()),
            visible: input.visible,
            title: input.title.clone(),
            organisation: input.organisation.clone(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            details: input.details.clone(),
        };
        assert_eq!(entry.to_form().parse().unwrap(), input);
    }

    #[test]
    fn an_unknown_section_or_level_is_refused() {
        let form = EntryForm {
            section: "hobbies".into(),
            title: "x".into(),
            ..EntryForm::default()
        };
        assert!(form.parse().unwrap_err().field_error("section").is_some());
        let form = EntryForm {
            title: "German".into(),
            level: "fluent-ish".into(),
            ..EntryForm::new(Section::Language)
        };
        assert!(form.parse().unwrap_err().field_error("level").is_some());
    }

    #[test]
    fn skills_are_normalised_when_read() {
        let form = SkillForm {
            name: "js".into(),
            level: "4".into(),
            ..SkillForm::default()
        };
        let input = form.parse().unwrap();
        assert_eq!(input.skill.name, "JavaScript");
        assert_eq!(input.category, SkillCategory::Technical);
        let form = SkillForm {
            name: "!!".into(),
            level: "9".into(),
            ..SkillForm::default()
        };
        let error = form.parse().unwrap_err();
        assert!(error.field_error("name").is_some());
        assert!(error.field_error("level").is_some());
    }

    #[test]
    fn publishing_refuses_reserved_addresses() {
        let form = PublishingForm {
            slug: "Admin".into(),
            visibility: "public".into(),
        };
        assert_eq!(
            form.parse().unwrap_err().field_error("slug"),
            Some("That address is reserved. Please choose another.")
        );
        let form = PublishingForm {
            slug: "Ada-Lovelace".into(),
            visibility: "link".into(),
        };
        let input = form.parse().unwrap();
        assert_eq!(input.slug.as_str(), "ada-lovelace");
        assert_eq!(input.visibility, Visibility::Link);
    }
}
