//! Contacts and what happened with them: relationships, channels, forms and pages.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ApplicationId, ContactId, InteractionId};

use super::*;
use crate::fields::FormReader;
use crate::{Email, FormError};

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
        let phone = form.phone("phone", &self.phone);
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
    #[serde(with = "crate::dates::wire::optional_date")]
    pub next_follow_up_on: Option<NaiveDate>,
    #[serde(with = "crate::dates::wire::utc")]
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
    #[serde(with = "crate::dates::wire::date")]
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
