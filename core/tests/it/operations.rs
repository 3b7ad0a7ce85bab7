//! Operations against a real database: GDPR erasure, retention, analytics rollups, backups and
//! scheduled-job runs.

use std::collections::BTreeMap;
use std::sync::Arc;

use careerhub_core::config::Config;
use careerhub_core::cron::jobs::{JobCommand, JobContext};
use careerhub_core::cron::{self, RunOutcome, Trigger};
use careerhub_core::db;
use careerhub_core::mail::Mailer;
use careerhub_core::ops::gdpr::{self, EraseOptions, EraseOutcome, ErasureRequester};
use careerhub_core::ops::{analytics, backup, retention};
use careerhub_core::seed::{SeedOptions, seed_demo};
use careerhub_core::testing::TestDb;
use careerhub_domain::ids::UserId;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use uuid::Uuid;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    table_name: String,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn config_for(db: &TestDb, backup_dir: &std::path::Path) -> Config {
    let url = db.url.clone();
    let dir = backup_dir.display().to_string();
    Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "BACKUP_DIR" => Some(dir.clone()),
        "DATA_DIR" => Some(dir.clone()),
        _ => None,
    })
    .unwrap()
}

/// One demo account with tracker data, plus a row of it in every other table that can hold one.
pub fn user_with_everything(conn: &mut PgConnection, prefix: &str) -> (UserId, String) {
    let options = SeedOptions {
        users: 1,
        applications: 25,
        contacts: 6,
        activities: 3,
        email_prefix: prefix.into(),
        email_domain: "example.org".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA".into(),
        seed: 7,
    };
    let report = seed_demo(conn, &options, Utc::now(), |_| {}).unwrap();
    let email = report.users[0].clone();
    let id: UserId = careerhub_core::ops::gdpr::find_user(conn, &email)
        .unwrap()
        .unwrap();
    let statements = [
        "INSERT INTO user_sessions (id, user_id, key_hash, ip, user_agent, expires_at) \
         VALUES (gen_random_uuid(), $1, sha256(gen_random_uuid()::text::bytea), '203.0.113.9', 'Firefox', now() + interval '1 day')",
        "INSERT INTO email_tokens (id, user_id, purpose, token_hash, expires_at) \
         VALUES (gen_random_uuid(), $1, 'reset', sha256(gen_random_uuid()::text::bytea), now() + interval '1 hour')",
        "INSERT INTO email_outbox (id, user_id, to_address, kind, subject, text_body, html_body) \
         SELECT gen_random_uuid(), $1, email, 'daily_digest', 'Your day', 'Hello ' || display_name, '<p>Hello</p>' FROM users WHERE id = $1",
        "INSERT INTO email_outbox (id, user_id, to_address, kind, subject, text_body, html_body, status, sent_at) \
         SELECT gen_random_uuid(), $1, email, 'verify_email', 'Verify', 'Hello', '<p>Hello</p>', 'sent', now() FROM users WHERE id = $1",
        "INSERT INTO notifications (id, user_id, kind, title) VALUES (gen_random_uuid(), $1, 'daily_digest', 'Your day')",
        "INSERT INTO letter_templates (id, user_id, name, body) VALUES (gen_random_uuid(), $1, 'Mine', 'Dear {{hiring_manager}}')",
        "INSERT INTO notification_preferences (user_id, digest_hour) VALUES ($1, 7)",
        "INSERT INTO digest_deliveries (user_id, local_date) VALUES ($1, current_date)",
        "INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, sha256(gen_random_uuid()::text::bytea))",
        "INSERT INTO audit_log (id, actor_user_id, event, ip, user_agent, detail) \
         VALUES (gen_random_uuid(), $1, 'account.sign_in', '203.0.113.9', 'Firefox', '{\"rehashed\": false}')",
        "INSERT INTO audit_log (id, event, detail) \
         VALUES (gen_random_uuid(), 'admin.account_disabled', jsonb_build_object('user', $1))",
        "INSERT INTO invites (id, token_hash, created_by, email, expires_at) \
         SELECT gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), $1, email, now() + interval '1 day' FROM users WHERE id = $1",
        "INSERT INTO user_daily_stats (user_id, day, applications_added) VALUES ($1, current_date - 1, 3)",
        "INSERT INTO email_tokens (id, user_id, purpose, token_hash, new_email, expires_at) \
         VALUES (gen_random_uuid(), $1, 'email_change', sha256(gen_random_uuid()::text::bytea), 'moving-to@example.net', now() + interval '1 hour')",
        "INSERT INTO invites (id, token_hash, email, expires_at, used_at, used_by) \
         VALUES (gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), 'invited-by-someone@example.net', now() + interval '1 day', now(), $1)",
        "INSERT INTO profile_slug_redirects (old_slug, user_id, expires_at) \
         VALUES ('old-' || substr(md5($1::text), 1, 12), $1, now() + interval '1 day')",
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Own Co', 'own co') \
         ON CONFLICT (name_key) DO NOTHING",
        "INSERT INTO job_postings (id, company_id, company_name, owner_id, title, description_text, content_hash) \
         SELECT gen_random_uuid(), id, name, $1, 'A posting I pasted', 'Rust', '\\x00' FROM companies WHERE name_key = 'own co'",
        "INSERT INTO application_contacts (application_id, contact_id, user_id) \
         SELECT a.id, c.id, $1 FROM applications a, contacts c WHERE a.user_id = $1 AND c.user_id = $1 \
         ORDER BY a.id, c.id LIMIT 3 ON CONFLICT DO NOTHING",
    ];
    for sql in statements {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(id)
            .execute(conn)
            .unwrap_or_else(|err| panic!("{sql}: {err}"));
    }
    (id, email)
}

