//! Tracker server functions. Thin: parse the form with the domain's `parse`, call careerhub-core
//! with the signed-in user's id, and say where to go next.

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::ids::{
    ActivityId, ApplicationId, ContactId, InteractionId, InterviewId, NotificationId,
};
#[cfg(feature = "ssr")]
use careerhub_domain::paths;
use careerhub_domain::tracker::{
    Activity, ActivityForm, ApplicationDetail, ApplicationForm, ApplicationList, BoardColumn,
    ContactData, ContactDetail, ContactForm, Dashboard, InteractionForm, InterviewForm,
    NotificationSettings, NotificationView, PreferencesForm,
};
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "dashboard", output = PageDataEncoding)]
pub async fn load_dashboard() -> Result<Dashboard, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.dashboard(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "analytics", output = PageDataEncoding)]
pub async fn load_analytics() -> Result<careerhub_domain::tracker::AnalyticsView, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.analytics(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "board", output = PageDataEncoding)]
pub async fn board() -> Result<Vec<BoardColumn>, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.board(owner).await.map_err(ssr::error)
}

/// The list view; the parameters are the page's query string, read leniently.
#[server(prefix = "/api", endpoint = "list_applications", output = PageDataEncoding)]
pub async fn list_applications(
    #[server(default)] q: Option<String>,
    #[server(default)] status: Option<String>,
    #[server(default)] sort: Option<String>,
    #[server(default)] page: Option<String>,
) -> Result<ApplicationList, FormError> {
    let (tracker, owner) = ssr::context()?;
    let query = careerhub_domain::tracker::ListQuery::from_params(
        q.as_deref(),
        status.as_deref(),
        sort.as_deref(),
        page.as_deref(),
    );
    tracker.list(owner, query).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "application", output = PageDataEncoding)]
pub async fn application(id: ApplicationId) -> Result<ApplicationDetail, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.application(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "create_application")]
pub async fn create_application(#[server(flatten)] form: ApplicationForm) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    let id = tracker
        .create_application(owner, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&paths::application(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_application")]
pub async fn update_application(
    id: ApplicationId,
    #[server(flatten)] form: ApplicationForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .update_application(owner, id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(id));
    Ok(())
}

/// Moves an application on the board (or from its page). Plain forms come back to `back`.
#[server(prefix = "/api", endpoint = "move_application")]
pub async fn move_application(
    id: ApplicationId,
    status: String,
    #[server(default)] back: Option<String>,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let status = careerhub_domain::tracker::ApplicationStatus::parse(&status)
        .ok_or_else(|| ssr::invalid(FormError::field("status", "Choose one of the statuses.")))?;
    tracker
        .move_application(owner, id, status)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(careerhub_domain::local_path(
        back.as_deref().unwrap_or(paths::APPLICATIONS),
    ));
    Ok(())
}

/// The board's shared move form: the cards ticked on the board, to one status.
#[server(prefix = "/api", endpoint = "move_applications")]
pub async fn move_applications(
    #[server(default)] ids: Vec<ApplicationId>,
    status: String,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let status = careerhub_domain::tracker::ApplicationStatus::parse(&status)
        .ok_or_else(|| ssr::invalid(FormError::field("status", "Choose one of the statuses.")))?;
    if ids.is_empty() {
        return Err(ssr::invalid(FormError::field(
            "ids",
            "Tick the cards to move first.",
        )));
    }
    if ids.len() > MOVE_AT_ONCE {
        return Err(ssr::invalid(FormError::field(
            "ids",
            format!("Move at most {MOVE_AT_ONCE} cards at once."),
        )));
    }
    tracker
        .move_applications(owner, ids, status)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::APPLICATIONS);
    Ok(())
}

/// More than a board shows (every column's first cards), fewer than a request should carry.
pub const MOVE_AT_ONCE: usize = 500;

#[server(prefix = "/api", endpoint = "add_note")]
pub async fn add_note(id: ApplicationId, body: String) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let mut form = careerhub_domain::fields::FormReader::new();
    let body = form.required("body", &body, 20_000, "Write the note first.");
    form.finish(()).map_err(ssr::invalid)?;
    tracker
        .add_note(owner, id, body)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_application")]
pub async fn delete_application(
    id: ApplicationId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    tracker
        .delete_application(owner, id)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&format!("{}?deleted=1", paths::APPLICATION_LIST));
    Ok(())
}

#[server(prefix = "/api", endpoint = "add_interview")]
pub async fn add_interview(
    application_id: ApplicationId,
    #[server(flatten)] form: InterviewForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .add_interview(owner, application_id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(application_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "set_interview_outcome")]
pub async fn set_interview_outcome(id: InterviewId, outcome: String) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let outcome = careerhub_domain::tracker::InterviewOutcome::parse(&outcome)
        .ok_or_else(|| ssr::invalid(FormError::field("outcome", "Choose one of the outcomes.")))?;
    let application = tracker
        .set_interview_outcome(owner, id, outcome)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(application));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_interview")]
pub async fn delete_interview(id: InterviewId) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let application = tracker
        .delete_interview(owner, id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(application));
    Ok(())
}

