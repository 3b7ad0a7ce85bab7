//! Background work inside `careerhub`: the email outbox worker and the daily digest. Several
//! instances may run both at once: the outbox's row leases keep them from sending an email twice,
//! and the digest ledger from preparing a user's day twice.

use std::time::Duration;

use careerhub_core::email;
use careerhub_core::tracker::digest;
use lettre::message::Mailbox;
use tokio::task::JoinHandle;

use crate::state::AppState;

const OUTBOX_POLL: Duration = Duration::from_secs(2);
/// Digests go out at a whole hour of each user's time zone; checking every few minutes is enough.
const DIGEST_POLL: Duration = Duration::from_secs(300);
const OUTBOX_BATCH: i64 = 20;

pub fn spawn(state: AppState) -> Vec<JoinHandle<()>> {
    vec![spawn_outbox(state.clone()), spawn_digests(state)]
}

fn spawn_digests(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DIGEST_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let public_url = state.tracker.public_url().to_owned();
            match digest::run_digests(&state.db, &public_url, chrono::Utc::now()).await {
                Ok(report) if report.users > 0 => {
                    tracing::info!(
                        users = report.users,
                        emails = report.emails,
                        "daily digests prepared"
                    )
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(%err, "daily digests: will try again"),
            }
        }
    })
}

fn spawn_outbox(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let from: Mailbox = match state.config.mail_from.parse() {
            Ok(from) => from,
            Err(err) => {
                tracing::error!(%err, mail_from = %state.config.mail_from, "MAIL_FROM is not an address: no email will be sent");
                return;
            }
        };
        let mut tick = tokio::time::interval(OUTBOX_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // Drain what is due, batch by batch, then wait for the next tick.
            loop {
                match email::deliver_due(
                    &state.db,
                    &state.mailer,
                    &from,
                    state.config.email_max_attempts,
                    state.config.email_retry_base,
                    OUTBOX_BATCH,
                )
                .await
                {
                    Ok(report)
                        if report.sent + report.retried + report.dead == OUTBOX_BATCH as usize =>
                    {
                        continue;
                    }
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(%err, "email outbox: cannot reach the database");
                        break;
                    }
                }
            }
        }
    })
}
