//! What a signed-in person changes about their account: the address, deletion, sessions.

use super::*;

impl Accounts {
    /// Starts an email change: the new address gets a confirmation link, the old one a notice.
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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
    #[tracing::instrument(skip_all)]
    pub async fn confirm_email_change(
        &self,
        token: &str,
        meta: RequestMeta,
    ) -> Result<String, Error> {
        let hash = tokens::hash(token);
        transact(&self.pool, move |conn| {
            let (user_id, new_email) = use_token(conn, TokenPurpose::EmailChange, &hash)?;
            let new_email =
                new_email.ok_or_else(|| Error::broken("email-change token without address"))?;
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
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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

    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
    pub async fn list_sessions(&self, user: &CurrentUser) -> Result<Vec<SessionSummary>, Error> {
        let (user_id, current) = (user.id, user.session_id);
        run(&self.pool, move |conn| {
            Ok(sessions::list(conn, user_id, current)?)
        })
        .await
    }

    /// Ends one of the user's own sessions. Someone else's session id is "not found".
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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

    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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
