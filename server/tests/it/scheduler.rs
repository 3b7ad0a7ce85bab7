//! The scheduler across processes: two real `careerhub` processes on one database run a job
//! scheduled every two seconds once per tick, and each runs an `@restart` job once as it starts.

use std::time::Duration;

use careerhub_core::cron;
use careerhub_core::cron::jobs::JobCommand;
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};

use crate::harness::start_instance;

#[derive(QueryableByName, Debug)]
struct Run {
    #[diesel(sql_type = Timestamptz)]
    scheduled_for: chrono::DateTime<chrono::Utc>,
    #[diesel(sql_type = BigInt)]
    runs: i64,
    #[diesel(sql_type = Text)]
    statuses: String,
}

/// The scheduled runs of `job`, one row per tick with how often it ran.
fn scheduled_runs(conn: &mut PgConnection, job: &str) -> Vec<Run> {
    diesel::sql_query(
        "SELECT scheduled_for, count(*) AS runs, string_agg(status, ',') AS statuses \
         FROM cron_job_runs WHERE job_name = $1 AND trigger = 'schedule' \
         GROUP BY scheduled_for ORDER BY scheduled_for",
    )
    .bind::<Text, _>(job)
    .load(conn)
    .unwrap()
}

/// Waits until `instances` `@restart` runs of `at_start` have succeeded (a minute at most).
async fn started(conn: &mut PgConnection, instances: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let runs = scheduled_runs(conn, "at_start");
        if runs
            .iter()
            .filter(|run| run.statuses == "succeeded")
            .count()
            >= instances
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "instance {instances} did not run its @restart job: {runs:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_run_a_two_second_job_once_per_tick() {
    let db = TestDb::create().await;
    let mut conn = db.connect();
    // Only the job under test is active.
    diesel::sql_query("UPDATE cron_jobs SET active = false")
        .execute(&mut conn)
        .unwrap();
    cron::upsert(
        &mut conn,
        "every_two_seconds",
        "2 seconds",
        JobCommand::OutboxSweep,
    )
    .unwrap();
    cron::upsert(&mut conn, "at_start", "@restart", JobCommand::OutboxSweep).unwrap();
    let dir =
        std::env::temp_dir().join(format!("careerhub-sched-{}", uuid::Uuid::now_v7().simple()));
    let first = start_instance(&db.url, &dir.join("a"), &[("SCHEDULER_ENABLED", "true")]);
    // The second starts once the first's `@restart` run is done, so the two cannot overlap (runs
    // of one job never do: the second would be skipped, as any overlapping run is). Waiting for
    // it, not for a fixed time: a loaded machine starts a debug binary slowly.
    started(&mut conn, 1).await;
    let second = start_instance(&db.url, &dir.join("b"), &[("SCHEDULER_ENABLED", "true")]);
    started(&mut conn, 2).await;
    tokio::time::sleep(Duration::from_secs(8)).await;
    drop((first, second));

    let runs = scheduled_runs(&mut conn, "every_two_seconds");
    assert!(runs.len() >= 3, "too few ticks ran: {runs:?}");
    for run in &runs {
        assert_eq!(
            run.runs, 1,
            "tick {} ran {} times",
            run.scheduled_for, run.runs
        );
        assert_eq!(
            chrono::Timelike::second(&run.scheduled_for) % 2,
            0,
            "ticks are on even seconds"
        );
    }
    // Consecutive ticks, none skipped while both instances were up (the last may be cut short).
    for pair in runs.windows(2) {
        assert_eq!(
            (pair[1].scheduled_for - pair[0].scheduled_for).num_seconds(),
            2,
            "{runs:?}"
        );
    }
    let finished = runs
        .iter()
        .filter(|run| run.statuses == "succeeded")
        .count();
    assert!(finished + 1 >= runs.len(), "{runs:?}");
    let at_start = scheduled_runs(&mut conn, "at_start");
    assert_eq!(
        at_start.len(),
        2,
        "one @restart run per instance: {at_start:?}"
    );
    assert!(
        at_start
            .iter()
            .all(|run| run.runs == 1 && run.statuses == "succeeded"),
        "{at_start:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
