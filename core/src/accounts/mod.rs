//! Accounts: sign-up, sign-in, email verification, password reset and change, email change,
//! deletion requests and session management. Every change that sends email writes the outbox row
//! and the audit row in the same transaction.

pub mod data;

use std::sync::Arc;
use std::time::Duration;

use careerhub_domain::accounts::{CurrentUser, SessionSummary, TokenPurpose};
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
use crate::{sessions, tokens};

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

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: UserId,
    email: String,
    password_hash: String,
    display_name: String,
    disabled_at: Option<DateTime<Utc>>,
    deletion_requested_at: Option<DateTime<Utc>>,
}

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

    pub async fn sign_up(&self, form: SignUpForm, meta: RequestMeta) -> Result<SignedIn, Error> {
        if self.config.registration == Registration::Closed {
            return Err(FormError::message("Sign-ups are closed on this server.").into());
        }
        let keep = |error: FormError| {
            error
                .with_value("email", &form.email)
                .with_value("display_name", &form.display_name)
        };
        let email = Email::parse(&form.email);
        let name = DisplayName::parse(&form.display_name);
        let password = new_password("password", &form.password);
        let mut problems = FormError::default();
        if let Err(message) = &email {
            problems = problems.with_field("email", *message);
        }
        if let Err(message) = &name {
            problems = problems.with_field("display_name", *message);
        }
        if let Err(error) = &password {
            problems.fields.extend(error.fields.clone());
        }
        let invite_hash = form
            .invite
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(tokens::hash);
        if self.config.registration == Registration::Invite && invite_hash.is_none() {
            problems =
                problems.with_field("invite", "Sign-up needs an invite link on this server.");
        }
        let (Ok(email), Ok(name), Ok(password)) = (email, name, password) else {
            return Err(keep(problems).into());
        };
        if !problems.is_empty() {
            return Err(keep(problems).into());
        }
        self.limiter
            .hit(SIGN_UP_PER_IP, &Self::ip_subject(&meta))
            .await?;

        let hash = passwords::hash(password.expose().to_owned()).await;
        let (token, token_hash) = tokens::generate();
        let rendered = email::render(
            EmailKind::VerifyEmail,
            json!({
                "name": name.as_str(),
                "link": self.link("/verify-email", &token),
                "site_url": self.site_url(),
                "hours": VERIFY_TTL.as_secs() / 3600,
            }),
        );
        let absolute = self.config.session_absolute_timeout;
        let require_invite = self.config.registration == Registration::Invite;
        let values = (form.email.clone(), form.display_name.clone());
        transact(&self.pool, move |conn| {
            let taken: bool = diesel::select(diesel::dsl::exists(
                users::table.filter(users::email.eq(email.as_str())),
            ))
            .get_result(conn)?;
            if taken {
                return Err(Error::Form(
                    FormError::field(
                        "email",
                        "An account with this email already exists. Sign in, or reset your password.",
                    )
                    .with_value("email", &values.0)
                    .with_value("display_name", &values.1),
                ));
            }
            let id = UserId(Uuid::now_v7());
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(id),
                    users::email.eq(email.as_str()),
                    users::password_hash.eq(&hash),
                    users::display_name.eq(name.as_str()),
                    users::last_login_at.eq(Utc::now()),
                ))
                .execute(conn)?;
            if require_invite {
                let used = diesel::update(
                    invites::table
                        .filter(invites::token_hash.eq(invite_hash.unwrap_or_default()))
                        .filter(invites::used_at.is_null())
                        .filter(invites::expires_at.gt(diesel::dsl::now))
                        .filter(invites::email.is_null().or(invites::email.eq(email.as_str()))),
                )
                .set((invites::used_at.eq(Utc::now()), invites::used_by.eq(id)))
                .execute(conn)?;
                if used == 0 {
                    return Err(Error::Form(
                        FormError::field("invite", "This invite link is not valid, used or expired.")
                            .with_value("email", &values.0)
                            .with_value("display_name", &values.1),
                    ));
                }
            }
            insert_token(conn, id, TokenPurpose::Verify, &token_hash, None, VERIFY_TTL)?;
            email::enqueue(conn, Some(id), email.as_str(), &rendered)?;
            audit::record(conn, Some(id), Event::SignUp, &meta, json!({}))?;
            let (session_key, session_id) = sessions::create(conn, id, &meta, absolute)?;
            Ok(SignedIn {
                session_key,
                user: CurrentUser {
                    id,
                    email: email.as_str().to_owned(),
                    display_name: name.as_str().to_owned(),
                    role: careerhub_domain::Role::User,
                    verified: false,
                    session_id,
                },
            })
        })
        .await
    }

    pub async fn sign_in(
        &self,
        raw_email: &str,
        password: &str,
        meta: RequestMeta,
    ) -> Result<SignedIn, Error> {
        let keep = |error: FormError| error.with_value("email", raw_email);
        self.limiter
            .hit(SIGN_IN_PER_IP, &Self::ip_subject(&meta))
            .await?;
        let subject = subject_for(raw_email);
        if let Err(limited) = self
            .limiter
            .check(SIGN_IN_FAILURES_PER_ACCOUNT, &subject)
            .await
        {
            let meta = meta.clone();
            run(&self.pool, move |conn| {
                audit::record(conn, None, Event::SignInThrottled, &meta, json!({}))?;
                Ok(())
            })
            .await?;
            return Err(limited.into());
        }

        let user = match Email::parse(raw_email) {
            Ok(email) => {
                run(&self.pool, move |conn| {
                    Ok(users::table
                        .filter(users::email.eq(email.as_str()))
                        .select(UserRow::as_select())
                        .first(conn)
                        .optional()?)
                })
                .await?
            }
            Err(_) => None,
        };
        let verified = passwords::verify(
            password.to_owned(),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
        let (user, rehash) = match (user, verified) {
            (Some(user), Verified::Yes { rehash }) => (user, rehash),
            (user, _) => {
                self.limiter
                    .hit(SIGN_IN_FAILURES_PER_ACCOUNT, &subject)
                    .await?;
                let actor = user.map(|user| user.id);
                run(&self.pool, move |conn| {
                    audit::record(conn, actor, Event::SignInFailed, &meta, json!({}))?;
                    Ok(())
                })
                .await?;
                return Err(keep(FormError::message(WRONG_CREDENTIALS)).into());
            }
        };

        let grace = chrono::Duration::from_std(self.config.deletion_grace).unwrap_or_default();
        let cancels_deletion = user.disabled_at.is_some()
            && user
                .deletion_requested_at
                .is_some_and(|requested| requested + grace > Utc::now());
        if user.disabled_at.is_some() && !cancels_deletion {
            return Err(keep(FormError::message(
                "This account is disabled. Contact the people who run this server.",
            ))
            .into());
        }
        let new_hash = if rehash {
            Some(passwords::hash(password.to_owned()).await)
        } else {
            None
        };
        let absolute = self.config.session_absolute_timeout;
        let idle = self.config.session_idle_timeout;
        let signed_in = transact(&self.pool, move |conn| {
            if cancels_deletion {
                diesel::update(users::table.find(user.id))
                    .set((
                        users::disabled_at.eq(None::<DateTime<Utc>>),
                        users::deletion_requested_at.eq(None::<DateTime<Utc>>),
                    ))
                    .execute(conn)?;
                audit::record(
                    conn,
                    Some(user.id),
                    Event::DeletionCancelled,
                    &meta,
                    json!({}),
                )?;
            }
            if let Some(hash) = &new_hash {
                diesel::update(users::table.find(user.id))
                    .set(users::password_hash.eq(hash))
                    .execute(conn)?;
            }
            diesel::update(users::table.find(user.id))
                .set(users::last_login_at.eq(Utc::now()))
                .execute(conn)?;
            audit::record(
                conn,
                Some(user.id),
                Event::SignIn,
                &meta,
                json!({ "rehashed": new_hash.is_some() }),
            )?;
            let (session_key, _) = sessions::create(conn, user.id, &meta, absolute)?;
            let current = sessions::resolve(conn, &session_key, idle)?
                .ok_or_else(|| Error::Internal("a new session did not resolve".into()))?;
            Ok(SignedIn {
                session_key,
                user: current,
            })
        })
        .await?;
        self.limiter
            .reset(SIGN_IN_FAILURES_PER_ACCOUNT, &subject)
            .await?;
        Ok(signed_in)
    }

    /// The signed-in user of a session key, if the session is valid.
    pub async fn current_user(&self, session_key: String) -> Result<Option<CurrentUser>, Error> {
        let idle = self.config.session_idle_timeout;
        run(&self.pool, move |conn| {
            Ok(sessions::resolve(conn, &session_key, idle)?)
        })
        .await
    }

    pub async fn sign_out(
        &self,
        session_key: String,
        user_id: UserId,
        meta: RequestMeta,
    ) -> Result<(), Error> {
        transact(&self.pool, move |conn| {
            sessions::end(conn, &session_key)?;
            audit::record(conn, Some(user_id), Event::SignOut, &meta, json!({}))?;
            Ok(())
        })
        .await
    }

    /// Confirms an address from the verification link. Returns the confirmed address.
    pub async fn verify_email(&self, token: &str, meta: RequestMeta) -> Result<String, Error> {
        let hash = tokens::hash(token);
        transact(&self.pool, move |conn| {
            let user_id = use_token(conn, TokenPurpose::Verify, &hash)?.0;
            let email: String = diesel::update(users::table.find(user_id))
                .set(users::email_verified_at.eq(Utc::now()))
                .returning(users::email)
                .get_result(conn)?;
            audit::record(conn, Some(user_id), Event::EmailVerified, &meta, json!({}))?;
            Ok(email)
        })
        .await
    }

    /// Sends a fresh verification link (voiding older ones) to a signed-in, unverified user.
    pub async fn resend_verification(&self, user: &CurrentUser) -> Result<(), Error> {
        if user.verified {
            return Ok(());
        }
        self.limiter
            .hit(VERIFY_PER_ACCOUNT, &user.id.to_string())
            .await?;
        let (token, token_hash) = tokens::generate();
        let rendered = email::render(
            EmailKind::VerifyEmail,
            json!({
                "name": user.display_name,
                "link": self.link("/verify-email", &token),
                "site_url": self.site_url(),
                "hours": VERIFY_TTL.as_secs() / 3600,
            }),
        );
        let (user_id, address) = (user.id, user.email.clone());
        transact(&self.pool, move |conn| {
            insert_token(
                conn,
                user_id,
                TokenPurpose::Verify,
                &token_hash,
                None,
                VERIFY_TTL,
            )?;
            email::enqueue(conn, Some(user_id), &address, &rendered)?;
            Ok(())
        })
        .await
    }

    /// Always answers the same for known and unknown addresses; only a per-IP limit shows.
    pub async fn request_password_reset(
        &self,
        raw_email: &str,
        meta: RequestMeta,
    ) -> Result<(), Error> {
        self.limiter
            .hit(RESET_PER_IP, &Self::ip_subject(&meta))
            .await?;
        let Ok(email) = Email::parse(raw_email) else {
            return Err(
                FormError::field("email", "Enter an email address like name@example.org.")
                    .with_value("email", raw_email)
                    .into(),
            );
        };
        // Over the per-account limit we quietly send nothing: the answer must not differ.
        if self
            .limiter
            .hit(RESET_PER_ACCOUNT, &subject_for(email.as_str()))
            .await
            .is_err()
        {
            return Ok(());
        }
        let (token, token_hash) = tokens::generate();
        let link = self.link("/reset-password", &token);
        let site_url = self.site_url();
        transact(&self.pool, move |conn| {
            let Some(user) = users::table
                .filter(users::email.eq(email.as_str()))
                .select(UserRow::as_select())
                .first(conn)
                .optional()?
            else {
                return Ok(());
            };
            insert_token(
                conn,
                user.id,
                TokenPurpose::Reset,
                &token_hash,
                None,
                RESET_TTL,
            )?;
            let rendered = email::render(
                EmailKind::PasswordReset,
                json!({
                    "name": user.display_name,
                    "link": link,
                    "site_url": site_url,
                    "minutes": RESET_TTL.as_secs() / 60,
                }),
            );
            email::enqueue(conn, Some(user.id), &user.email, &rendered)?;
            audit::record(
                conn,
                Some(user.id),
                Event::PasswordResetRequested,
                &meta,
                json!({}),
            )?;
            Ok(())
        })
        .await
    }

    /// Sets a new password from a reset link: every session ends, nobody is signed in, and the
    /// owner is told by email.
    pub async fn reset_password(
        &self,
        token: &str,
        new: &str,
        meta: RequestMeta,
    ) -> Result<(), Error> {
        let password = new_password("password", new)?;
        let hash = passwords::hash(password.expose().to_owned()).await;
        let token_hash = tokens::hash(token);
        let site_url = self.site_url();
        transact(&self.pool, move |conn| {
            let user_id = use_token(conn, TokenPurpose::Reset, &token_hash)?.0;
            let user = set_password(conn, user_id, &hash, None)?;
            // The reset link proved the address.
            diesel::update(
                users::table
                    .find(user_id)
                    .filter(users::email_verified_at.is_null()),
            )
            .set(users::email_verified_at.eq(Utc::now()))
            .execute(conn)?;
            notify_password_changed(conn, &user, &site_url)?;
            audit::record(conn, Some(user_id), Event::PasswordReset, &meta, json!({}))?;
            Ok(())
        })
        .await
    }

    /// Changes the password of a signed-in user (the current password is required). Other
    /// sessions end; the caller's session continues under a new key, which is returned.
    pub async fn change_password(
        &self,
        user: &CurrentUser,
        current: &str,
        new: &str,
        meta: RequestMeta,
    ) -> Result<String, Error> {
        let password = new_password("new_password", new)?;
        self.confirm_password(user.id, current, "current_password")
            .await?;
        let hash = passwords::hash(password.expose().to_owned()).await;
        let (user_id, session_id) = (user.id, user.session_id);
        let site_url = self.site_url();
        let absolute = self.config.session_absolute_timeout;
        transact(&self.pool, move |conn| {
            let user = set_password(conn, user_id, &hash, Some(session_id))?;
            // The session continues under a new key (the old one may have leaked).
            sessions::revoke(conn, user_id, session_id)?;
            let (key, _) = sessions::create(conn, user_id, &meta, absolute)?;
            notify_password_changed(conn, &user, &site_url)?;
            audit::record(
                conn,
                Some(user_id),
                Event::PasswordChanged,
                &meta,
                json!({}),
            )?;
            Ok(key)
        })
        .await
    }

    /// Checks a signed-in user's password before a sensitive change.
    async fn confirm_password(
        &self,
        user_id: UserId,
        password: &str,
        field: &str,
    ) -> Result<(), Error> {
        let stored: String = run(&self.pool, move |conn| {
            Ok(users::table
                .find(user_id)
                .select(users::password_hash)
                .first(conn)?)
        })
        .await?;
        match passwords::verify(password.to_owned(), Some(stored)).await {
            Verified::Yes { .. } => Ok(()),
            Verified::No => {
                Err(FormError::field(field, "That is not your current password.").into())
            }
        }
    }

    /// Starts an email change: the new address gets a confirmation link, the old one a notice.
    pub async fn request_email_change(
        &self,
        user: &CurrentUser,
        password: &str,
        raw_email: &str,
        meta: RequestMeta,
    ) -> Result<(), Error> {
        let email = Email::parse(raw_email).map_err(|message| {
            FormError::field("new_email", message).with_value("new_email", raw_email)
        })?;
        if email.as_str() == user.email {
            return Err(
                FormError::field("new_email", "That is already your address.")
                    .with_value("new_email", raw_email)
                    .into(),
            );
        }
        self.confirm_password(user.id, password, "password")
            .await
            .map_err(|err| match err {
                Error::Form(form) => Error::Form(form.with_value("new_email", raw_email)),
                other => other,
            })?;
        let (token, token_hash) = tokens::generate();
        let confirm = email::render(
            EmailKind::EmailChangeConfirm,
            json!({
                "name": user.display_name,
                "link": self.link("/confirm-email", &token),
                "site_url": self.site_url(),
                "hours": EMAIL_CHANGE_TTL.as_secs() / 3600,
            }),
        );
        let notice = email::render(
            EmailKind::EmailChangeNotice,
            json!({ "name": user.display_name, "new_email": email.as_str(), "site_url": self.site_url() }),
        );
        let (user_id, old_email) = (user.id, user.email.clone());
        transact(&self.pool, move |conn| {
            let taken: bool = diesel::select(diesel::dsl::exists(
                users::table.filter(users::email.eq(email.as_str())),
            ))
            .get_result(conn)?;
            if taken {
                return Err(Error::Form(
                    FormError::field("new_email", "Another account uses this address.")
                        .with_value("new_email", email.as_str()),
                ));
            }
            insert_token(
                conn,
                user_id,
                TokenPurpose::EmailChange,
                &token_hash,
                Some(email.as_str()),
                EMAIL_CHANGE_TTL,
            )?;
            email::enqueue(conn, Some(user_id), email.as_str(), &confirm)?;
            email::enqueue(conn, Some(user_id), &old_email, &notice)?;
            audit::record(
                conn,
                Some(user_id),
                Event::EmailChangeRequested,
                &meta,
                json!({}),
            )?;
            Ok(())
        })
        .await
    }

    /// Applies an email change from the link sent to the new address.
    pub async fn confirm_email_change(
        &self,
        token: &str,
        meta: RequestMeta,
    ) -> Result<String, Error> {
        let hash = tokens::hash(token);
        transact(&self.pool, move |conn| {
            let (user_id, new_email) = use_token(conn, TokenPurpose::EmailChange, &hash)?;
            let new_email = new_email
                .ok_or_else(|| Error::Internal("email-change token without address".into()))?;
            let updated = diesel::update(users::table.find(user_id))
                .set((
                    users::email.eq(&new_email),
                    users::email_verified_at.eq(Utc::now()),
                ))
                .execute(conn);
            match updated {
                Ok(_) => {}
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {
                    return Err(Error::Form(FormError::message(
                        "Another account took this address in the meantime.",
                    )));
                }
                Err(err) => return Err(err.into()),
            }
            audit::record(conn, Some(user_id), Event::EmailChanged, &meta, json!({}))?;
            Ok(new_email)
        })
        .await
    }

    /// Disables the account at once, ends every session, and schedules erasure after the grace
    /// period (the retention job erases it; signing in before then cancels).
    pub async fn request_deletion(
        &self,
        user: &CurrentUser,
        password: &str,
        meta: RequestMeta,
    ) -> Result<(), Error> {
        self.confirm_password(user.id, password, "password").await?;
        let erase_on =
            Utc::now() + chrono::Duration::from_std(self.config.deletion_grace).unwrap_or_default();
        let rendered = email::render(
            EmailKind::DeletionRequested,
            json!({
                "name": user.display_name,
                "erase_on": erase_on.format("%Y-%m-%d %H:%M").to_string(),
                "site_url": self.site_url(),
            }),
        );
        let (user_id, address) = (user.id, user.email.clone());
        transact(&self.pool, move |conn| {
            let now = Utc::now();
            diesel::update(users::table.find(user_id))
                .set((
                    users::disabled_at.eq(now),
                    users::deletion_requested_at.eq(now),
                ))
                .execute(conn)?;
            sessions::revoke_all_except(conn, user_id, None)?;
            email::enqueue(conn, Some(user_id), &address, &rendered)?;
            audit::record(
                conn,
                Some(user_id),
                Event::DeletionRequested,
                &meta,
                json!({}),
            )?;
            Ok(())
        })
        .await
    }

    pub async fn list_sessions(&self, user: &CurrentUser) -> Result<Vec<SessionSummary>, Error> {
        let (user_id, current) = (user.id, user.session_id);
        run(&self.pool, move |conn| {
            Ok(sessions::list(conn, user_id, current)?)
        })
        .await
    }

    /// Ends one of the user's own sessions. Someone else's session id is "not found".
    pub async fn revoke_session(
        &self,
        user: &CurrentUser,
        session_id: SessionId,
        meta: RequestMeta,
    ) -> Result<bool, Error> {
        let user_id = user.id;
        transact(&self.pool, move |conn| {
            let revoked = sessions::revoke(conn, user_id, session_id)?;
            if revoked {
                audit::record(
                    conn,
                    Some(user_id),
                    Event::SessionRevoked,
                    &meta,
                    json!({ "session": session_id }),
                )?;
            }
            Ok(revoked)
        })
        .await
    }

    pub async fn revoke_other_sessions(
        &self,
        user: &CurrentUser,
        meta: RequestMeta,
    ) -> Result<usize, Error> {
        let (user_id, keep) = (user.id, user.session_id);
        transact(&self.pool, move |conn| {
            let revoked = sessions::revoke_all_except(conn, user_id, Some(keep))?;
            audit::record(
                conn,
                Some(user_id),
                Event::OtherSessionsRevoked,
                &meta,
                json!({ "count": revoked }),
            )?;
            Ok(revoked)
        })
        .await
    }
}