#[server(prefix = "/api", endpoint = "link_contact")]
pub async fn link_contact(
    application_id: ApplicationId,
    contact_id: ContactId,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker
        .link_contact(owner, application_id, contact_id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(application_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "unlink_contact")]
pub async fn unlink_contact(
    application_id: ApplicationId,
    contact_id: ContactId,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker
        .unlink_contact(owner, application_id, contact_id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::application(application_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "contacts", output = PageDataEncoding)]
pub async fn list_contacts() -> Result<Vec<ContactData>, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.contacts(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "contact", output = PageDataEncoding)]
pub async fn contact(id: ContactId) -> Result<ContactDetail, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.contact(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "create_contact")]
pub async fn create_contact(#[server(flatten)] form: ContactForm) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    let id = tracker
        .create_contact(owner, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&paths::contact(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_contact")]
pub async fn update_contact(
    id: ContactId,
    #[server(flatten)] form: ContactForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .update_contact(owner, id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::contact(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_contact")]
pub async fn delete_contact(
    id: ContactId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    tracker
        .delete_contact(owner, id)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&format!("{}?deleted=1", paths::CONTACTS));
    Ok(())
}

#[server(prefix = "/api", endpoint = "add_interaction")]
pub async fn add_interaction(
    contact_id: ContactId,
    #[server(flatten)] form: InteractionForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let today = chrono::Utc::now().date_naive();
    let input = form.parse(today).map_err(ssr::invalid)?;
    tracker
        .add_interaction(owner, contact_id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::contact(contact_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_interaction")]
pub async fn delete_interaction(id: InteractionId) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let contact = tracker
        .delete_interaction(owner, id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::contact(contact));
    Ok(())
}

#[server(prefix = "/api", endpoint = "activities", output = PageDataEncoding)]
pub async fn list_activities() -> Result<Vec<Activity>, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.activities(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "activity", output = PageDataEncoding)]
pub async fn load_activity(id: ActivityId) -> Result<Activity, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.activity(owner, id).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "create_activity")]
pub async fn create_activity(#[server(flatten)] form: ActivityForm) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .create_activity(owner, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::LEARNING);
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_activity")]
pub async fn update_activity(
    id: ActivityId,
    #[server(flatten)] form: ActivityForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .update_activity(owner, id, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(paths::LEARNING);
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_activity")]
pub async fn delete_activity(
    id: ActivityId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    tracker
        .delete_activity(owner, id)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(paths::LEARNING);
    Ok(())
}

#[server(prefix = "/api", endpoint = "notifications", output = PageDataEncoding)]
pub async fn list_notifications() -> Result<Vec<NotificationView>, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.notifications(owner).await.map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "unread_count", output = PageDataEncoding)]
pub async fn unread_count() -> Result<i64, FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.unread_count(owner).await.map_err(ssr::error)
}

/// Marks one notification read, or all when no id is given.
#[server(prefix = "/api", endpoint = "mark_read")]
pub async fn mark_read(#[server(default)] id: Option<NotificationId>) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker.mark_read(owner, id).await.map_err(ssr::error)?;
    ssr::back_to_page(paths::NOTIFICATIONS);
    Ok(())
}

#[server(prefix = "/api", endpoint = "notification_settings", output = PageDataEncoding)]
pub async fn load_notification_settings() -> Result<NotificationSettings, FormError> {
    let (tracker, owner) = ssr::context()?;
    let new_token = crate::request::take_flash(ssr::NEW_CALENDAR_TOKEN).await;
    tracker
        .notification_settings(owner, new_token)
        .await
        .map_err(ssr::error)
}

#[server(prefix = "/api", endpoint = "save_notification_settings")]
pub async fn save_notification_settings(
    #[server(flatten)] form: PreferencesForm,
) -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    tracker
        .save_preferences(owner, input)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&format!("{}?saved=1", paths::NOTIFICATION_SETTINGS));
    Ok(())
}

#[server(prefix = "/api", endpoint = "rotate_calendar_feed")]
pub async fn rotate_calendar_feed() -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    let token = tracker
        .rotate_calendar_feed(owner)
        .await
        .map_err(ssr::error)?;
    crate::request::put_flash(ssr::NEW_CALENDAR_TOKEN, &token).await?;
    ssr::back_to_page(paths::NOTIFICATION_SETTINGS);
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), FormError> {
    let (tracker, owner) = ssr::context()?;
    tracker
        .revoke_calendar_feed(owner)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::NOTIFICATION_SETTINGS);
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use careerhub_core::tracker::Tracker;
    use careerhub_domain::FormError;
    use careerhub_domain::ids::UserId;

    pub use crate::request::form_error as error;
    use crate::request::require_user;
    pub use crate::request::{back_to_page, confirmed, invalid};

    /// Session entry of a calendar feed token just made, until the settings page shows it.
    pub const NEW_CALENDAR_TOKEN: &str = "new_calendar_token";

    /// The tracker service and the signed-in user's id; 401 when signed out.
    pub fn context() -> Result<(Tracker, UserId), FormError> {
        let user = require_user()?;
        Ok((crate::request::services()?.tracker, user.id))
    }
}