/// Rows in any column that refers to a user (a foreign key to users, or a *user_id/used_by/
/// created_by column) holding `id`, by table.column; plus tables whose text mentions `email`.
/// erasure_requests is left out on purpose: its bare id is the erased list (checked separately).
fn traces_of(conn: &mut PgConnection, id: UserId, email: &str) -> BTreeMap<String, i64> {
    let columns: Vec<(String, String)> = crate::areas::user_columns(conn)
        .into_iter()
        .filter(|(table, _)| table != "erasure_requests")
        .collect();
    assert!(
        columns.len() >= 15,
        "the walk found the user columns: {}",
        columns.len()
    );
    let mut found = BTreeMap::new();
    for (table, column) in columns {
        let n = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {table} WHERE {column} = $1"
        ))
        .bind::<SqlUuid, _>(id)
        .get_result::<Count>(conn)
        .unwrap()
        .n;
        if n > 0 {
            found.insert(format!("{table}.{column}"), n);
        }
    }
    let tables: Vec<Table> = diesel::sql_query(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .load(conn)
    .unwrap();
    for table in tables {
        let n = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {} t WHERE t::text ILIKE '%' || $1 || '%'",
            table.table_name
        ))
        .bind::<Text, _>(email)
        .get_result::<Count>(conn)
        .unwrap()
        .n;
        if n > 0 {
            found.insert(format!("{} (mentions the address)", table.table_name), n);
        }
        // The id inside text or JSON (an operator's audit entry about the account).
        if table.table_name != "erasure_requests" {
            let n = diesel::sql_query(format!(
                "SELECT count(*) AS n FROM {} t WHERE t::text LIKE '%' || $1::text || '%'",
                table.table_name
            ))
            .bind::<SqlUuid, _>(id)
            .get_result::<Count>(conn)
            .unwrap()
            .n;
            if n > 0 {
                found.insert(format!("{} (mentions the id)", table.table_name), n);
            }
        }
    }
    found
}