/// Creates an invite (for `REGISTRATION=invite`) and returns its token, which goes into the link
/// `PUBLIC_URL/signup?invite=TOKEN`. With `email`, only that address may use it.
pub fn create_invite(
    conn: &mut PgConnection,
    email: Option<&Email>,
    ttl: Duration,
) -> QueryResult<String> {
    let (token, token_hash) = tokens::generate();
    let now = Utc::now();
    diesel::insert_into(invites::table)
        .values((
            invites::id.eq(Uuid::now_v7()),
            invites::token_hash.eq(token_hash),
            invites::email.eq(email.map(Email::as_str)),
            invites::created_at.eq(now),
            invites::expires_at.eq(now + ttl),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Stores a token's hash, voiding the user's older unused tokens of the same purpose.
fn insert_token(
    conn: &mut PgConnection,
    user_id: UserId,
    purpose: TokenPurpose,
    token_hash: &[u8],
    new_email: Option<&str>,
    ttl: Duration,
) -> QueryResult<()> {
    void_tokens(conn, user_id, &[purpose])?;
    let now = Utc::now();
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::id.eq(Uuid::now_v7()),
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose),
            email_tokens::token_hash.eq(token_hash),
            email_tokens::new_email.eq(new_email),
            email_tokens::created_at.eq(now),
            email_tokens::expires_at.eq(now + ttl),
        ))
        .execute(conn)
        .map(drop)
}

