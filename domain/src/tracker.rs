//! The job-search tracker's values: statuses and kinds, the forms as typed, their parsed inputs,
//! and what pages show.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{
    ActivityId, ApplicationId, ContactId, EventId, InteractionId, InterviewId, NotificationId,
};

use crate::fields::FormReader;
use crate::{Email, FormError};

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

text_enum!(Relationship {
    Recruiter = "recruiter" / "Recruiter",
    HiringManager = "hiring_manager" / "Hiring manager",
    Mentor = "mentor" / "Mentor",
    Peer = "peer" / "Peer",
    Other = "other" / "Other",
});

text_enum!(InteractionChannel {
    Email = "email" / "Email",
    Call = "call" / "Call",
    Meeting = "meeting" / "Meeting",
    Message = "message" / "Message",
    Event = "event" / "Event",
    Other = "other" / "Other",
});

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

pub const SALARY_MAX: i32 = 100_000_000;

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
        let salary_min = form.number("salary_min", &self.salary_min, 0..=SALARY_MAX);
        let salary_max = form.number("salary_max", &self.salary_max, 0..=SALARY_MAX);
        if let (Some(min), Some(max)) = (salary_min, salary_max)
            && min > max
        {
            form.fail("salary_max", "The maximum must not be below the minimum.");
        }
        let currency = self.salary_currency.trim().to_uppercase();
        let salary_currency = form.optional("salary_currency", &currency, 3);
        match &salary_currency {
            Some(code) if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) => form
                .fail(
                    "salary_currency",
                    "Use a three-letter code such as EUR or USD.",
                ),
            None if salary_min.is_some() || salary_max.is_some() => {
                form.fail("salary_currency", "Which currency is the salary in?")
            }
            _ => {}
        }
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub full_name: String,
    pub company: String,
    pub role_title: String,
    pub email: String,
    pub phone: String,
    pub profile_url: String,
    pub relationship: String,
    pub notes: String,
    pub next_follow_up_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactInput {
    pub full_name: String,
    pub company: Option<String>,
    pub role_title: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub profile_url: Option<String>,
    pub relationship: Relationship,
    pub notes: Option<String>,
    pub next_follow_up_on: Option<NaiveDate>,
}

