//! Forgotten and changed passwords.

use super::*;

impl Accounts {
    /// Always answers the same for known and unknown addresses; only a per-IP limit shows.
    #[tracing::instrument(skip_all)]
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
                .select(User::as_select())
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
    #[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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
    pub(super) async fn confirm_password(
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
}