fn void_tokens(
    conn: &mut PgConnection,
    user_id: UserId,
    purposes: &[TokenPurpose],
) -> QueryResult<usize> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq_any(purposes))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Utc::now()))
    .execute(conn)
}

/// Marks a valid token used (once only) and returns its user and, for email changes, the address.
fn use_token(
    conn: &mut PgConnection,
    purpose: TokenPurpose,
    token_hash: &[u8],
) -> Result<(UserId, Option<String>), Error> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::token_hash.eq(token_hash))
            .filter(email_tokens::purpose.eq(purpose))
            .filter(email_tokens::used_at.is_null())
            .filter(email_tokens::expires_at.gt(diesel::dsl::now)),
    )
    .set(email_tokens::used_at.eq(Utc::now()))
    .returning((email_tokens::user_id, email_tokens::new_email))
    .get_result(conn)
    .optional()?
    .ok_or_else(|| {
        Error::Form(FormError::message(
            "This link is not valid any more: it was used, replaced by a newer one, or expired. Ask for a new one.",
        ))
    })
}

/// Stores a new password hash; voids pending reset and email-change links and the calendar feed
/// address, and ends every session but `keep`.
fn set_password(
    conn: &mut PgConnection,
    user_id: UserId,
    hash: &str,
    keep: Option<SessionId>,
) -> Result<UserRow, Error> {
    let user = diesel::update(users::table.find(user_id))
        .set(users::password_hash.eq(hash))
        .returning(UserRow::as_returning())
        .get_result(conn)?;
    void_tokens(
        conn,
        user_id,
        &[TokenPurpose::Reset, TokenPurpose::EmailChange],
    )?;
    sessions::revoke_all_except(conn, user_id, keep)?;
    crate::tracker::notifications::revoke_calendar_feed(conn, user_id)?;
    Ok(user)
}

fn notify_password_changed(
    conn: &mut PgConnection,
    user: &UserRow,
    site_url: &str,
) -> QueryResult<()> {
    let rendered = email::render(
        EmailKind::PasswordChanged,
        json!({
            "name": user.display_name,
            "when": Utc::now().format("%Y-%m-%d %H:%M").to_string(),
            "site_url": site_url,
        }),
    );
    email::enqueue(conn, Some(user.id), &user.email, &rendered).map(drop)
}
