//! Learning: courses, certifications, workshops and projects, and their progress.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::ActivityId;

use crate::FormError;
use crate::fields::FormReader;

text_enum!(ActivityKind {
    Course = "course" / "Course",
    Certification = "certification" / "Certification",
    Workshop = "workshop" / "Workshop",
    Project = "project" / "Project",
});

text_enum!(ActivityStatus {
    Planned = "planned" / "Planned",
    InProgress = "in_progress" / "In progress",
    Completed = "completed" / "Completed",
});

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub kind: String,
    pub title: String,
    pub provider: String,
    pub status: String,
    pub started_on: String,
    pub completed_on: String,
    /// Comma-separated.
    pub skills: String,
    pub url: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    pub title: String,
    pub provider: Option<String>,
    pub status: ActivityStatus,
    pub started_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub skills: Vec<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
}

impl ActivityForm {
    pub fn parse(&self) -> Result<ActivityInput, FormError> {
        let mut form = FormReader::new();
        let kind = form.choice("kind", &self.kind, ActivityKind::parse);
        let title = form.required("title", &self.title, 200, "Enter a title.");
        let provider = form.optional("provider", &self.provider, 200);
        let status = form.choice("status", &self.status, ActivityStatus::parse);
        let started_on = form.date("started_on", &self.started_on);
        let completed_on = form.date("completed_on", &self.completed_on);
        if let (Some(start), Some(end)) = (started_on, completed_on)
            && end < start
        {
            form.fail("completed_on", "The end cannot be before the start.");
        }
        let skills = form.list("skills", &self.skills, 50, 60);
        let url = form.url("url", &self.url);
        let notes = form.optional("notes", &self.notes, 20_000);
        form.finish(ActivityInput {
            kind: kind.unwrap_or(ActivityKind::Course),
            title,
            provider,
            status: status.unwrap_or(ActivityStatus::Planned),
            started_on,
            completed_on,
            skills,
            url,
            notes,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub title: String,
    pub provider: Option<String>,
    pub status: ActivityStatus,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub started_on: Option<NaiveDate>,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub completed_on: Option<NaiveDate>,
    pub skills: Vec<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
}

impl Activity {
    pub fn to_form(&self) -> ActivityForm {
        let date = |value: Option<NaiveDate>| value.map(|d| d.to_string()).unwrap_or_default();
        ActivityForm {
            kind: self.kind.as_str().to_owned(),
            title: self.title.clone(),
            provider: self.provider.clone().unwrap_or_default(),
            status: self.status.as_str().to_owned(),
            started_on: date(self.started_on),
            completed_on: date(self.completed_on),
            skills: self.skills.join(", "),
            url: self.url.clone().unwrap_or_default(),
            notes: self.notes.clone().unwrap_or_default(),
        }
    }
}
