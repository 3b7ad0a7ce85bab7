//! Background work inside `careerhub`: the email outbox worker. Several instances may run it at
//! once; the outbox's row leases keep them from sending the same email twice. (Scheduled jobs are
//! in `scheduler`.)

use std::time::Duration;

use careerhub_core::email;
use lettre::message::Mailbox;
use tokio::task::JoinHandle;

use crate::state::AppState;

const OUTBOX_POLL: Duration = Duration::from_secs(2);
const OUTBOX_BATCH: i64 = 20;

pub fn spawn(state: AppState) -> JoinHandle<()> {
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
