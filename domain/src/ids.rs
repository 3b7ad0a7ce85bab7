//! Typed ids: one newtype per table, so an application's id cannot be passed where a contact's
//! is expected, and every user-owned query visibly takes a [`UserId`]. On the wire (JSON, forms,
//! URLs) they are plain UUIDs; with the `diesel` feature they map to `uuid` columns both ways.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "diesel", derive(diesel::AsExpression, diesel::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Uuid))]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(value).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <Uuid as diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::to_sql(
                    &self.0,
                    &mut out.reborrow(),
                )
            }
        }

        #[cfg(feature = "diesel")]
        impl diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                <Uuid as diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::from_sql(value)
                    .map(Self)
            }
        }
    )+};
}

id_type! {
    /// An account (`users.id`): the owner every user-owned query filters on.
    UserId;
    /// A signed-in session (`user_sessions.id`).
    SessionId;
    /// `applications.id`.
    ApplicationId;
    /// `application_events.id`: one entry of an application's timeline.
    EventId;
    /// `interviews.id`.
    InterviewId;
    /// `contacts.id`.
    ContactId;
    /// `contact_interactions.id`.
    InteractionId;
    /// `development_activities.id`.
    ActivityId;
    /// `notifications.id`.
    NotificationId;
    /// `profile_entries.id`: one item of a profile section (a job, a degree, a certificate …).
    EntryId;
    /// `profile_skills.id`.
    SkillId;
    /// `cv_versions.id`: one CV built from the profile.
    CvVersionId;
    /// `letters.id`: a cover letter with its saved versions.
    LetterId;
    /// `letter_templates.id`: a default letter template, or one of a person's own.
    LetterTemplateId;
    /// `sent_documents.id`: the copy of a CV or letter an application went out with.
    SentDocumentId;
    /// `job_sources.id`: a feed an operator added.
    JobSourceId;
    /// `companies.id`.
    CompanyId;
    /// `job_postings.id`.
    JobPostingId;
    /// `saved_searches.id`: a job search a person kept, with its alert.
    SavedSearchId;
}

#[cfg(test)]
mod tests {
    use super::{ApplicationId, ContactId};

    #[test]
    fn ids_are_plain_uuids_on_the_wire() {
        let id: ApplicationId = "0190f3a0-0000-7000-8000-000000000001".parse().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0190f3a0-0000-7000-8000-000000000001\"");
        let back: ApplicationId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        assert_eq!(id.to_string(), "0190f3a0-0000-7000-8000-000000000001");
        assert!("not-an-id".parse::<ContactId>().is_err());
    }
}
