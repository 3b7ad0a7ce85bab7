//! What a form submission returns when it cannot be accepted: a message per field, a message for
//! the whole form, and the values the user typed (never passwords), so the form can be shown again
//! as it was — also without JavaScript, where the error travels back in the redirect URL.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.summary())]
pub struct FormError {
    /// For the whole form, e.g. "Wrong email or password."
    pub message: Option<String>,
    /// Field name → what is wrong with it.
    pub fields: BTreeMap<String, String>,
    /// Field name → what the user typed.
    pub values: BTreeMap<String, String>,
    /// Seconds to wait before trying again (rate limits).
    pub retry_after: Option<u64>,
    /// What was asked for does not exist (or is not the user's): pages show "not found".
    #[serde(default)]
    pub gone: bool,
}

impl FormError {
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            ..Self::default()
        }
    }

    /// The thing asked for is not there (or not the user's).
    pub fn gone(message: impl Into<String>) -> Self {
        Self {
            gone: true,
            ..Self::message(message)
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::default().with_field(field, message)
    }

    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.fields.insert(field.to_owned(), message.into());
        self
    }

    /// Remembers what the user typed in `field` so the form can show it again.
    pub fn with_value(mut self, field: &str, value: &str) -> Self {
        self.values.insert(field.to_owned(), value.to_owned());
        self
    }

    pub fn too_many_requests(retry_after: u64) -> Self {
        Self {
            message: Some(format!(
                "Too many attempts. Please wait {} and try again.",
                wait_phrase(retry_after)
            )),
            retry_after: Some(retry_after),
            ..Self::default()
        }
    }

    /// The form's fields could not be read (missing or malformed: a bypassed UI).
    pub fn unreadable() -> Self {
        Self::message("The form could not be read. Please check it and try again.")
    }

    pub fn internal() -> Self {
        Self::message("Something went wrong on our side. Please try again in a moment.")
    }

    pub fn is_empty(&self) -> bool {
        self.message.is_none() && self.fields.is_empty()
    }

    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    fn summary(&self) -> String {
        self.message.clone().unwrap_or_else(|| {
            self.fields
                .values()
                .next()
                .cloned()
                .unwrap_or_else(|| "Please check the form.".into())
        })
    }
}

fn wait_phrase(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".into(),
        2..=59 => format!("{seconds} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl FromServerFnError for FormError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A form field the server could not read (e.g. a bypassed UI sent garbage).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => Self::unreadable(),
            _ => Self::internal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_prefers_the_form_message() {
        let error = FormError::field("email", "Enter your email address.");
        assert_eq!(error.to_string(), "Enter your email address.");
        let error = FormError::message("Wrong email or password.").with_field("email", "x");
        assert_eq!(error.to_string(), "Wrong email or password.");
    }

    #[test]
    fn rate_limit_message_says_how_long() {
        assert!(
            FormError::too_many_requests(30)
                .to_string()
                .contains("30 seconds")
        );
        assert!(
            FormError::too_many_requests(600)
                .to_string()
                .contains("10 minutes")
        );
    }
}
