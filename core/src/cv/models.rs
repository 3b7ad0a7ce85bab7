//! The CV tables' rows.

use careerhub_domain::cv::{PageSize, Template};
use careerhub_domain::ids::{ApplicationId, CvVersionId, EntryId, SkillId, UserId};
use careerhub_domain::profile::Section;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::{cv_version_entries, cv_version_skills, cv_versions};
use crate::service::Error;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = cv_versions)]
pub struct Version {
    pub id: CvVersionId,
    pub name: String,
    pub template: Template,
    pub page_size: Option<PageSize>,
    pub headline: Option<String>,
    pub summary: Option<String>,
    pub sections: Vec<String>,
    pub show_skills: bool,
    pub tailored_for: Option<ApplicationId>,
    pub updated_at: DateTime<Utc>,
}

impl Version {
    /// The sections shown, in order.
    pub fn sections(&self) -> Result<Vec<Section>, Error> {
        self.sections
            .iter()
            .map(|value| {
                Section::parse(value)
                    .ok_or_else(|| Error::broken(format!("cv_versions.sections holds {value:?}")))
            })
            .collect()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = cv_versions)]
pub struct NewVersion<'a> {
    pub id: CvVersionId,
    pub user_id: UserId,
    pub name: &'a str,
    pub template: Template,
    pub page_size: Option<PageSize>,
    pub headline: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub sections: Vec<&'static str>,
    pub tailored_for: Option<ApplicationId>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = cv_version_entries)]
pub struct IncludedEntry {
    pub cv_version_id: CvVersionId,
    pub entry_id: EntryId,
    pub user_id: UserId,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = cv_version_skills)]
pub struct IncludedSkill {
    pub cv_version_id: CvVersionId,
    pub skill_id: SkillId,
    pub user_id: UserId,
    pub highlighted: bool,
}
