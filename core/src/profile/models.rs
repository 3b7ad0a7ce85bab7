//! One type per profile table, shared by the queries, the import and the demo seed: the row as
//! read, `New*` for inserts, `*Fields` for what a form sets (also an edit's changeset).

use careerhub_domain::ids::{EntryId, SkillId, UserId};
use careerhub_domain::profile::{
    AchievementDetails, Basics, CertificationDetails, EducationDetails, Entry, EntryDetails,
    EntryInput, ExperienceDetails, GoalDetails, LanguageDetails, Month, ProjectDetails, Section,
    Skill, SkillCategory, SkillInput, Visibility,
};
use careerhub_domain::tracker::WorkArrangement;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::{profile_entries, profile_skills, profiles};
use crate::service::Error;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = profiles)]
pub struct Profile {
    pub user_id: UserId,
    pub slug: String,
    pub visibility: Visibility,
    pub link_key_hash: Option<Vec<u8>>,
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub email_shown: bool,
    pub phone: Option<String>,
    pub website_url: Option<String>,
    pub linkedin_url: Option<String>,
    pub github_url: Option<String>,
    pub target_roles: Vec<String>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub willing_to_relocate: bool,
    pub notice_weeks: Option<i16>,
}

impl Profile {
    pub fn basics(&self) -> Basics {
        Basics {
            headline: self.headline.clone(),
            summary: self.summary.clone(),
            location: self.location.clone(),
            email_shown: self.email_shown,
            phone: self.phone.clone(),
            website_url: self.website_url.clone(),
            linkedin_url: self.linkedin_url.clone(),
            github_url: self.github_url.clone(),
            target_roles: self.target_roles.clone(),
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            salary_currency: self.salary_currency.clone(),
            work_arrangement: self.work_arrangement,
            willing_to_relocate: self.willing_to_relocate,
            notice_weeks: self.notice_weeks,
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = profiles)]
pub struct NewProfile<'a> {
    pub user_id: UserId,
    pub slug: &'a str,
}

/// The basics form's changeset: an emptied field becomes NULL.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = profiles, treat_none_as_null = true)]
pub struct BasicsFields<'a> {
    pub headline: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub location: Option<&'a str>,
    pub email_shown: bool,
    pub phone: Option<&'a str>,
    pub website_url: Option<&'a str>,
    pub linkedin_url: Option<&'a str>,
    pub github_url: Option<&'a str>,
    pub target_roles: &'a [String],
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<&'a str>,
    pub work_arrangement: Option<WorkArrangement>,
    pub willing_to_relocate: bool,
    pub notice_weeks: Option<i16>,
}

impl<'a> From<&'a Basics> for BasicsFields<'a> {
    fn from(basics: &'a Basics) -> Self {
        Self {
            headline: basics.headline.as_deref(),
            summary: basics.summary.as_deref(),
            location: basics.location.as_deref(),
            email_shown: basics.email_shown,
            phone: basics.phone.as_deref(),
            website_url: basics.website_url.as_deref(),
            linkedin_url: basics.linkedin_url.as_deref(),
            github_url: basics.github_url.as_deref(),
            target_roles: &basics.target_roles,
            salary_min: basics.salary_min,
            salary_max: basics.salary_max,
            salary_currency: basics.salary_currency.as_deref(),
            work_arrangement: basics.work_arrangement,
            willing_to_relocate: basics.willing_to_relocate,
            notice_weeks: basics.notice_weeks,
        }
    }
}

/// An entry's `details` as the database holds them: the section's fields with the section's name
/// under "section" (serde's internally tagged form), as rows have been written from the start.
#[derive(Serialize, Deserialize)]
#[serde(remote = "EntryDetails", tag = "section", rename_all = "snake_case")]
enum StoredDetails {
    Experience(ExperienceDetails),
    Education(EducationDetails),
    Certification(CertificationDetails),
    Project(ProjectDetails),
    Achievement(AchievementDetails),
    Language(LanguageDetails),
    Goal(GoalDetails),
}

/// `details` as the database keeps them, and as the personal-data export writes them.
pub fn stored_details(details: &EntryDetails) -> Result<serde_json::Value, Error> {
    StoredDetails::serialize(details, serde_json::value::Serializer)
        .map_err(|err| Error::internal("writing an entry's details", err))
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = profile_entries)]
pub struct ProfileEntry {
    pub id: EntryId,
    pub section: Section,
    pub visible: bool,
    pub title: String,
    pub organisation: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub details: serde_json::Value,
}

impl TryFrom<ProfileEntry> for Entry {
    type Error = Error;

    /// A `details` document that does not fit its section is an error, never a guess.
    fn try_from(row: ProfileEntry) -> Result<Self, Error> {
        let details = StoredDetails::deserialize(row.details)
            .map_err(|err| Error::internal(format!("reading profile entry {}", row.id), err))?;
        if details.section() != row.section {
            return Err(Error::broken(format!(
                "profile entry {} is a {} with {} details",
                row.id,
                row.section,
                details.section()
            )));
        }
        Ok(Entry {
            id: row.id,
            visible: row.visible,
            title: row.title,
            organisation: row.organisation,
            starts_on: row.starts_on.map(Month::of),
            ends_on: row.ends_on.map(Month::of),
            details,
        })
    }
}

/// What an entry form (or an imported item) sets; also an edit's changeset.
#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = profile_entries, treat_none_as_null = true)]
pub struct EntryFields<'a> {
    pub visible: bool,
    pub title: &'a str,
    pub organisation: Option<&'a str>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub details: serde_json::Value,
}

impl<'a> EntryFields<'a> {
    pub fn new(input: &'a EntryInput) -> Result<Self, Error> {
        Ok(Self {
            visible: input.visible,
            title: &input.title,
            organisation: input.organisation.as_deref(),
            starts_on: input.starts_on.map(Month::first_day),
            ends_on: input.ends_on.map(Month::first_day),
            details: stored_details(&input.details)?,
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = profile_entries)]
pub struct NewEntry<'a> {
    pub id: EntryId,
    pub user_id: UserId,
    pub section: Section,
    pub position: i32,
    #[diesel(embed)]
    pub fields: EntryFields<'a>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = profile_skills)]
pub struct ProfileSkill {
    pub id: SkillId,
    pub name: String,
    pub category: SkillCategory,
    pub level: Option<i16>,
    pub years: Option<i16>,
    pub is_primary: bool,
    pub visible: bool,
}

impl From<ProfileSkill> for Skill {
    fn from(row: ProfileSkill) -> Self {
        Self {
            id: row.id,
            name: row.name,
            category: row.category,
            level: row.level,
            years: row.years,
            primary: row.is_primary,
            visible: row.visible,
        }
    }
}

#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = profile_skills, treat_none_as_null = true)]
pub struct SkillFields<'a> {
    pub skill_key: &'a str,
    pub name: &'a str,
    pub category: SkillCategory,
    pub level: Option<i16>,
    pub years: Option<i16>,
    pub is_primary: bool,
    pub visible: bool,
}

impl<'a> From<&'a SkillInput> for SkillFields<'a> {
    fn from(input: &'a SkillInput) -> Self {
        Self {
            skill_key: &input.skill.key,
            name: &input.skill.name,
            category: input.category,
            level: input.level,
            years: input.years,
            is_primary: input.primary,
            visible: input.visible,
        }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = profile_skills)]
pub struct NewSkill<'a> {
    pub id: SkillId,
    pub user_id: UserId,
    pub position: i32,
    #[diesel(embed)]
    pub fields: SkillFields<'a>,
}
