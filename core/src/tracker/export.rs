//! Tracker exports for the user: CSV per kind (safe to open in a spreadsheet) and one JSON file.

use careerhub_domain::tracker::{
    Activity, ApplicationData, ContactData, Interaction, InterviewView,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

use crate::service::Error;

use super::{applications, contacts, learning};

/// What the CSV export can hold; each is one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    Applications,
    Contacts,
    Learning,
}

impl CsvKind {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "applications" => Some(Self::Applications),
            "contacts" => Some(Self::Contacts),
            "learning" => Some(Self::Learning),
            _ => None,
        }
    }
}

/// A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before them) as a formula. Such
/// cells get a leading apostrophe, as OWASP recommends, so they show as text.
pub fn formula_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn shown<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn csv(conn: &mut PgConnection, owner: Uuid, kind: CsvKind) -> Result<Vec<u8>, Error> {
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match kind {
        CsvKind::Applications => (
            vec![
                "id",
                "company",
                "role",
                "status",
                "job_url",
                "location",
                "work_arrangement",
                "salary_min",
                "salary_max",
                "salary_currency",
                "source",
                "applied_on",
                "follow_up_on",
                "notes",
                "created_at",
                "updated_at",
            ],
            applications::all_for_export(conn, owner)?
                .into_iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.company,
                        a.role_title,
                        a.status.as_str().into(),
                        text(&a.job_url),
                        text(&a.location),
                        shown(a.work_arrangement.map(|w| w.as_str())),
                        shown(a.salary_min),
                        shown(a.salary_max),
                        text(&a.salary_currency),
                        text(&a.source),
                        shown(a.applied_on),
                        shown(a.follow_up_on),
                        text(&a.notes),
                        a.created_at.to_rfc3339(),
                        a.updated_at.to_rfc3339(),
                    ]
                })
                .collect(),
        ),
        CsvKind::Contacts => (
            vec![
                "id",
                "name",
                "company",
                "role",
                "email",
                "phone",
                "profile_url",
                "relationship",
                "next_follow_up_on",
                "notes",
            ],
            contacts::list(conn, owner)?
                .into_iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.full_name,
                        text(&c.company),
                        text(&c.role_title),
                        text(&c.email),
                        text(&c.phone),
                        text(&c.profile_url),
                        c.relationship.as_str().into(),
                        shown(c.next_follow_up_on),
                        text(&c.notes),
                    ]
                })
                .collect(),
        ),
        CsvKind::Learning => (
            vec![
                "id",
                "kind",
                "title",
                "provider",
                "status",
                "started_on",
                "completed_on",
                "skills",
                "url",
                "notes",
            ],
            learning::list(conn, owner)?
                .into_iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.kind.as_str().into(),
                        a.title,
                        text(&a.provider),
                        a.status.as_str().into(),
                        shown(a.started_on),
                        shown(a.completed_on),
                        a.skills.join(", "),
                        text(&a.url),
                        text(&a.notes),
                    ]
                })
                .collect(),
        ),
    };
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let failed = |err: ::csv::Error| Error::Internal(err.to_string());
    writer.write_record(&header).map_err(failed)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| formula_safe(cell)))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|err| Error::Internal(err.to_string()))
}

#[derive(Serialize)]
struct ContactExport {
    #[serde(flatten)]
    contact: ContactData,
    interactions: Vec<Interaction>,
}

#[derive(Serialize)]
struct TrackerExport {
    exported_at: DateTime<Utc>,
    applications: Vec<ApplicationData>,
    interviews: Vec<InterviewView>,
    contacts: Vec<ContactExport>,
    learning: Vec<Activity>,
}

/// Everything of the tracker in one document.
pub fn json(conn: &mut PgConnection, owner: Uuid, tz: Tz) -> Result<Vec<u8>, Error> {
    let mut interactions = contacts::all_interactions(conn, owner)?;
    let contacts_out = contacts::list(conn, owner)?
        .into_iter()
        .map(|contact| ContactExport {
            interactions: interactions.remove(&contact.id).unwrap_or_default(),
            contact,
        })
        .collect();
    let export = TrackerExport {
        exported_at: Utc::now(),
        applications: applications::all_for_export(conn, owner)?,
        interviews: applications::all_interviews(conn, owner, tz)?,
        contacts: contacts_out,
        learning: learning::list(conn, owner)?,
    };
    serde_json::to_vec_pretty(&export).map_err(|err| Error::Internal(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::formula_safe;

    #[test]
    fn formulas_are_neutralised() {
        for dangerous in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\t=1"] {
            assert!(formula_safe(dangerous).starts_with('\''), "{dangerous}");
        }
        assert_eq!(formula_safe("Acme"), "Acme");
    }
}
