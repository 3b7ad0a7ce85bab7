//! Tracker exports for the user: CSV per kind (safe to open in a spreadsheet) and one JSON file.

use careerhub_domain::tracker::{
    Activity, ApplicationData, ApplicationStatus, ContactData, EventKind, Interaction,
    InterviewView,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Serialize;

use careerhub_domain::ids::{ApplicationId, ContactId, EventId, UserId};

use crate::schema::{application_contacts, application_events};
use crate::service::Error;

use super::{applications, contacts, interviews, learning, time, vcard};

/// A file the user downloads from Settings → Notifications & data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFile {
    /// `tracker.json`: everything of the tracker in one document.
    TrackerJson,
    /// `contacts.vcf`: every contact as a vCard.
    ContactsVcf,
    /// `applications.csv`, `contacts.csv`, `learning.csv`.
    Csv(CsvKind),
    /// `contacts/{id}.vcf`: one contact's card.
    ContactVcf(ContactId),
}

impl ExportFile {
    /// The file name in `/export/{name}`; None for a name that is no export.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "tracker.json" => Some(Self::TrackerJson),
            "contacts.vcf" => Some(Self::ContactsVcf),
            other => other
                .strip_suffix(".csv")
                .and_then(CsvKind::parse)
                .map(Self::Csv),
        }
    }

    /// `{id}.vcf` in `/export/contacts/{id}.vcf`.
    pub fn parse_contact(name: &str) -> Option<Self> {
        name.strip_suffix(".vcf")
            .and_then(|id| id.parse().ok())
            .map(Self::ContactVcf)
    }
}

/// A made file, ready to send as an attachment.
#[derive(Debug)]
pub struct Download {
    pub content_type: &'static str,
    pub filename: String,
    pub body: Vec<u8>,
}

pub(super) fn download(
    conn: &mut PgConnection,
    owner: UserId,
    file: ExportFile,
) -> Result<Download, Error> {
    const VCARD: &str = "text/vcard; charset=utf-8";
    let made = |content_type, filename: &str, body| Download {
        content_type,
        filename: filename.to_owned(),
        body,
    };
    Ok(match file {
        ExportFile::TrackerJson => {
            let tz = time::zone_of(conn, owner)?;
            made(
                "application/json",
                "careerhub-tracker.json",
                json(conn, owner, tz)?,
            )
        }
        ExportFile::ContactsVcf => made(
            VCARD,
            "contacts.vcf",
            vcard::cards(&contacts::list(conn, owner)?).into_bytes(),
        ),
        ExportFile::Csv(kind) => made(
            "text/csv; charset=utf-8",
            &format!("{}.csv", kind.name()),
            csv(conn, owner, kind)?,
        ),
        ExportFile::ContactVcf(id) => {
            let contact = contacts::data(conn, owner, id)?;
            let filename = format!(
                "{}.vcf",
                contact
                    .full_name
                    .replace(|c: char| !c.is_alphanumeric(), "-")
            );
            made(VCARD, &filename, vcard::cards(&[contact]).into_bytes())
        }
    })
}

/// What the CSV export can hold; each is one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    Applications,
    Contacts,
    Learning,
}

impl CsvKind {
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Applications, Self::Contacts, Self::Learning]
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Applications => "applications",
            Self::Contacts => "contacts",
            Self::Learning => "learning",
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

pub(crate) fn csv(conn: &mut PgConnection, owner: UserId, kind: CsvKind) -> Result<Vec<u8>, Error> {
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
    let failed = |err: ::csv::Error| Error::internal("writing CSV", err);
    writer.write_record(&header).map_err(failed)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| formula_safe(cell)))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|err| Error::internal("finishing CSV", err))
}

#[derive(Serialize)]
struct ContactExport {
    #[serde(flatten)]
    contact: ContactData,
    interactions: Vec<Interaction>,
}

/// One entry of an application's timeline: its creation, a status change, or a note.
#[derive(Serialize, Queryable)]
struct EventExport {
    id: EventId,
    application_id: ApplicationId,
    kind: EventKind,
    from_status: Option<ApplicationStatus>,
    to_status: Option<ApplicationStatus>,
    body: Option<String>,
    occurred_at: DateTime<Utc>,
}

/// A contact linked to an application.
#[derive(Serialize, Queryable)]
struct LinkExport {
    application_id: ApplicationId,
    contact_id: ContactId,
    linked_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct TrackerExport {
    exported_at: DateTime<Utc>,
    applications: Vec<ApplicationData>,
    timeline: Vec<EventExport>,
    interviews: Vec<InterviewView>,
    contacts: Vec<ContactExport>,
    application_contacts: Vec<LinkExport>,
    learning: Vec<Activity>,
}

/// Everything of the tracker in one document.
pub(crate) fn json(conn: &mut PgConnection, owner: UserId, tz: Tz) -> Result<Vec<u8>, Error> {
    let mut interactions = contacts::all_interactions(conn, owner)?;
    let contacts_out = contacts::list(conn, owner)?
        .into_iter()
        .map(|contact| ContactExport {
            interactions: interactions.remove(&contact.id).unwrap_or_default(),
            contact,
        })
        .collect();
    let timeline = application_events::table
        .filter(application_events::user_id.eq(owner))
        .order((
            application_events::occurred_at.asc(),
            application_events::id.asc(),
        ))
        .select((
            application_events::id,
            application_events::application_id,
            application_events::kind,
            application_events::from_status,
            application_events::to_status,
            application_events::body,
            application_events::occurred_at,
        ))
        .load(conn)?;
    let links = application_contacts::table
        .filter(application_contacts::user_id.eq(owner))
        .order(application_contacts::created_at.asc())
        .select((
            application_contacts::application_id,
            application_contacts::contact_id,
            application_contacts::created_at,
        ))
        .load(conn)?;
    let export = TrackerExport {
        exported_at: Utc::now(),
        applications: applications::all_for_export(conn, owner)?,
        timeline,
        interviews: interviews::all_interviews(conn, owner, tz)?,
        contacts: contacts_out,
        application_contacts: links,
        learning: learning::list(conn, owner)?,
    };
    serde_json::to_vec_pretty(&export).map_err(|err| Error::internal("writing JSON", err))
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
