//! Signing up, in and out, and proving an address is yours.

use super::*;
use models::NewUser;

impl Accounts {
    #[tracing::instrument(skip_all)]
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
                .values(NewUser {
                    id,
                    email: email.as_str(),
                    password_hash: &hash,
                    display_name: name.as_str(),
                    email_verified_at: None,
                    timezone: None,
                    last_login_at: Some(Utc::now()),
                })
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

    #[tracing::instrument(skip_all)]
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
                        .select(User::as_select())
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
            let (current, _) = sessions::resolve(conn, &session_key, idle)?
                .ok_or_else(|| Error::broken("a new session did not resolve"))?;
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

    /// The signed-in user of a session key, if the session is valid, and how often anything they
    /// own has changed.
    #[tracing::instrument(skip_all)]
    pub async fn current_user(
        &self,
        session_key: String,
    ) -> Result<Option<(CurrentUser, ChangeCount)>, Error> {
        let idle = self.config.session_idle_timeout;
        run(&self.pool, move |conn| {
            Ok(sessions::resolve(conn, &session_key, idle)?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user_id = %user_id))]
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
    #[tracing::instrument(skip_all)]
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
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
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
}
