//! Reminder preferences and the notifications page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::NotificationId;

use crate::FormError;
use crate::fields::FormReader;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: NotificationId,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    #[serde(with = "crate::dates::wire::utc")]
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
    #[serde(with = "crate::dates::wire::optional_utc")]
    pub calendar_since: Option<chrono::DateTime<chrono::Utc>>,
    pub verified: bool,
}
