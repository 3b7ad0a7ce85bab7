//! The job-search tracker: applications (board, list, timeline, interviews), contacts, learning,
//! the dashboard, notifications, the calendar feed, exports and the daily digest.
//!
//! [`Tracker`] is the area's facade: server functions, routes and the backup smoke check call its
//! async methods with typed ids and never see a connection. It runs the query modules (plain
//! synchronous functions that take a connection and the owner's [`UserId`]) on the pool, off the
//! async runtime, and decides what combines with what (the user's time zone, transactions).

pub(crate) mod applications;
pub(crate) mod calendar;
pub(crate) mod contacts;
pub(crate) mod dashboard;
pub mod data;
mod demo;
pub(crate) mod digest;
pub mod export;
pub(crate) mod interviews;
pub(crate) mod learning;
pub(crate) mod models;
pub(crate) mod notifications;
pub mod time;
pub(crate) mod vcard;

use careerhub_domain::ids::{
    ActivityId, ApplicationId, ContactId, InteractionId, InterviewId, NotificationId, UserId,
};
use careerhub_domain::mailing::MailingList;
use careerhub_domain::tracker::{
    Activity, ActivityInput, AnalyticsView, ApplicationDetail, ApplicationInput, ApplicationList,
    ApplicationStatus, BoardColumn, ContactData, ContactDetail, ContactInput, Dashboard,
    InteractionInput, InterviewInput, InterviewOutcome, ListQuery, NotificationSettings,
    NotificationView, PreferencesInput,
};
use chrono::{DateTime, Utc};

use crate::db::Pool;
use crate::service::{Error, run, transact};

pub use digest::DigestReport;
pub use export::{Download, ExportFile};

/// The notifications page shows this many, newest first.
const NOTIFICATIONS_SHOWN: i64 = 100;

#[derive(Clone)]
pub struct Tracker {
    pool: Pool,
    public_url: String,
}

