//! The audit log of security events: who (actor), what (event), from where (IP, user agent), when
//! (UTC). Never a password, token or cookie.

use diesel::prelude::*;
use serde::Serialize;
use uuid::Uuid;

use careerhub_domain::ids::UserId;

use crate::schema::audit_log;

/// Where a request came from, as far as we record it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    pub fn new(ip: Option<String>, user_agent: Option<String>) -> Self {
        let clip = |value: String, max: usize| value.chars().take(max).collect::<String>();
        Self {
            ip: ip.map(|ip| clip(ip, 64)),
            user_agent: user_agent.map(|agent| clip(agent, 512)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    SignUp,
    SignIn,
    SignInFailed,
    SignInThrottled,
    SignOut,
    EmailVerified,
    PasswordResetRequested,
    PasswordReset,
    PasswordChanged,
    EmailChangeRequested,
    EmailChanged,
    DeletionRequested,
    DeletionCancelled,
    SessionRevoked,
    OtherSessionsRevoked,
    /// An account was erased; the entry names the erasure request, never the person.
    AccountErased,
    AccountDisabled,
    AccountEnabled,
    RoleChanged,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignUp => "account.sign_up",
            Self::SignIn => "account.sign_in",
            Self::SignInFailed => "account.sign_in_failed",
            Self::SignInThrottled => "account.sign_in_throttled",
            Self::SignOut => "account.sign_out",
            Self::EmailVerified => "account.email_verified",
            Self::PasswordResetRequested => "account.password_reset_requested",
            Self::PasswordReset => "account.password_reset",
            Self::PasswordChanged => "account.password_changed",
            Self::EmailChangeRequested => "account.email_change_requested",
            Self::EmailChanged => "account.email_changed",
            Self::DeletionRequested => "account.deletion_requested",
            Self::DeletionCancelled => "account.deletion_cancelled",
            Self::SessionRevoked => "session.revoked",
            Self::OtherSessionsRevoked => "session.revoked_others",
            Self::AccountErased => "gdpr.erased",
            Self::AccountDisabled => "admin.account_disabled",
            Self::AccountEnabled => "admin.account_enabled",
            Self::RoleChanged => "admin.role_changed",
        }
    }
}

pub fn record(
    conn: &mut PgConnection,
    actor: Option<UserId>,
    event: Event,
    meta: &RequestMeta,
    detail: serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(Uuid::now_v7()),
            audit_log::actor_user_id.eq(actor),
            audit_log::event.eq(event.as_str()),
            audit_log::ip.eq(meta.ip.as_deref()),
            audit_log::user_agent.eq(meta.user_agent.as_deref()),
            audit_log::detail.eq(detail),
        ))
        .execute(conn)
        .map(drop)
}
