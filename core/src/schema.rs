// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, Clone, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    account_changes (user_id, backend_pid) {
        user_id -> Uuid,
        backend_pid -> Int4,
        changes -> Int8,
    }
}

diesel::table! {
    application_contacts (application_id, contact_id) {
        application_id -> Uuid,
        contact_id -> Uuid,
        user_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    application_events (id) {
        id -> Uuid,
        application_id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        body -> Nullable<Text>,
        actor_user_id -> Nullable<Uuid>,
        occurred_at -> Timestamptz,
    }
}

diesel::table! {
    applications (id) {
        id -> Uuid,
        user_id -> Uuid,
        company -> Text,
        role_title -> Text,
        job_url -> Nullable<Text>,
        location -> Nullable<Text>,
        work_arrangement -> Nullable<Text>,
        salary_min -> Nullable<Int4>,
        salary_max -> Nullable<Int4>,
        salary_currency -> Nullable<Text>,
        source -> Nullable<Text>,
        notes -> Nullable<Text>,
        status -> Text,
        status_changed_at -> Timestamptz,
        applied_on -> Nullable<Date>,
        follow_up_on -> Nullable<Date>,
        cv_version_id -> Nullable<Uuid>,
        cover_letter_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        job_posting_id -> Nullable<Uuid>,
    }
}

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
    calendar_feeds (user_id) {
        user_id -> Uuid,
        created_at -> Timestamptz,
        token_hash -> Bytea,
    }
}

