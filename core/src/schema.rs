// @generated automatically by Diesel CLI.

diesel::table! {
    audit_log (id) {
        id -> Uuid,
        occurred_at -> Timestamptz,
        actor_user_id -> Nullable<Uuid>,
        event -> Text,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        detail -> Jsonb,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Uuid,
        user_id -> Nullable<Uuid>,
        to_address -> Text,
        kind -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        status -> Text,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        purpose -> Text,
        token_hash -> Bytea,
        new_email -> Nullable<Text>,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    invites (id) {
        id -> Uuid,
        token_hash -> Bytea,
        created_by -> Nullable<Uuid>,
        email -> Nullable<Text>,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        used_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    user_sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        key_hash -> Bytea,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        email_verified_at -> Nullable<Timestamptz>,
        locale -> Text,
        timezone -> Text,
        disabled_at -> Nullable<Timestamptz>,
        deletion_requested_at -> Nullable<Timestamptz>,
        last_login_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(email_outbox -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(user_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    email_outbox,
    email_tokens,
    invites,
    user_sessions,
    users,
);
