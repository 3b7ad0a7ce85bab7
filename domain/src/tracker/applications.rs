//! Applications on the board: statuses, the application and interview forms, cards, lists, the
//! detail page with its timeline.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{ApplicationId, ContactId, EventId, InterviewId};

use super::*;
use crate::FormError;
use crate::fields::FormReader;

text_enum!(
    /// Where an application stands. The first six are the pipeline; the last two are the ways out.
    ApplicationStatus {
        Wishlist = "wishlist" / "Wishlist",
        Applied = "applied" / "Applied",
        Screening = "screening" / "Screening",
        Interviewing = "interviewing" / "Interviewing",
        Offer = "offer" / "Offer",
        Accepted = "accepted" / "Accepted",
        Rejected = "rejected" / "Rejected",
        Withdrawn = "withdrawn" / "Withdrawn",
    }
);

impl ApplicationStatus {
    /// The usual next step, offered first when moving a card.
    pub fn next(self) -> Self {
        match self {
            Self::Wishlist => Self::Applied,
            Self::Applied => Self::Screening,
            Self::Screening => Self::Interviewing,
            Self::Interviewing => Self::Offer,
            Self::Offer => Self::Accepted,
            Self::Accepted | Self::Rejected | Self::Withdrawn => Self::Applied,
        }
    }
}

text_enum!(
    /// What a timeline entry of an application records.
    EventKind {
        Created = "created" / "Created",
        Status = "status" / "Status change",
        Note = "note" / "Note",
    }
);

text_enum!(WorkArrangement {
    Onsite = "onsite" / "On-site",
    Hybrid = "hybrid" / "Hybrid",
    Remote = "remote" / "Remote",
});

text_enum!(InterviewKind {
    Phone = "phone" / "Phone",
    Video = "video" / "Video call",
    Onsite = "onsite" / "On-site",
    Technical = "technical" / "Technical",
    Panel = "panel" / "Panel",
    Other = "other" / "Other",
});

text_enum!(InterviewOutcome {
    Pending = "pending" / "Pending",
    Passed = "passed" / "Passed",
    Failed = "failed" / "Not passed",
    Cancelled = "cancelled" / "Cancelled",
});

/// The application form as typed. Every field is text; `parse` makes it an [`ApplicationInput`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub company: String,
    pub role_title: String,
    pub job_url: String,
    pub location: String,
    pub work_arrangement: String,
    pub salary_min: String,
    pub salary_max: String,
    pub salary_currency: String,
    pub source: String,
    pub notes: String,
    pub status: String,
    pub applied_on: String,
    pub follow_up_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationInput {
    pub company: String,
    pub role_title: String,
    pub job_url: Option<String>,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub status: ApplicationStatus,
    pub applied_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
}

