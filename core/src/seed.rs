//! Demo data for demos and benchmarks: verified accounts, each with every area's demo rows
//! (`Area::demo`, parents first). Deterministic for a given seed; one account per transaction.

use careerhub_domain::ids::UserId;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use uuid::Uuid;

use crate::accounts::models::NewUser;
use crate::demo::Demo;
use crate::registry;
use crate::schema::users;
use crate::service::Error;

pub use crate::demo::{SeedOptions, SeedReport};

/// Creates the accounts and their data. An account that exists already is left alone (and
/// reported as skipped). `progress` is called after each account with the number done so far.
pub fn seed_demo(
    conn: &mut PgConnection,
    options: &SeedOptions,
    now: DateTime<Utc>,
    mut progress: impl FnMut(usize),
) -> Result<SeedReport, Error> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut report = SeedReport::default();
    for n in 1..=options.users {
        let email = format!("{}-{n}@{}", options.email_prefix, options.email_domain).to_lowercase();
        let created = conn.transaction(|conn| {
            let user = UserId(Uuid::now_v7());
            let inserted = diesel::insert_into(users::table)
                .values(NewUser {
                    id: user,
                    email: &email,
                    password_hash: &options.password_hash,
                    display_name: &format!("Demo User {n}"),
                    email_verified_at: Some(now),
                    timezone: Some("Europe/Berlin"),
                    last_login_at: None,
                })
                .on_conflict_do_nothing()
                .execute(conn)?;
            if inserted == 0 {
                return Ok::<_, Error>(false);
            }
            let mut demo = Demo {
                user,
                now,
                rng: &mut rng,
                options,
                report: &mut report,
            };
            registry::seed_demo(conn, &mut demo)?;
            Ok(true)
        })?;
        if created {
            report.users.push(email);
        } else {
            report.skipped.push(email);
        }
        progress(n);
    }
    Ok(report)
}