#[test]
fn erasure_leaves_no_trace_survives_a_crash_and_runs_once() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let (id, email) = user_with_everything(&mut conn, "erase-me");
    let (other, other_email) = user_with_everything(&mut conn, "keep-me");
    let before = traces_of(&mut conn, id, &email);
    for table in [
        "applications.user_id",
        "application_events.user_id",
        "interviews.user_id",
        "contacts.user_id",
        "contact_interactions.user_id",
        "development_activities.user_id",
        "user_sessions.user_id",
        "email_tokens.user_id",
        "email_outbox.user_id",
        "notifications.user_id",
        "notification_preferences.user_id",
        "digest_deliveries.user_id",
        "calendar_feeds.user_id",
        "user_daily_stats.user_id",
        "audit_log.actor_user_id",
        "audit_log (mentions the id)",
        "invites.created_by",
        "invites.used_by",
    ] {
        assert!(
            before.contains_key(table),
            "the test user has no row in {table}: {before:?}"
        );
    }
    let other_before = traces_of(&mut conn, other, &other_email);

    // Crash half-way: a few small batches, then the process "dies".
    let dir = tempdir();
    let list = dir.join("erased-accounts.txt");
    let crashing = EraseOptions {
        batch: 5,
        stop_after_batches: Some(4),
        erased_list: Some(list.clone()),
    };
    let outcome =
        gdpr::erase(&mut conn, id, ErasureRequester::Operator, &crashing, |_| {}).unwrap();
    assert!(
        matches!(outcome, EraseOutcome::Interrupted { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM erasure_requests WHERE status = 'pending'"
        ),
        1
    );
    // Already unreachable: disabled, no session, no queued mail.
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM users WHERE id = '{id}' AND disabled_at IS NOT NULL"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM user_sessions WHERE user_id = '{id}'")
        ),
        0
    );

    // The rerun finishes the job.
    let options = EraseOptions {
        batch: 7,
        stop_after_batches: None,
        erased_list: Some(list.clone()),
    };
    let outcome = gdpr::erase(&mut conn, id, ErasureRequester::Operator, &options, |_| {}).unwrap();
    let EraseOutcome::Erased { request, rows } = outcome else {
        panic!("not erased: {outcome:?}");
    };
    assert!(rows > 30, "{rows}");
    assert_eq!(
        traces_of(&mut conn, id, &email),
        BTreeMap::new(),
        "traces left"
    );
    // Only the erasure request keeps the bare id: it is the list a restore applies again.
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM erasure_requests WHERE user_id = '{id}' AND status = 'done'"
            )
        ),
        1
    );
    assert_eq!(gdpr::read_erased_list(&list).unwrap(), vec![id]);
    // The audit trail keeps the event, anonymised, and one entry for the erasure itself.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM audit_log WHERE event = 'account.sign_in' AND actor_user_id IS NULL AND ip IS NULL"
        ),
        1
    );
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM audit_log WHERE event = 'gdpr.erased' AND actor_user_id IS NULL AND detail->>'request' = '{request}'"
            )
        ),
        1
    );
    // A second run changes nothing.
    let again = gdpr::erase(&mut conn, id, ErasureRequester::Operator, &options, |_| {}).unwrap();
    assert_eq!(again, EraseOutcome::AlreadyErased { request });
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM audit_log WHERE event = 'gdpr.erased'"
        ),
        1
    );
    assert_eq!(gdpr::read_erased_list(&list).unwrap(), vec![id]);
    // The other account is untouched.
    assert_eq!(traces_of(&mut conn, other, &other_email), other_before);
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("careerhub-ops-{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_removes_only_what_is_past_each_policy_and_reruns_safely() {
    let db = TestDb::create().await;
    let mut conn = db.connect();
    let (id, _) = user_with_everything(&mut conn, "kept");
    let (leaving, _) = user_with_everything(&mut conn, "leaving");
    // For each policy one row just past its limit and one just inside it (defaults below).
    let old_and_new = [
        "INSERT INTO email_tokens (id, user_id, purpose, token_hash, expires_at, used_at, created_at) VALUES \
           (gen_random_uuid(), $1, 'verify', sha256('a'::bytea), now() - interval '8 days', now() - interval '8 days', now() - interval '9 days'), \
           (gen_random_uuid(), $1, 'verify', sha256('b'::bytea), now() - interval '6 days', now() - interval '6 days', now() - interval '7 days')",
        "INSERT INTO notifications (id, user_id, kind, title, read_at) VALUES \
           (gen_random_uuid(), $1, 'x', 'old', now() - interval '91 days'), (gen_random_uuid(), $1, 'x', 'recent', now() - interval '89 days')",
        "INSERT INTO email_outbox (id, user_id, to_address, kind, subject, text_body, html_body, status, sent_at) VALUES \
           (gen_random_uuid(), $1, 'a@example.org', 'x', 's', 't', 'h', 'sent', now() - interval '31 days'), \
           (gen_random_uuid(), $1, 'a@example.org', 'x', 's', 't', 'h', 'sent', now() - interval '29 days')",
        "INSERT INTO email_outbox (id, user_id, to_address, kind, subject, text_body, html_body, status, created_at) VALUES \
           (gen_random_uuid(), $1, 'a@example.org', 'x', 's', 't', 'h', 'dead', now() - interval '91 days'), \
           (gen_random_uuid(), $1, 'a@example.org', 'x', 's', 't', 'h', 'dead', now() - interval '89 days')",
        "INSERT INTO cron_job_runs (id, job_name, trigger, scheduled_for, status, started_at, finished_at) VALUES \
           (gen_random_uuid(), 'backup', 'manual', now() - interval '31 days', 'succeeded', now() - interval '31 days', now() - interval '31 days'), \
           (gen_random_uuid(), 'backup', 'manual', now() - interval '29 days', 'succeeded', now() - interval '29 days', now() - interval '29 days')",
        "INSERT INTO audit_log (id, actor_user_id, event, occurred_at) VALUES \
           (gen_random_uuid(), $1, 'account.sign_in', now() - interval '366 days'), (gen_random_uuid(), $1, 'account.sign_in', now() - interval '364 days')",
        "INSERT INTO digest_deliveries (user_id, local_date) VALUES ($1, current_date - 8), ($1, current_date - 6)",
        "INSERT INTO user_sessions (id, user_id, key_hash, created_at, expires_at) VALUES \
           (gen_random_uuid(), $1, sha256('s1'::bytea), now() - interval '2 days', now() - interval '1 hour'), \
           (gen_random_uuid(), $1, sha256('s2'::bytea), now() - interval '1 hour', now() + interval '1 hour')",
    ];
    for sql in old_and_new {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(id)
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    // Feed postings closed 181 days ago: one nobody kept (goes), one an application points at,
    // one saved (both stay); one closed 179 days ago (stays). A company left with no postings
    // goes; one made yesterday stays.
    let postings = [
        "INSERT INTO companies (id, name, name_key, created_at) VALUES \
           ('00000000-0000-7000-8000-00000000c001', 'Gone Co', 'gone co', now() - interval '200 days'), \
           ('00000000-0000-7000-8000-00000000c002', 'Empty Co', 'empty co', now() - interval '200 days'), \
           ('00000000-0000-7000-8000-00000000c003', 'New Co', 'new co', now() - interval '1 day')",
        "INSERT INTO job_postings (id, company_id, company_name, title, content_hash, closed_at) VALUES \
           ('00000000-0000-7000-8000-00000000d001', '00000000-0000-7000-8000-00000000c001', 'Gone Co', 'unkept', '\\x00', now() - interval '181 days'), \
           ('00000000-0000-7000-8000-00000000d002', '00000000-0000-7000-8000-00000000c001', 'Gone Co', 'applied', '\\x00', now() - interval '181 days'), \
           ('00000000-0000-7000-8000-00000000d003', '00000000-0000-7000-8000-00000000c001', 'Gone Co', 'saved', '\\x00', now() - interval '181 days'), \
           ('00000000-0000-7000-8000-00000000d004', '00000000-0000-7000-8000-00000000c001', 'Gone Co', 'recent', '\\x00', now() - interval '179 days')",
        "UPDATE applications SET job_posting_id = '00000000-0000-7000-8000-00000000d002' \
           WHERE id = (SELECT id FROM applications WHERE user_id = $1 LIMIT 1)",
        "INSERT INTO saved_jobs (user_id, job_posting_id) VALUES ($1, '00000000-0000-7000-8000-00000000d003')",
    ];
    for sql in postings {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(id)
            .execute(&mut conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    // One account asked for deletion 15 days ago (grace 14), another 13 days ago.
    diesel::sql_query(
        "UPDATE users SET deletion_requested_at = now() - interval '15 days' WHERE id = $1",
    )
    .bind::<SqlUuid, _>(leaving)
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "UPDATE users SET deletion_requested_at = now() - interval '13 days' WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .execute(&mut conn)
    .unwrap();

    // Change counts left by two server processes that have ended (no backend has pid 1 or 2).
    diesel::sql_query(
        "INSERT INTO account_changes (user_id, backend_pid, changes) VALUES ($1, 1, 5), ($1, 2, 7)",
    )
    .bind::<SqlUuid, _>(id)
    .execute(&mut conn)
    .unwrap();
    let changes_of = |conn: &mut PgConnection| {
        count(
            conn,
            &format!(
                "SELECT coalesce(sum(changes), 0)::bigint AS n FROM account_changes WHERE user_id = '{id}'"
            ),
        )
    };
    let changes_before = changes_of(&mut conn);

    let dir = tempdir();
    let config = Arc::new(config_for(&db, &dir));
    let pool = db::pool(&db.url, 2, std::time::Duration::from_secs(5)).unwrap();
    let preview = retention::run(&pool, config.clone(), true).await.unwrap();
    let first = retention::run(&pool, config.clone(), false).await.unwrap();
    assert_eq!(
        preview.policies, first.policies,
        "the dry run counted what the run removed"
    );
    assert_eq!(first.accounts_erased, vec![leaving]);
    let removed: BTreeMap<&str, i64> = first
        .policies
        .iter()
        .map(|(p, _, n)| (p.as_str(), *n))
        .collect();
    assert_eq!(removed["used or expired email tokens"], 1);
    assert_eq!(removed["read notifications"], 1);
    assert_eq!(removed["sent email"], 1);
    assert_eq!(removed["undeliverable email"], 1);
    assert_eq!(removed["scheduled job history"], 1);
    assert_eq!(removed["old security log entries"], 1);
    assert_eq!(removed["daily digest ledger"], 1);
    assert_eq!(removed["expired sessions"], 1);
    assert_eq!(removed["closed job postings nobody kept"], 1);
    assert_eq!(removed["companies without postings"], 1);
    assert_eq!(removed["change counts folded"], 2);
    // The two ended connections' counts are now one row of their sum; the person's count only
    // grew (retention itself deleted some of their rows).
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT coalesce(sum(changes), 0)::bigint AS n FROM account_changes \
                 WHERE user_id = '{id}' AND backend_pid IN (0, 1, 2) GROUP BY backend_pid"
            )
        ),
        12
    );
    assert!(
        changes_of(&mut conn) > changes_before,
        "folding never lowers a person's change count"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM job_postings WHERE company_name = 'Gone Co' AND title <> 'unkept'"
        ),
        3
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM companies WHERE name IN ('Gone Co', 'New Co')"
        ),
        2
    );
    // The rows inside each limit are still there.
    let kept =
        |conn: &mut PgConnection, sql: &str| count(conn, &sql.replace("$1", &format!("'{id}'")));
    assert_eq!(
        kept(
            &mut conn,
            "SELECT count(*) AS n FROM email_tokens WHERE user_id = $1 AND purpose = 'verify'"
        ),
        1
    );
    assert_eq!(
        kept(
            &mut conn,
            "SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND title = 'recent'"
        ),
        1
    );
    assert_eq!(
        kept(
            &mut conn,
            "SELECT count(*) AS n FROM user_sessions WHERE user_id = $1"
        ),
        2
    );
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM users WHERE id = '{leaving}'")
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM users WHERE id = '{id}'")
        ),
        1
    );
    // Again at once: nothing left to do.
    let second = retention::run(&pool, config, false).await.unwrap();
    assert_eq!(second.total(), 0, "{:?}", second.policies);
    assert!(second.accounts_erased.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rollups_are_idempotent_and_platform_rows_hold_no_personal_data() {
    let db = TestDb::create().await;
    let mut conn = db.connect();
    user_with_everything(&mut conn, "stats-a");
    user_with_everything(&mut conn, "stats-b");
    let pool = db::pool(&db.url, 2, std::time::Duration::from_secs(5)).unwrap();
    let today = Utc::now().date_naive();
    let from = today - Duration::days(200);
    let snapshot = |conn: &mut PgConnection| {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = Text)]
            row: String,
        }
        diesel::sql_query(
            "SELECT (SELECT string_agg(s::text, '|' ORDER BY user_id, day) FROM \
               (SELECT user_id, day, applications_added, applications_sent, responses, status_changes, interviews, offers FROM user_daily_stats) s) \
             || '#' || (SELECT string_agg(p::text, '|' ORDER BY day) FROM \
               (SELECT day, users_total, users_new, users_active, applications_added, status_changes, interviews, emails_sent FROM platform_daily_stats) p) AS row",
        )
        .get_result::<Row>(conn)
        .unwrap()
        .row
    };
    let first = analytics::rollup(&pool, from, today).await.unwrap();
    let after_first = snapshot(&mut conn);
    let second = analytics::rollup(&pool, from, today).await.unwrap();
    assert_eq!(after_first, snapshot(&mut conn));
    assert_eq!(first.user_rows, second.user_rows);
    assert_eq!(first.platform_rows, 201);
    // The figures add up to the source rows.
    assert_eq!(
        count(
            &mut conn,
            "SELECT sum(applications_added)::bigint AS n FROM user_daily_stats"
        ),
        50
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT sum(applications_added)::bigint AS n FROM platform_daily_stats"
        ),
        50
    );
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT users_total::bigint AS n FROM platform_daily_stats WHERE day = '{today}'"
            )
        ),
        2
    );
    // Platform rows have no column that could point at a person.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'platform_daily_stats' AND data_type IN ('uuid', 'text')"
        ),
        0
    );
    let bad = analytics::rollup(&pool, today, from).await;
    assert!(bad.is_err());
}