impl ApplicationForm {
    pub fn parse(&self) -> Result<ApplicationInput, FormError> {
        let mut form = FormReader::new();
        let company = form.required("company", &self.company, 200, "Enter the company.");
        let role_title = form.required("role_title", &self.role_title, 200, "Enter the role.");
        let job_url = form.url("job_url", &self.job_url);
        let location = form.optional("location", &self.location, 200);
        let work_arrangement = form.optional_choice(
            "work_arrangement",
            &self.work_arrangement,
            WorkArrangement::parse,
        );
        let (salary_min, salary_max, salary_currency) =
            form.salary_range(&self.salary_min, &self.salary_max, &self.salary_currency);
        let source = form.optional("source", &self.source, 200);
        let notes = form.optional("notes", &self.notes, 20_000);
        let status = if self.status.trim().is_empty() {
            Some(ApplicationStatus::Wishlist)
        } else {
            form.choice("status", &self.status, ApplicationStatus::parse)
        };
        let applied_on = form.date("applied_on", &self.applied_on);
        let follow_up_on = form.date("follow_up_on", &self.follow_up_on);
        form.finish(ApplicationInput {
            company,
            role_title,
            job_url,
            location,
            work_arrangement,
            salary_min,
            salary_max,
            salary_currency,
            source,
            notes,
            status: status.unwrap_or(ApplicationStatus::Wishlist),
            applied_on,
            follow_up_on,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InterviewForm {
    /// Local time in the user's time zone, from a datetime-local input.
    pub scheduled_at: String,
    pub duration_minutes: String,
    pub kind: String,
    pub location: String,
    pub meeting_url: String,
    pub interviewers: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterviewInput {
    pub scheduled_local: NaiveDateTime,
    pub duration_minutes: i32,
    pub kind: InterviewKind,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub interviewers: Option<String>,
    pub notes: Option<String>,
}

impl InterviewForm {
    pub fn parse(&self) -> Result<InterviewInput, FormError> {
        let mut form = FormReader::new();
        let scheduled_local = form.date_time("scheduled_at", &self.scheduled_at);
        let duration_minutes = form
            .number("duration_minutes", &self.duration_minutes, 5..=1440)
            .unwrap_or(60);
        let kind = form.choice("kind", &self.kind, InterviewKind::parse);
        let location = form.optional("location", &self.location, 500);
        let meeting_url = form.url("meeting_url", &self.meeting_url);
        let interviewers = form.optional("interviewers", &self.interviewers, 500);
        let notes = form.optional("notes", &self.notes, 20_000);
        let (Some(scheduled_local), Some(kind)) = (scheduled_local, kind) else {
            return Err(form
                .finish(())
                .expect_err("a missing value always records its error"));
        };
        form.finish(InterviewInput {
            scheduled_local,
            duration_minutes,
            kind,
            location,
            meeting_url,
            interviewers,
            notes,
        })
    }
}

/// An application in the list view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationCard {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub status: ApplicationStatus,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub follow_up_on: Option<NaiveDate>,
    #[serde(with = "crate::dates::wire::utc")]
    pub status_changed_at: DateTime<Utc>,
}

/// What a card on the board shows, and no more: a board of 200 cards sends them all to the
/// browser twice (as HTML and as the data hydration starts from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCard {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub location: Option<String>,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub follow_up_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: ApplicationStatus,
    pub total: i64,
    /// The newest cards of the column; `total` may be larger.
    pub cards: Vec<BoardCard>,
}

text_enum!(
    /// Sort orders of the list view.
    ListSort {
    Updated = "updated" / "Recently updated",
    Created = "created" / "Recently added",
    Company = "company" / "Company A–Z",
    FollowUp = "follow_up" / "Follow-up date",
    }
);

/// What the list view asks for, read from the page's query string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub status: Option<ApplicationStatus>,
    pub sort: ListSort,
    pub page: u32,
}

impl ListQuery {
    pub const PER_PAGE: u32 = 25;

    /// Lenient on purpose: a hand-edited URL shows the first page of everything, not an error.
    pub fn from_params(
        q: Option<&str>,
        status: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
    ) -> Self {
        let q = q
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| q.chars().take(100).collect());
        Self {
            q,
            status: status.and_then(ApplicationStatus::parse),
            sort: sort.and_then(ListSort::parse).unwrap_or(ListSort::Updated),
            page: page
                .and_then(|page| page.parse().ok())
                .filter(|page| *page >= 1 && *page <= 100_000)
                .unwrap_or(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub card: ApplicationCard,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub applied_on: Option<NaiveDate>,
    #[serde(with = "crate::dates::wire::utc")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationList {
    pub rows: Vec<ApplicationRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

/// Everything stored about one application, as the edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationData {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub job_url: Option<String>,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub salary_currency: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub status: ApplicationStatus,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub applied_on: Option<NaiveDate>,
    #[serde(with = "crate::dates::wire::optional_date")]
    pub follow_up_on: Option<NaiveDate>,
    pub cv_version_id: Option<Uuid>,
    pub cover_letter_id: Option<Uuid>,
    #[serde(with = "crate::dates::wire::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::dates::wire::utc")]
    pub updated_at: DateTime<Utc>,
}

impl ApplicationData {
    /// "EUR 60,000 – 75,000", "from USD 90,000", or None.
    pub fn salary_text(&self) -> Option<String> {
        let currency = self.salary_currency.as_deref().unwrap_or("");
        match (self.salary_min, self.salary_max) {
            (Some(min), Some(max)) if min == max => Some(format!("{currency} {}", grouped(min))),
            (Some(min), Some(max)) => {
                Some(format!("{currency} {} – {}", grouped(min), grouped(max)))
            }
            (Some(min), None) => Some(format!("from {currency} {}", grouped(min))),
            (None, Some(max)) => Some(format!("up to {currency} {}", grouped(max))),
            (None, None) => None,
        }
    }

    /// The values to put back in the edit form.
    pub fn to_form(&self) -> ApplicationForm {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<i32>| value.map(|n| n.to_string()).unwrap_or_default();
        let date = |value: Option<NaiveDate>| value.map(|d| d.to_string()).unwrap_or_default();
        ApplicationForm {
            company: self.company.clone(),
            role_title: self.role_title.clone(),
            job_url: text(&self.job_url),
            location: text(&self.location),
            work_arrangement: self
                .work_arrangement
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            salary_min: number(self.salary_min),
            salary_max: number(self.salary_max),
            salary_currency: text(&self.salary_currency),
            source: text(&self.source),
            notes: text(&self.notes),
            status: self.status.as_str().to_owned(),
            applied_on: date(self.applied_on),
            follow_up_on: date(self.follow_up_on),
        }
    }
}

/// 85000 → "85,000".
pub fn grouped(number: impl Into<i64>) -> String {
    let number = number.into();
    let digits = number.unsigned_abs().to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if number < 0 { format!("-{out}") } else { out }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineKind {
    Created,
    Status {
        from: Option<ApplicationStatus>,
        to: ApplicationStatus,
    },
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: EventId,
    pub kind: TimelineKind,
    pub body: Option<String>,
    /// Who made the change (None once that account is erased).
    pub actor: Option<String>,
    #[serde(with = "crate::dates::wire::utc")]
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewView {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    #[serde(with = "crate::dates::wire::utc")]
    pub scheduled_at: DateTime<Utc>,
    /// In the user's time zone.
    #[serde(with = "crate::dates::wire::date_time")]
    pub scheduled_local: NaiveDateTime,
    pub duration_minutes: i32,
    pub kind: InterviewKind,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub interviewers: Option<String>,
    pub outcome: InterviewOutcome,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRef {
    pub id: ContactId,
    pub full_name: String,
    pub company: Option<String>,
    pub relationship: Relationship,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub application: ApplicationData,
    pub timeline: Vec<TimelineEntry>,
    pub interviews: Vec<InterviewView>,
    pub contacts: Vec<ContactRef>,
    /// The user's other contacts, for the "link a contact" picker.
    pub other_contacts: Vec<ContactRef>,
    pub timezone: String,
}
