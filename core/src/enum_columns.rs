//! Every text column whose values are one of our enums. `core/tests/it/enums.rs` compares each
//! enum's values with the column's CHECK constraint in the migrated database, and fails on any
//! `CHECK (column IN (...))` that is not listed here, so an enum and its column cannot drift.

use careerhub_domain::accounts::{Role, TokenPurpose};
use careerhub_domain::cv::{CvFormat, PageSize, Template};
use careerhub_domain::jobs::alerts::AlertFrequency;
use careerhub_domain::jobs::{EmploymentType, ImportStatus, SalaryInterval, SourceKind, Workplace};
use careerhub_domain::letters::SentKind;
use careerhub_domain::mailing::MailingList;
use careerhub_domain::ops::{ErasureRequester, ErasureStatus, OutboxStatus, RunStatus, RunTrigger};
use careerhub_domain::profile::{Section, SkillCategory, Visibility};
use careerhub_domain::tracker::{
    ActivityKind, ActivityStatus, ApplicationStatus, EventKind, InteractionChannel, InterviewKind,
    InterviewOutcome, Relationship, WorkArrangement,
};

/// (table, column, the enum's values).
pub type EnumColumn = (&'static str, &'static str, Vec<&'static str>);

macro_rules! columns {
    ($($table:literal . $column:literal => $enum:ty),+ $(,)?) => {
        vec![$(($table, $column, <$enum>::ALL.iter().map(|value| value.as_str()).collect())),+]
    };
}

pub fn enum_columns() -> Vec<EnumColumn> {
    columns![
        "users"."role" => Role,
        "email_tokens"."purpose" => TokenPurpose,
        "email_outbox"."status" => OutboxStatus,
        "unsubscribe_links"."list" => MailingList,
        "applications"."status" => ApplicationStatus,
        "applications"."work_arrangement" => WorkArrangement,
        "application_events"."kind" => EventKind,
        "application_events"."from_status" => ApplicationStatus,
        "application_events"."to_status" => ApplicationStatus,
        "interviews"."kind" => InterviewKind,
        "interviews"."outcome" => InterviewOutcome,
        "contacts"."relationship" => Relationship,
        "contact_interactions"."channel" => InteractionChannel,
        "development_activities"."kind" => ActivityKind,
        "development_activities"."status" => ActivityStatus,
        "profiles"."visibility" => Visibility,
        "profiles"."work_arrangement" => WorkArrangement,
        "profile_entries"."section" => Section,
        "profile_skills"."category" => SkillCategory,
        "cv_versions"."template" => Template,
        "cv_versions"."page_size" => PageSize,
        "document_renders"."format" => CvFormat,
        "sent_documents"."kind" => SentKind,
        "job_sources"."kind" => SourceKind,
        "job_sources"."last_status" => ImportStatus,
        "job_postings"."workplace" => Workplace,
        "job_postings"."employment_type" => EmploymentType,
        "job_postings"."salary_interval" => SalaryInterval,
        "saved_searches"."frequency" => AlertFrequency,
        "cron_job_runs"."trigger" => RunTrigger,
        "cron_job_runs"."status" => RunStatus,
        "erasure_requests"."requested_by" => ErasureRequester,
        "erasure_requests"."status" => ErasureStatus,
    ]
}