impl Tracker {
    pub fn new(pool: Pool, public_url: &url::Url) -> Self {
        Self {
            pool,
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn dashboard(&self, owner: UserId) -> Result<Dashboard, Error> {
        run(&self.pool, move |conn| {
            let tz = time::zone_of(conn, owner)?;
            dashboard::dashboard(conn, owner, tz, Utc::now())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn analytics(&self, owner: UserId) -> Result<AnalyticsView, Error> {
        run(&self.pool, move |conn| {
            crate::ops::analytics::user_view(conn, owner)
        })
        .await
    }

    // Applications

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn board(&self, owner: UserId) -> Result<Vec<BoardColumn>, Error> {
        run(&self.pool, move |conn| applications::board(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn list(&self, owner: UserId, query: ListQuery) -> Result<ApplicationList, Error> {
        run(&self.pool, move |conn| {
            applications::list(conn, owner, &query)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn application(
        &self,
        owner: UserId,
        id: ApplicationId,
    ) -> Result<ApplicationDetail, Error> {
        run(&self.pool, move |conn| {
            let tz = time::zone_of(conn, owner)?;
            applications::detail(conn, owner, id, tz)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_application(
        &self,
        owner: UserId,
        input: ApplicationInput,
    ) -> Result<ApplicationId, Error> {
        transact(&self.pool, move |conn| {
            applications::create(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn update_application(
        &self,
        owner: UserId,
        id: ApplicationId,
        input: ApplicationInput,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            applications::update(conn, owner, id, &input)
        })
        .await
    }

    /// Moves an application to `to` and records the move; returns the status it had.
    #[tracing::instrument(skip_all, fields(user_id = %owner, %id, %to))]
    pub async fn move_application(
        &self,
        owner: UserId,
        id: ApplicationId,
        to: ApplicationStatus,
    ) -> Result<ApplicationStatus, Error> {
        transact(&self.pool, move |conn| {
            applications::change_status(conn, owner, id, to)
        })
        .await
    }

    /// Moves several applications to `to` at once, all or none (one unknown id moves nothing);
    /// those already there are left as they are. Returns how many there were.
    #[tracing::instrument(skip_all, fields(user_id = %owner, count = ids.len(), %to))]
    pub async fn move_applications(
        &self,
        owner: UserId,
        ids: Vec<ApplicationId>,
        to: ApplicationStatus,
    ) -> Result<usize, Error> {
        transact(&self.pool, move |conn| {
            for id in &ids {
                applications::change_status(conn, owner, *id, to)?;
            }
            Ok(ids.len())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn add_note(
        &self,
        owner: UserId,
        id: ApplicationId,
        body: String,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            applications::add_note(conn, owner, id, &body)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn delete_application(&self, owner: UserId, id: ApplicationId) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            applications::delete(conn, owner, id)
        })
        .await
    }

    /// Adds an interview; its time is wall-clock time in the user's zone.
    #[tracing::instrument(skip_all, fields(user_id = %owner, %application))]
    pub async fn add_interview(
        &self,
        owner: UserId,
        application: ApplicationId,
        input: InterviewInput,
    ) -> Result<InterviewId, Error> {
        run(&self.pool, move |conn| {
            let tz = time::zone_of(conn, owner)?;
            interviews::add_interview(conn, owner, application, &input, tz)
        })
        .await
    }

    /// Returns the interview's application.
    #[tracing::instrument(skip_all, fields(user_id = %owner, %interview))]
    pub async fn set_interview_outcome(
        &self,
        owner: UserId,
        interview: InterviewId,
        outcome: InterviewOutcome,
    ) -> Result<ApplicationId, Error> {
        run(&self.pool, move |conn| {
            interviews::set_interview_outcome(conn, owner, interview, outcome)
        })
        .await
    }

    /// Returns the interview's application.
    #[tracing::instrument(skip_all, fields(user_id = %owner, %interview))]
    pub async fn delete_interview(
        &self,
        owner: UserId,
        interview: InterviewId,
    ) -> Result<ApplicationId, Error> {
        run(&self.pool, move |conn| {
            interviews::delete_interview(conn, owner, interview)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %application, %contact))]
    pub async fn link_contact(
        &self,
        owner: UserId,
        application: ApplicationId,
        contact: ContactId,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            applications::link_contact(conn, owner, application, contact)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %application, %contact))]
    pub async fn unlink_contact(
        &self,
        owner: UserId,
        application: ApplicationId,
        contact: ContactId,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            applications::unlink_contact(conn, owner, application, contact)
        })
        .await
    }

    // Contacts

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn contacts(&self, owner: UserId) -> Result<Vec<ContactData>, Error> {
        run(&self.pool, move |conn| contacts::list(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn contact(&self, owner: UserId, id: ContactId) -> Result<ContactDetail, Error> {
        run(&self.pool, move |conn| contacts::detail(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_contact(
        &self,
        owner: UserId,
        input: ContactInput,
    ) -> Result<ContactId, Error> {
        run(&self.pool, move |conn| {
            contacts::create(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn update_contact(
        &self,
        owner: UserId,
        id: ContactId,
        input: ContactInput,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            contacts::update(conn, owner, id, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn delete_contact(&self, owner: UserId, id: ContactId) -> Result<(), Error> {
        run(&self.pool, move |conn| contacts::delete(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %contact))]
    pub async fn add_interaction(
        &self,
        owner: UserId,
        contact: ContactId,
        input: InteractionInput,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            contacts::add_interaction(conn, owner, contact, &input)
        })
        .await
    }

    /// Returns the interaction's contact.
    #[tracing::instrument(skip_all, fields(user_id = %owner, %interaction))]
    pub async fn delete_interaction(
        &self,
        owner: UserId,
        interaction: InteractionId,
    ) -> Result<ContactId, Error> {
        run(&self.pool, move |conn| {
            contacts::delete_interaction(conn, owner, interaction)
        })
        .await
    }

    // Learning

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn activities(&self, owner: UserId) -> Result<Vec<Activity>, Error> {
        run(&self.pool, move |conn| learning::list(conn, owner)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn activity(&self, owner: UserId, id: ActivityId) -> Result<Activity, Error> {
        run(&self.pool, move |conn| learning::get(conn, owner, id)).await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn create_activity(
        &self,
        owner: UserId,
        input: ActivityInput,
    ) -> Result<ActivityId, Error> {
        run(&self.pool, move |conn| {
            learning::create(conn, owner, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn update_activity(
        &self,
        owner: UserId,
        id: ActivityId,
        input: ActivityInput,
    ) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            learning::update(conn, owner, id, &input)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner, %id))]
    pub async fn delete_activity(&self, owner: UserId, id: ActivityId) -> Result<(), Error> {
        run(&self.pool, move |conn| learning::delete(conn, owner, id)).await
    }

    // Notifications and their settings

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn notifications(&self, owner: UserId) -> Result<Vec<NotificationView>, Error> {
        run(&self.pool, move |conn| {
            notifications::list(conn, owner, NOTIFICATIONS_SHOWN)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn unread_count(&self, owner: UserId) -> Result<i64, Error> {
        run(&self.pool, move |conn| {
            notifications::unread_count(conn, owner)
        })
        .await
    }

    /// Marks one notification read, or all of them when `id` is None.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn mark_read(&self, owner: UserId, id: Option<NotificationId>) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            notifications::mark_read(conn, owner, id)
        })
        .await
    }

    /// `new_calendar_token`: a feed token made a moment ago, shown this once.
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn notification_settings(
        &self,
        owner: UserId,
        new_calendar_token: Option<String>,
    ) -> Result<NotificationSettings, Error> {
        let public_url = self.public_url.clone();
        run(&self.pool, move |conn| {
            notifications::settings(conn, owner, &public_url, new_calendar_token.as_deref())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn save_preferences(
        &self,
        owner: UserId,
        input: PreferencesInput,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            notifications::save_preferences(conn, owner, &input)
        })
        .await
    }

    /// A new private calendar address; returns its token (only the hash is kept).
    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn rotate_calendar_feed(&self, owner: UserId) -> Result<String, Error> {
        run(&self.pool, move |conn| {
            notifications::rotate_calendar_feed(conn, owner)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %owner))]
    pub async fn revoke_calendar_feed(&self, owner: UserId) -> Result<(), Error> {
        run(&self.pool, move |conn| {
            Ok(notifications::revoke_calendar_feed(conn, owner)?)
        })
        .await
    }

    /// The calendar feed a private address opens, or None when the token opens none.
    #[tracing::instrument(skip_all)]
    pub async fn calendar_feed(&self, token: String) -> Result<Option<String>, Error> {
        let public_url = self.public_url.clone();
        run(
            &self.pool,
            move |conn| match notifications::calendar_owner(conn, &token)? {
                Some(owner) => calendar::feed(conn, owner, &public_url, Utc::now()).map(Some),
                None => Ok(None),
            },
        )
        .await
    }

    /// The list a one-click unsubscribe link leaves, or None when it is not one of ours.
    #[tracing::instrument(skip_all)]
    pub async fn mailing_list(&self, token: String) -> Result<Option<MailingList>, Error> {
        run(&self.pool, move |conn| {
            Ok(crate::email::unsubscribe::list_of(conn, &token)?)
        })
        .await
    }

    /// Leaves the list of a one-click unsubscribe link (RFC 8058); None when it is not one of
    /// ours.
    #[tracing::instrument(skip_all)]
    pub async fn unsubscribe(&self, token: String) -> Result<Option<MailingList>, Error> {
        run(&self.pool, move |conn| {
            Ok(crate::email::unsubscribe::unsubscribe(conn, &token)?)
        })
        .await
    }

    /// Every daily digest due at `now` (email, in-app notification, ledger row); safe to run
    /// as often as wanted and on several instances at once.
    #[tracing::instrument(skip_all)]
    pub async fn send_digests(&self, now: DateTime<Utc>) -> Result<DigestReport, Error> {
        digest::run_digests(&self.pool, &self.public_url, now).await
    }

    // Exports

    /// One of the user's downloads (see [`ExportFile`]).
    #[tracing::instrument(skip_all, fields(user_id = %owner, ?file))]
    pub async fn export(&self, owner: UserId, file: ExportFile) -> Result<Download, Error> {
        run(&self.pool, move |conn| export::download(conn, owner, file)).await
    }
}
