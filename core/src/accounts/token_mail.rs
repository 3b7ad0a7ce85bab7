//! The single-use email tokens behind verification, reset and email change, invites, and the
//! password write every path shares.

use super::*;

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
pub(super) fn insert_token(
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

pub(super) fn void_tokens(
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
pub(super) fn use_token(
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
pub(super) fn set_password(
    conn: &mut PgConnection,
    user_id: UserId,
    hash: &str,
    keep: Option<SessionId>,
) -> Result<User, Error> {
    let user = diesel::update(users::table.find(user_id))
        .set(users::password_hash.eq(hash))
        .returning(User::as_returning())
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

pub(super) fn notify_password_changed(
    conn: &mut PgConnection,
    user: &User,
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