diesel::table! {
    companies (id) {
        id -> Uuid,
        name -> Text,
        name_key -> Text,
        domain -> Nullable<Text>,
        website -> Nullable<Text>,
        industry -> Nullable<Text>,
        size -> Nullable<Text>,
        location -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    contact_interactions (id) {
        id -> Uuid,
        contact_id -> Uuid,
        user_id -> Uuid,
        occurred_on -> Date,
        channel -> Text,
        summary -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    contacts (id) {
        id -> Uuid,
        user_id -> Uuid,
        full_name -> Text,
        company -> Nullable<Text>,
        role_title -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        profile_url -> Nullable<Text>,
        relationship -> Text,
        notes -> Nullable<Text>,
        next_follow_up_on -> Nullable<Date>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    cron_job_runs (id) {
        id -> Uuid,
        job_name -> Text,
        trigger -> Text,
        scheduled_for -> Timestamptz,
        status -> Text,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        message -> Nullable<Text>,
        instance -> Nullable<Text>,
    }
}

diesel::table! {
    cron_jobs (name) {
        name -> Text,
        schedule -> Text,
        command -> Text,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    cv_version_entries (cv_version_id, entry_id) {
        cv_version_id -> Uuid,
        entry_id -> Uuid,
        user_id -> Uuid,
        highlights -> Nullable<Array<Text>>,
    }
}

diesel::table! {
    cv_version_skills (cv_version_id, skill_id) {
        cv_version_id -> Uuid,
        skill_id -> Uuid,
        user_id -> Uuid,
        highlighted -> Bool,
    }
}

diesel::table! {
    cv_versions (id) {
        id -> Uuid,
        user_id -> Uuid,
        name -> Text,
        template -> Text,
        page_size -> Nullable<Text>,
        headline -> Nullable<Text>,
        summary -> Nullable<Text>,
        sections -> Array<Text>,
        show_skills -> Bool,
        tailored_for -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        inputs_digest -> Nullable<Bytea>,
    }
}

diesel::table! {
    development_activities (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        title -> Text,
        provider -> Nullable<Text>,
        status -> Text,
        started_on -> Nullable<Date>,
        completed_on -> Nullable<Date>,
        skills -> Array<Text>,
        url -> Nullable<Text>,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    digest_deliveries (user_id, local_date) {
        user_id -> Uuid,
        local_date -> Date,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    document_renders (user_id, content_hash) {
        user_id -> Uuid,
        content_hash -> Bytea,
        format -> Text,
        body -> Bytea,
        created_at -> Timestamptz,
        last_used_at -> Timestamptz,
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
        unsubscribe_url -> Nullable<Text>,
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
    erasure_requests (id) {
        id -> Uuid,
        user_id -> Uuid,
        requested_by -> Text,
        status -> Text,
        rows_deleted -> Int8,
        requested_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    interviews (id) {
        id -> Uuid,
        application_id -> Uuid,
        user_id -> Uuid,
        scheduled_at -> Timestamptz,
        duration_minutes -> Int4,
        kind -> Text,
        location -> Nullable<Text>,
        meeting_url -> Nullable<Text>,
        interviewers -> Nullable<Text>,
        outcome -> Text,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
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
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    job_postings (id) {
        id -> Uuid,
        company_id -> Uuid,
        company_name -> Text,
        owner_id -> Nullable<Uuid>,
        source_id -> Nullable<Uuid>,
        external_id -> Nullable<Text>,
        title -> Text,
        locations -> Array<Text>,
        workplace -> Nullable<Text>,
        employment_type -> Nullable<Text>,
        salary_min -> Nullable<Int4>,
        salary_max -> Nullable<Int4>,
        salary_currency -> Nullable<Text>,
        salary_interval -> Nullable<Text>,
        description_html -> Text,
        description_text -> Text,
        required_skills -> Array<Text>,
        preferred_skills -> Array<Text>,
        url -> Nullable<Text>,
        posted_at -> Nullable<Timestamptz>,
        valid_through -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        content_hash -> Bytea,
        first_seen_at -> Timestamptz,
        updated_at -> Timestamptz,
        listed_at -> Timestamptz,
        search -> Tsvector,
        years_asked -> Nullable<Int2>,
    }
}

diesel::table! {
    job_postings_generation (backend_pid) {
        backend_pid -> Int4,
        changes -> Int8,
    }
}

diesel::table! {
    job_sources (id) {
        id -> Uuid,
        kind -> Text,
        locator -> Text,
        company_name -> Nullable<Text>,
        active -> Bool,
        etag -> Nullable<Text>,
        last_modified -> Nullable<Text>,
        last_run_at -> Nullable<Timestamptz>,
        last_status -> Nullable<Text>,
        last_error -> Nullable<Text>,
        added_count -> Int4,
        updated_count -> Int4,
        closed_count -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    letter_templates (id) {
        id -> Uuid,
        user_id -> Nullable<Uuid>,
        name -> Text,
        body -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    letter_versions (letter_id, number) {
        letter_id -> Uuid,
        user_id -> Uuid,
        number -> Int4,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    letters (id) {
        id -> Uuid,
        user_id -> Uuid,
        title -> Text,
        application_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    notification_preferences (user_id) {
        user_id -> Uuid,
        digest_email -> Bool,
        digest_hour -> Int2,
        in_app -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    notifications (id) {
        id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Nullable<Text>,
        created_at -> Timestamptz,
        read_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    platform_daily_stats (day) {
        day -> Date,
        users_total -> Int4,
        users_new -> Int4,
        users_active -> Int4,
        applications_added -> Int4,
        status_changes -> Int4,
        interviews -> Int4,
        emails_sent -> Int4,
        computed_at -> Timestamptz,
    }
}

diesel::table! {
    profile_entries (id) {
        id -> Uuid,
        user_id -> Uuid,
        section -> Text,
        position -> Int4,
        visible -> Bool,
        title -> Text,
        organisation -> Nullable<Text>,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        details -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    profile_skills (id) {
        id -> Uuid,
        user_id -> Uuid,
        skill_key -> Text,
        name -> Text,
        category -> Text,
        level -> Nullable<Int2>,
        years -> Nullable<Int2>,
        is_primary -> Bool,
        position -> Int4,
        visible -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    profile_slug_redirects (old_slug) {
        old_slug -> Text,
        user_id -> Uuid,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    profiles (user_id) {
        user_id -> Uuid,
        slug -> Text,
        visibility -> Text,
        link_key_hash -> Nullable<Bytea>,
        headline -> Nullable<Text>,
        summary -> Nullable<Text>,
        location -> Nullable<Text>,
        email_shown -> Bool,
        phone -> Nullable<Text>,
        website_url -> Nullable<Text>,
        linkedin_url -> Nullable<Text>,
        github_url -> Nullable<Text>,
        target_roles -> Array<Text>,
        salary_min -> Nullable<Int4>,
        salary_max -> Nullable<Int4>,
        salary_currency -> Nullable<Text>,
        work_arrangement -> Nullable<Text>,
        willing_to_relocate -> Bool,
        notice_weeks -> Nullable<Int2>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    saved_jobs (user_id, job_posting_id) {
        user_id -> Uuid,
        job_posting_id -> Uuid,
        note -> Nullable<Text>,
        saved_at -> Timestamptz,
    }
}

diesel::table! {
    saved_searches (id) {
        id -> Uuid,
        user_id -> Uuid,
        name -> Text,
        query -> Text,
        frequency -> Text,
        alerted_until -> Timestamptz,
        next_alert_at -> Nullable<Timestamptz>,
        last_alert_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sent_documents (id) {
        id -> Uuid,
        application_id -> Uuid,
        user_id -> Uuid,
        kind -> Text,
        cv_version_id -> Nullable<Uuid>,
        letter_id -> Nullable<Uuid>,
        name -> Text,
        content -> Jsonb,
        sent_at -> Timestamptz,
    }
}

diesel::table! {
    unsubscribe_links (token) {
        token -> Text,
        user_id -> Uuid,
        list -> Text,
        created_at -> Timestamptz,
        saved_search_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    user_daily_stats (user_id, day) {
        user_id -> Uuid,
        day -> Date,
        applications_added -> Int4,
        applications_sent -> Int4,
        responses -> Int4,
        status_changes -> Int4,
        interviews -> Int4,
        offers -> Int4,
        computed_at -> Timestamptz,
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

diesel::joinable!(application_events -> users (actor_user_id));
diesel::joinable!(applications -> job_postings (job_posting_id));
diesel::joinable!(applications -> users (user_id));
diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(calendar_feeds -> users (user_id));
diesel::joinable!(contacts -> users (user_id));
diesel::joinable!(cron_job_runs -> cron_jobs (job_name));
diesel::joinable!(cv_versions -> users (user_id));
diesel::joinable!(development_activities -> users (user_id));
diesel::joinable!(digest_deliveries -> users (user_id));
diesel::joinable!(document_renders -> users (user_id));
diesel::joinable!(email_outbox -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(job_postings -> companies (company_id));
diesel::joinable!(job_postings -> job_sources (source_id));
diesel::joinable!(job_postings -> users (owner_id));
diesel::joinable!(letter_templates -> users (user_id));
diesel::joinable!(letters -> users (user_id));
diesel::joinable!(notification_preferences -> users (user_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(profile_entries -> profiles (user_id));
diesel::joinable!(profile_skills -> profiles (user_id));
diesel::joinable!(profile_slug_redirects -> profiles (user_id));
diesel::joinable!(profiles -> users (user_id));
diesel::joinable!(saved_jobs -> job_postings (job_posting_id));
diesel::joinable!(saved_jobs -> users (user_id));
diesel::joinable!(saved_searches -> users (user_id));
diesel::joinable!(unsubscribe_links -> saved_searches (saved_search_id));
diesel::joinable!(unsubscribe_links -> users (user_id));
diesel::joinable!(user_daily_stats -> users (user_id));
diesel::joinable!(user_sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    account_changes,
    application_contacts,
    application_events,
    applications,
    audit_log,
    calendar_feeds,
    companies,
    contact_interactions,
    contacts,
    cron_job_runs,
    cron_jobs,
    cv_version_entries,
    cv_version_skills,
    cv_versions,
    development_activities,
    digest_deliveries,
    document_renders,
    email_outbox,
    email_tokens,
    erasure_requests,
    interviews,
    invites,
    job_postings,
    job_postings_generation,
    job_sources,
    letter_templates,
    letter_versions,
    letters,
    notification_preferences,
    notifications,
    platform_daily_stats,
    profile_entries,
    profile_skills,
    profile_slug_redirects,
    profiles,
    saved_jobs,
    saved_searches,
    sent_documents,
    unsubscribe_links,
    user_daily_stats,
    user_sessions,
    users,
);
