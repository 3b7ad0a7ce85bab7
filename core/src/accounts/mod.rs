//! Accounts: sign-up, sign-in, email verification, password reset and change, email change,
//! deletion requests and session management. Every change that sends email writes the outbox row
//! and the audit row in the same transaction.

pub mod data;
pub mod models;
mod recovery;
pub mod sessions;
mod settings;
mod signing;
mod token_mail;

pub use token_mail::create_invite;
use token_mail::{insert_token, notify_password_changed, set_password, use_token};

use std::sync::Arc;
use std::time::Duration;

use careerhub_domain::accounts::{ChangeCount, CurrentUser, SessionSummary, TokenPurpose};
use careerhub_domain::{DisplayName, Email, FormError, NewPassword};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use careerhub_domain::ids::{SessionId, UserId};

use crate::audit::{self, Event, RequestMeta};
use crate::config::{Config, Registration};
use crate::db::Pool;
use crate::email::{self, EmailKind};
use crate::passwords::{self, Verified};
use crate::ratelimit::{Limit, RateLimiter};
use crate::schema::{email_tokens, invites, users};
pub use crate::service::Error;
use crate::service::{run, transact};
use crate::tokens;
use models::User;

const VERIFY_TTL: Duration = Duration::from_secs(48 * 3600);
const RESET_TTL: Duration = Duration::from_secs(3600);
const EMAIL_CHANGE_TTL: Duration = Duration::from_secs(24 * 3600);

pub const SIGN_IN_PER_IP: Limit = Limit::per_minutes("sign_in_ip", 30, 15);
/// Failed sign-ins per account, whatever the IP: stops a distributed guess at one password.
pub const SIGN_IN_FAILURES_PER_ACCOUNT: Limit = Limit::per_minutes("sign_in_account", 5, 15);
pub const SIGN_UP_PER_IP: Limit = Limit::per_minutes("sign_up_ip", 10, 60);
pub const RESET_PER_IP: Limit = Limit::per_minutes("reset_ip", 10, 60);
pub const RESET_PER_ACCOUNT: Limit = Limit::per_minutes("reset_account", 3, 60);
pub const VERIFY_PER_ACCOUNT: Limit = Limit::per_minutes("verify_account", 3, 60);

const WRONG_CREDENTIALS: &str = "Wrong email or password.";

/// A new session: the key goes into the session store, the user into the page.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session_key: String,
    pub user: CurrentUser,
}

/// What the sign-up form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct SignUpForm {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub invite: Option<String>,
}

#[derive(Clone)]
pub struct Accounts {
    pool: Pool,
    config: Arc<Config>,
    limiter: RateLimiter,
}

/// Rate-limit subject for an email address that does not put the address itself in Redis.
fn subject_for(email: &str) -> String {
    Sha256::digest(email.trim().to_lowercase().as_bytes())
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn new_password(field: &str, raw: &str) -> Result<NewPassword, FormError> {
    let password = NewPassword::parse(raw).map_err(|message| FormError::field(field, message))?;
    if passwords::is_common(password.expose()) {
        return Err(FormError::field(
            field,
            "This password is one of the most common ones, so it is guessed first. Choose another.",
        ));
    }
    Ok(password)
}

impl Accounts {
    pub fn new(pool: Pool, config: Arc<Config>, limiter: RateLimiter) -> Self {
        Self {
            pool,
            config,
            limiter,
        }
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={token}",
            self.config.public_url.as_str().trim_end_matches('/')
        )
    }

    fn site_url(&self) -> String {
        self.config
            .public_url
            .as_str()
            .trim_end_matches('/')
            .to_owned()
    }

    fn ip_subject(meta: &RequestMeta) -> String {
        meta.ip.clone().unwrap_or_else(|| "unknown".into())
    }
}