impl ContactForm {
    pub fn parse(&self) -> Result<ContactInput, FormError> {
        let mut form = FormReader::new();
        let full_name = form.required("full_name", &self.full_name, 200, "Enter the name.");
        let company = form.optional("company", &self.company, 200);
        let role_title = form.optional("role_title", &self.role_title, 200);
        let email = match form.optional("email", &self.email, Email::MAX_LEN) {
            Some(text) => match Email::parse(&text) {
                Ok(email) => Some(email),
                Err(message) => {
                    form.fail("email", message);
                    None
                }
            },
            None => None,
        };
        let phone = form.optional("phone", &self.phone, 40);
        if let Some(phone) = &phone
            && !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        {
            form.fail("phone", "Use digits, spaces and + - ( ) only.");
        }
        let profile_url = form.url("profile_url", &self.profile_url);
        let relationship = if self.relationship.trim().is_empty() {
            Some(Relationship::Other)
        } else {
            form.choice("relationship", &self.relationship, Relationship::parse)
        };
        let notes = form.optional("notes", &self.notes, 20_000);
        let next_follow_up_on = form.date("next_follow_up_on", &self.next_follow_up_on);
        form.finish(ContactInput {
            full_name,
            company,
            role_title,
            email,
            phone,
            profile_url,
            relationship: relationship.unwrap_or(Relationship::Other),
            notes,
            next_follow_up_on,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionForm {
    pub occurred_on: String,
    pub channel: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InteractionInput {
    pub occurred_on: NaiveDate,
    pub channel: InteractionChannel,
    pub summary: String,
}

impl InteractionForm {
    pub fn parse(&self, today: NaiveDate) -> Result<InteractionInput, FormError> {
        let mut form = FormReader::new();
        let occurred_on = form.date("occurred_on", &self.occurred_on).unwrap_or(today);
        let channel = form.choice("channel", &self.channel, InteractionChannel::parse);
        let summary = form.required("summary", &self.summary, 5000, "Say what happened.");
        form.finish(InteractionInput {
            occurred_on,
            channel: channel.unwrap_or(InteractionChannel::Other),
            summary,
        })
    }
}

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
        let skills_text = form
            .optional("skills", &self.skills, 2000)
            .unwrap_or_default();
        let mut skills: Vec<String> = Vec::new();
        for skill in skills_text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if skill.chars().count() > 60 {
                form.fail("skills", "Keep each skill under 60 characters.");
            } else if !skills.iter().any(|known| known.eq_ignore_ascii_case(skill)) {
                skills.push(skill.to_owned());
            }
        }
        if skills.len() > 50 {
            form.fail("skills", "List at most 50 skills.");
        }
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PreferencesForm {
    pub digest_email: Option<String>,
    pub in_app: Option<String>,
    pub digest_hour: String,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreferencesInput {
    pub digest_email: bool,
    pub in_app: bool,
    pub digest_hour: i16,
    /// Checked against the time-zone database on the server.
    pub timezone: String,
}

impl PreferencesForm {
    pub fn parse(&self) -> Result<PreferencesInput, FormError> {
        let mut form = FormReader::new();
        let digest_email = form.checkbox("digest_email", self.digest_email.as_deref());
        let in_app = form.checkbox("in_app", self.in_app.as_deref());
        let hour = form.number("digest_hour", &self.digest_hour, 0..=23);
        if hour.is_none() && !form.has_error("digest_hour") {
            form.fail("digest_hour", "Choose the hour.");
        }
        let timezone = form.required("timezone", &self.timezone, 64, "Choose your time zone.");
        form.finish(PreferencesInput {
            digest_email,
            in_app,
            digest_hour: hour.unwrap_or(8) as i16,
            timezone,
        })
    }
}

/// A card on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationCard {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub status: ApplicationStatus,
    pub follow_up_on: Option<NaiveDate>,
    pub status_changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: ApplicationStatus,
    pub total: i64,
    /// The newest cards of the column; `total` may be larger.
    pub cards: Vec<ApplicationCard>,
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
    pub applied_on: Option<NaiveDate>,
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
    pub applied_on: Option<NaiveDate>,
    pub follow_up_on: Option<NaiveDate>,
    pub cv_version_id: Option<Uuid>,
    pub cover_letter_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
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
pub fn grouped(number: i32) -> String {
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
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewView {
    pub id: InterviewId,
    pub application_id: ApplicationId,
    pub scheduled_at: DateTime<Utc>,
    /// In the user's time zone.
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactData {
    pub id: ContactId,
    pub full_name: String,
    pub company: Option<String>,
    pub role_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profile_url: Option<String>,
    pub relationship: Relationship,
    pub notes: Option<String>,
    pub next_follow_up_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

impl ContactData {
    pub fn to_form(&self) -> ContactForm {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        ContactForm {
            full_name: self.full_name.clone(),
            company: text(&self.company),
            role_title: text(&self.role_title),
            email: text(&self.email),
            phone: text(&self.phone),
            profile_url: text(&self.profile_url),
            relationship: self.relationship.as_str().to_owned(),
            notes: text(&self.notes),
            next_follow_up_on: self
                .next_follow_up_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub occurred_on: NaiveDate,
    pub channel: InteractionChannel,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRef {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub status: ApplicationStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub contact: ContactData,
    pub interactions: Vec<Interaction>,
    pub applications: Vec<ApplicationRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
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

/// Something due: an application's or a contact's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub due_on: NaiveDate,
    pub title: String,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingInterview {
    pub application_id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub scheduled_local: NaiveDateTime,
    pub kind: InterviewKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentActivity {
    pub application_id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub kind: TimelineKind,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Every status, in pipeline order, with its count (zeros included).
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub total: i64,
    pub added_this_week: i64,
    pub added_last_week: i64,
    /// Applications that were sent (reached "applied" or later, or were rejected after applying).
    pub applied: i64,
    /// Of those, how many reached screening or beyond.
    pub responded: i64,
    pub upcoming_interviews: Vec<UpcomingInterview>,
    pub follow_ups: Vec<FollowUp>,
    pub recent: Vec<RecentActivity>,
    pub today: NaiveDate,
}

impl Dashboard {
    /// Share of sent applications that got a response, as a whole percentage.
    pub fn response_rate(&self) -> Option<i64> {
        (self.applied > 0).then(|| (self.responded * 100 + self.applied / 2) / self.applied)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: NotificationId,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettings {
    pub digest_email: bool,
    pub in_app: bool,
    pub digest_hour: i16,
    pub timezone: String,
    /// The private calendar address just made: shown once, as only its hash is kept.
    pub calendar_url: Option<String>,
    /// When the active calendar address was made, if there is one.
    pub calendar_since: Option<chrono::DateTime<chrono::Utc>>,
    pub verified: bool,
}

/// One week of the analytics chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFigures {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    pub added: i64,
    pub sent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyticsView {
    /// Applications that reached each pipeline stage, in order.
    pub funnel: Vec<(ApplicationStatus, i64)>,
    /// The last twelve weeks, oldest first.
    pub weeks: Vec<WeekFigures>,
    pub today: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(ApplicationStatus::parse("hired"), None);
    }

    #[test]
    fn application_form_reports_every_problem() {
        let form = ApplicationForm {
            company: "".into(),
            role_title: "Engineer".into(),
            salary_min: "90000".into(),
            salary_max: "80000".into(),
            status: "hired".into(),
            ..ApplicationForm::default()
        };
        let error = form.parse().unwrap_err();
        assert!(error.field_error("company").is_some());
        assert!(error.field_error("salary_max").is_some());
        assert!(error.field_error("salary_currency").is_some());
        assert!(error.field_error("status").is_some());
        assert_eq!(error.value("role_title"), Some("Engineer"));
    }

    #[test]
    fn application_form_accepts_a_minimal_entry() {
        let form = ApplicationForm {
            company: " Acme ".into(),
            role_title: "Rust engineer".into(),
            salary_min: "60 000".into(),
            salary_currency: "eur".into(),
            ..ApplicationForm::default()
        };
        let input = form.parse().unwrap();
        assert_eq!(input.company, "Acme");
        assert_eq!(input.status, ApplicationStatus::Wishlist);
        assert_eq!(input.salary_currency.as_deref(), Some("EUR"));
        assert_eq!(input.salary_min, Some(60_000));
    }

    #[test]
    fn salary_reads_naturally() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(950), "950");
    }

    #[test]
    fn list_query_is_lenient() {
        let query = ListQuery::from_params(Some("  "), Some("nope"), Some("x"), Some("-3"));
        assert_eq!(query.q, None);
        assert_eq!(query.status, None);
        assert_eq!(query.sort, ListSort::Updated);
        assert_eq!(query.page, 1);
    }
}
