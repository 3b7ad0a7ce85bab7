//! Retention: data Careerhub no longer needs is removed on a schedule. Each policy is one table
//! and one condition with a configurable age (README lists the defaults); rows go in batches of
//! [`BATCH`], each its own short statement, so the site stays responsive. Accounts whose deletion
//! grace period has passed are erased through [`crate::ops::gdpr::erase`], and so is any erasure
//! left pending by a process that died half-way (an operator's included), so the next scheduled
//! run finishes it.

use std::sync::Arc;

use careerhub_domain::counted;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};
use serde::Serialize;

use careerhub_domain::ids::UserId;

use crate::config::Config;
use crate::db::Pool;
use crate::ops::gdpr::{self, EraseOptions, EraseOutcome, ErasureRequester};
use crate::service::{self, Error};

pub const BATCH: i64 = 1000;

/// One policy: which rows of which table, older than how many days.
#[derive(Debug, Clone)]
pub struct Policy {
    pub name: &'static str,
    pub table: &'static str,
    /// A condition on the table's rows; `$1` is the age limit in days.
    pub condition: &'static str,
    pub days: u32,
}

pub fn policies(config: &Config) -> Vec<Policy> {
    let keep = &config.retention;
    vec![
        Policy {
            name: "used or expired email tokens",
            table: "email_tokens",
            condition: "coalesce(used_at, expires_at) < now() - make_interval(days => $1)",
            days: keep.tokens_days,
        },
        Policy {
            name: "used or expired invites",
            table: "invites",
            condition: "coalesce(used_at, expires_at) < now() - make_interval(days => $1)",
            days: keep.tokens_days,
        },
        Policy {
            name: "expired sessions",
            table: "user_sessions",
            // Ended by their absolute expiry, or idle beyond the longest allowed idle time.
            condition: "expires_at < now() - make_interval(days => $1)",
            days: 0,
        },
        Policy {
            name: "old profile addresses",
            table: "profile_slug_redirects",
            // A changed profile address redirects until expires_at (profile::page::REDIRECT_DAYS).
            condition: "expires_at < now() - make_interval(days => $1)",
            days: 0,
        },
        Policy {
            name: "unused cached CV files",
            table: "document_renders",
            condition: "last_used_at < now() - make_interval(days => $1)",
            days: keep.renders_days,
        },
        Policy {
            name: "read notifications",
            table: "notifications",
            condition: "read_at < now() - make_interval(days => $1)",
            days: keep.notifications_days,
        },
        Policy {
            name: "sent email",
            table: "email_outbox",
            condition: "status = 'sent' AND coalesce(sent_at, created_at) < now() - make_interval(days => $1)",
            days: keep.outbox_sent_days,
        },
        Policy {
            name: "undeliverable email",
            table: "email_outbox",
            condition: "status = 'dead' AND created_at < now() - make_interval(days => $1)",
            days: keep.outbox_dead_days,
        },
        Policy {
            name: "scheduled job history",
            table: "cron_job_runs",
            condition: "status <> 'running' AND started_at < now() - make_interval(days => $1)",
            days: keep.cron_runs_days,
        },
        Policy {
            name: "old security log entries",
            table: "audit_log",
            condition: "occurred_at < now() - make_interval(days => $1)",
            days: keep.audit_days,
        },
        Policy {
            name: "closed job postings nobody kept",
            table: "job_postings",
            // Feed postings only (a person's own are theirs); one an application points at or
            // someone saved stays.
            condition: "owner_id IS NULL AND closed_at < now() - make_interval(days => $1) \
                AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_posting_id = job_postings.id) \
                AND NOT EXISTS (SELECT 1 FROM saved_jobs s WHERE s.job_posting_id = job_postings.id)",
            days: keep.closed_postings_days,
        },
        Policy {
            name: "companies without postings",
            table: "companies",
            // After the postings above: a company is remade by the next posting that names it.
            condition: "created_at < now() - make_interval(days => $1) \
                AND NOT EXISTS (SELECT 1 FROM job_postings p WHERE p.company_id = companies.id)",
            days: keep.closed_postings_days,
        },
        Policy {
            name: "daily digest ledger",
            table: "digest_deliveries",
            condition: "local_date < (now() - make_interval(days => $1))::date",
            days: keep.digest_ledger_days,
        },
    ]
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RetentionReport {
    pub dry_run: bool,
    /// (policy, table, rows removed or that would be removed)
    pub policies: Vec<(String, String, i64)>,
    /// Accounts past their deletion grace period or left half-erased, erased (or that would be).
    pub accounts_erased: Vec<UserId>,
    /// Accounts another run (an operator's erasure) was erasing at the time: left to it.
    pub accounts_busy: Vec<UserId>,
}

impl RetentionReport {
    pub fn total(&self) -> i64 {
        self.policies.iter().map(|(_, _, n)| n).sum()
    }

    pub fn summary(&self) -> String {
        let verb = if self.dry_run {
            "would remove"
        } else {
            "removed"
        };
        let busy = match self.accounts_busy.len() {
            0 => String::new(),
            n => format!(
                " ({} being erased by another run, left to it)",
                counted(n, "account", "accounts")
            ),
        };
        format!(
            "{verb} {}; {} past the deletion grace period or left half-erased{busy}",
            counted(self.total(), "row", "rows"),
            counted(self.accounts_erased.len(), "account", "accounts")
        )
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: UserId,
}

/// Applies every policy (or with `dry_run`, counts what would go). Safe to run again at once: a
/// second run finds nothing left to remove.
pub async fn run(
    pool: &Pool,
    config: Arc<Config>,
    dry_run: bool,
) -> Result<RetentionReport, Error> {
    let mut report = RetentionReport {
        dry_run,
        ..RetentionReport::default()
    };
    for policy in policies(&config) {
        let mut removed = 0i64;
        loop {
            let policy = policy.clone();
            let n = service::run(pool, move |conn| {
                if dry_run {
                    let count: Count = diesel::sql_query(format!(
                        "SELECT count(*) AS n FROM {} WHERE {}",
                        policy.table, policy.condition
                    ))
                    .bind::<Integer, _>(policy.days as i32)
                    .get_result(conn)?;
                    return Ok(count.n);
                }
                Ok(diesel::sql_query(format!(
                    "DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} WHERE {condition} LIMIT {BATCH}))",
                    table = policy.table,
                    condition = policy.condition
                ))
                .bind::<Integer, _>(policy.days as i32)
                .execute(conn)? as i64)
            })
            .await?;
            removed += n;
            if dry_run || n < BATCH {
                break;
            }
            // Let other work in between batches.
            tokio::task::yield_now().await;
        }
        report
            .policies
            .push((policy.name.to_owned(), policy.table.to_owned(), removed));
    }

    let folded = service::run(pool, move |conn| fold_change_counts(conn, dry_run)).await?;
    report.policies.push((
        "change counts folded".to_owned(),
        "account_changes".to_owned(),
        folded,
    ));

    let grace_days = (config.deletion_grace.as_secs() / 86_400) as i32;
    let due: Vec<UserId> = service::run(pool, move |conn| {
        Ok(diesel::sql_query(
            "SELECT id FROM ( \
                 SELECT id, deletion_requested_at AS since FROM users \
                 WHERE deletion_requested_at < now() - make_interval(days => $1) \
                 UNION \
                 SELECT user_id, requested_at FROM erasure_requests WHERE status = 'pending' \
             ) due GROUP BY id ORDER BY min(since)",
        )
        .bind::<Integer, _>(grace_days)
        .load::<Id>(conn)?
        .into_iter()
        .map(|row| row.id)
        .collect())
    })
    .await?;
    for user in due {
        if !dry_run {
            let options = EraseOptions {
                erased_list: Some(crate::ops::gdpr::erased_list_path(&config)),
                ..EraseOptions::default()
            };
            let outcome = service::run(pool, move |conn| {
                gdpr::erase(conn, user, ErasureRequester::Retention, &options, |_| {})
            })
            .await?;
            match outcome {
                EraseOutcome::Interrupted { .. } => {
                    return Err(Error::broken("an erasure stopped half-way"));
                }
                EraseOutcome::Busy => {
                    report.accounts_busy.push(user);
                    continue;
                }
                EraseOutcome::Erased { .. } | EraseOutcome::AlreadyErased { .. } => {}
            }
        }
        report.accounts_erased.push(user);
    }
    Ok(report)
}

/// Folds the change counts (see the account_changes migration) that server processes which have
/// since ended left, one row per person and process, into one row per person (`backend_pid`
/// 0), in one statement: each person's sum stays what it was, so no kept page becomes current
/// again, and the rows a person's count is summed from stay few however many connections came
/// and went. Returns the rows folded (or with `dry_run`, that would be).
fn fold_change_counts(conn: &mut PgConnection, dry_run: bool) -> Result<i64, Error> {
    const ENDED: &str = "backend_pid <> 0 \
        AND backend_pid NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)";
    let sql = if dry_run {
        format!("SELECT count(*) AS n FROM account_changes WHERE {ENDED}")
    } else {
        format!(
            "WITH folded AS (DELETE FROM account_changes WHERE {ENDED} RETURNING user_id, changes), \
             summed AS (INSERT INTO account_changes (user_id, backend_pid, changes) \
                 SELECT user_id, 0, sum(changes)::bigint FROM folded GROUP BY user_id ORDER BY user_id \
                 ON CONFLICT (user_id, backend_pid) \
                 DO UPDATE SET changes = account_changes.changes + excluded.changes) \
             SELECT count(*) AS n FROM folded"
        )
    };
    let count: Count = diesel::sql_query(sql).get_result(conn)?;
    Ok(count.n)
}