#[test]
fn backups_round_trip_and_restores_forget_erased_accounts() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let (erased, _) = user_with_everything(&mut conn, "forget-me");
    user_with_everything(&mut conn, "stay");
    let dir = tempdir();
    let config = config_for(&db, &dir);

    let manifest = backup::create(&config).unwrap();
    assert!(manifest.size_bytes > 0);
    assert_eq!(manifest.sha256.len(), 64);
    assert_eq!(manifest.row_counts["users"], 2);
    assert!(manifest.migration_version.starts_with("2026"));
    let report = backup::verify(&config, "latest").unwrap();
    assert!(report.ok, "{report:?}");
    assert!(
        report
            .detail
            .contains("the application's queries run against it"),
        "{report:?}"
    );
    assert!(report.newest_row_age_hours.is_some_and(|h| h <= 1));
    assert!(backup::list(&config).unwrap()[0].is_good());

    // After the backup the person asks to be forgotten; a restore must not bring them back.
    let options = EraseOptions {
        erased_list: Some(gdpr::erased_list_path(&config)),
        ..EraseOptions::default()
    };
    gdpr::erase(
        &mut conn,
        erased,
        ErasureRequester::Operator,
        &options,
        |_| {},
    )
    .unwrap();
    let target = format!("{}_restored", db.name);
    let restored = backup::restore(&config, "latest", &target).unwrap();
    assert_eq!(restored.erased_again, 1);
    let mut restored_conn =
        careerhub_core::db::connect(&config.database_url.expose().replace(&db.name, &target))
            .unwrap();
    assert_eq!(
        count(&mut restored_conn, "SELECT count(*) AS n FROM users"),
        1
    );
    assert_eq!(
        count(
            &mut restored_conn,
            &format!("SELECT count(*) AS n FROM applications WHERE user_id = '{erased}'")
        ),
        0
    );
    // Apart from the erased account, the restored database has the backup's rows.
    let stay_apps = count(&mut restored_conn, "SELECT count(*) AS n FROM applications");
    assert_eq!(stay_apps, manifest.row_counts["applications"] - 25);
    drop(restored_conn);
    // Never over an existing database.
    let again = backup::restore(&config, "latest", &target);
    assert!(again.is_err_and(|err| err.to_string().contains("exists already")));
    let mut admin = careerhub_core::db::connect(&split(config.database_url.expose())).unwrap();
    diesel::sql_query(format!("DROP DATABASE \"{target}\" WITH (FORCE)"))
        .execute(&mut admin)
        .unwrap();

    // A damaged file fails verification (and says so in the manifest).
    let second = backup::create(&config).unwrap();
    std::fs::write(dir.join(&second.file_name), b"not a dump").unwrap();
    let damaged = backup::verify(&config, &second.file_name).unwrap();
    assert!(
        !damaged.ok
            && damaged
                .detail
                .starts_with(&format!("{} is damaged: its SHA-256 is", second.file_name))
            && damaged
                .detail
                .ends_with("; use another backup (`careerhub-admin backup list`)"),
        "{damaged:?}"
    );
    // `backup list` shows what the disk holds, not what the manifest remembers.
    let listed = backup::listing(&config).unwrap();
    let shown = listed
        .iter()
        .find(|listed| listed.file_name == second.file_name)
        .unwrap();
    assert_eq!(shown.size_on_disk, Some(10));
    assert_ne!(shown.manifest.as_ref().unwrap().size_bytes, 10);

    // Pruning: keep the newest N and the young ones, never the last good one.
    let third = backup::create(&config).unwrap();
    backup::backdate(
        &config,
        &manifest.file_name,
        Utc::now() - Duration::days(40),
    )
    .unwrap();
    backup::backdate(&config, &second.file_name, Utc::now() - Duration::days(30)).unwrap();
    backup::backdate(&config, &third.file_name, Utc::now() - Duration::days(20)).unwrap();
    let fourth = backup::create(&config).unwrap();
    let plan = backup::prune(&config, 1, 7, true).unwrap();
    assert_eq!(
        plan.kept,
        vec![fourth.file_name.clone(), manifest.file_name.clone()],
        "the verified one stays"
    );
    assert_eq!(plan.removed.len(), 2);
    assert_eq!(
        backup::list(&config).unwrap().len(),
        4,
        "a dry run deletes nothing"
    );
    let done = backup::prune(&config, 1, 7, false).unwrap();
    assert_eq!(done.removed, plan.removed);
    let left: Vec<String> = backup::list(&config)
        .unwrap()
        .into_iter()
        .map(|m| m.file_name)
        .collect();
    assert_eq!(left, vec![fourth.file_name, manifest.file_name.clone()]);
    assert!(!dir.join(&second.file_name).exists());
    // Age keeps too: with a long window nothing goes.
    assert!(
        backup::prune(&config, 1, 365, true)
            .unwrap()
            .removed
            .is_empty()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

fn split(url: &str) -> String {
    careerhub_core::db::split_database_url(url).unwrap().1
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tick_runs_once_however_many_instances_fire_it() {
    let db = TestDb::create().await;
    let dir = tempdir();
    let config = Arc::new(config_for(&db, &dir));
    let context = JobContext {
        pool: db::pool(&db.url, 8, std::time::Duration::from_secs(5)).unwrap(),
        mailer: Mailer::new(None, &dir.join("mail")).unwrap(),
        config,
    };
    let mut conn = db.connect();
    cron::upsert(
        &mut conn,
        "sweep_fast",
        "2 seconds",
        JobCommand::OutboxSweep,
    )
    .unwrap();
    let tick = Utc::now();
    let runs = futures_join(&context, "sweep_fast", tick).await;
    let ran = runs
        .iter()
        .filter(|o| matches!(o, RunOutcome::Succeeded(_)))
        .count();
    assert_eq!(ran, 1, "{runs:?}");
    assert!(
        runs.iter()
            .all(|o| matches!(o, RunOutcome::Succeeded(_) | RunOutcome::AlreadyClaimed))
    );
    // A manual run always runs and is recorded too.
    let manual = cron::run_job(&context, "sweep_fast", Trigger::Manual)
        .await
        .unwrap();
    assert!(matches!(manual, RunOutcome::Succeeded(_)), "{manual:?}");
    let history = cron::history(&mut conn, Some("sweep_fast"), 10).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(
        |run| run.status == careerhub_domain::ops::RunStatus::Succeeded
            && run.finished_at.is_some()
    ));
    // Disabled jobs skip their ticks.
    cron::set_active(&mut conn, "sweep_fast", false).unwrap();
    let skipped = cron::run_job(
        &context,
        "sweep_fast",
        Trigger::Schedule(tick + Duration::seconds(2)),
    )
    .await
    .unwrap();
    assert_eq!(skipped, RunOutcome::Inactive);
    // Schedules are checked before they are stored.
    let bad = cron::set_schedule(&mut conn, "sweep_fast", "61 * * * *");
    assert!(bad.is_err_and(|err| err.to_string().contains("minute")));
    assert!(cron::set_active(&mut conn, "nope", true).is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Four "instances" firing the same tick at once.
async fn futures_join(
    context: &JobContext,
    name: &str,
    tick: chrono::DateTime<Utc>,
) -> Vec<RunOutcome> {
    let mut handles = Vec::new();
    for _ in 0..4 {
        let (context, name) = (context.clone(), name.to_owned());
        handles.push(tokio::spawn(async move {
            cron::run_job(&context, &name, Trigger::Schedule(tick))
                .await
                .unwrap()
        }));
    }
    let mut outcomes = Vec::new();
    for handle in handles {
        outcomes.push(handle.await.unwrap());
    }
    outcomes
}
