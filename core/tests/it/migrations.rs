use careerhub_core::db;
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

fn table_count(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS count FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .get_result::<Count>(conn)
    .unwrap()
    .count
}

fn routine_count(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS count FROM information_schema.routines WHERE routine_schema = 'public'",
    )
    .get_result::<Count>(conn)
    .unwrap()
    .count
}

/// Every migration goes up, all the way down (each down.sql), and up again; the schema after the
/// second pass equals the first.
#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::empty_blocking();
    let mut conn = db.connect();
    let applied = db::run_migrations(&mut conn).unwrap();
    assert!(!applied.is_empty());
    let tables = table_count(&mut conn);
    let routines = routine_count(&mut conn);
    assert!(tables > 0);
    assert!(
        db::migration_status(&mut conn)
            .unwrap()
            .iter()
            .all(|state| state.applied)
    );

    let mut reverted = 0;
    while db::revert_last_migration(&mut conn).unwrap().is_some() {
        reverted += 1;
    }
    assert_eq!(reverted, applied.len());
    assert_eq!(table_count(&mut conn), 0, "down.sql leaves no table behind");
    assert_eq!(
        routine_count(&mut conn),
        0,
        "down.sql leaves no function behind"
    );

    let again = db::run_migrations(&mut conn).unwrap();
    assert_eq!(again, applied);
    assert_eq!(table_count(&mut conn), tables);
    assert_eq!(routine_count(&mut conn), routines);
}

/// Replicas started together (compose's `scaled` profile) migrate one database at once: one
/// applies every migration, the others wait and find nothing pending; none fails.
#[test]
fn instances_migrating_at_once_apply_each_migration_once() {
    let db = TestDb::empty_blocking();
    let results: Vec<Vec<String>> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..3)
            .map(|_| {
                let mut conn = db.connect();
                scope.spawn(move || db::run_migrations(&mut conn).expect("migrations"))
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    let all = db::migration_status(&mut db.connect()).unwrap();
    assert!(all.iter().all(|state| state.applied));
    let mut applied: Vec<usize> = results.iter().map(Vec::len).collect();
    applied.sort();
    assert_eq!(applied, [0, 0, all.len()], "one instance applied them all");
}

#[test]
fn ensure_database_exists_creates_it_once() {
    let db = TestDb::empty_blocking();
    let target = format!("{}_created", db.name);
    let url = db.url.replace(&db.name, &target);
    assert!(db::ensure_database_exists(&url).unwrap());
    assert!(!db::ensure_database_exists(&url).unwrap());
    let mut conn = db.connect();
    diesel::sql_query(format!(
        "DROP DATABASE {} WITH (FORCE)",
        db::quote_ident(&target)
    ))
    .execute(&mut conn)
    .unwrap();
}

#[test]
fn emails_are_stored_lower_cased_and_unique() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let insert = |conn: &mut PgConnection, email: &str| {
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, 'x', 'Ada')",
        )
        .bind::<diesel::sql_types::Uuid, _>(uuid::Uuid::now_v7())
        .bind::<Text, _>(email)
        .execute(conn)
    };
    insert(&mut conn, "ada@example.org").unwrap();
    assert!(
        insert(&mut conn, "Ada@Example.org").is_err(),
        "upper case is refused by CHECK"
    );
    assert!(
        insert(&mut conn, "ada@example.org").is_err(),
        "duplicates are refused"
    );
}

#[test]
fn updated_at_moves_on_update() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    diesel::sql_query(
        "INSERT INTO users (id, email, password_hash, display_name, created_at, updated_at) \
         VALUES ($1, 'u@example.org', 'x', 'U', now() - interval '1 day', now() - interval '1 day')",
    )
    .bind::<diesel::sql_types::Uuid, _>(uuid::Uuid::now_v7())
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("UPDATE users SET display_name = 'V'")
        .execute(&mut conn)
        .unwrap();
    let fresh = diesel::sql_query(
        "SELECT count(*) AS count FROM users WHERE updated_at > now() - interval '1 minute'",
    )
    .get_result::<Count>(&mut conn)
    .unwrap()
    .count;
    assert_eq!(fresh, 1);
}

/// Every job the build knows has its row after migrating, on its default schedule; a second run
/// keeps what an operator changed; and no row names a command the build does not know.
#[test]
fn migrating_registers_every_scheduled_job_and_keeps_operator_changes() {
    use careerhub_core::cron::{self, jobs};

    let db = TestDb::empty_blocking();
    let mut conn = db.connect();
    careerhub_core::migrate(&mut conn).unwrap();
    let listed = cron::list(&mut conn).unwrap();
    for &command in jobs::JobCommand::ALL {
        let job = listed
            .iter()
            .find(|job| job.name == command.as_str())
            .unwrap_or_else(|| panic!("{command} has no cron_jobs row"));
        assert_eq!(job.command, command);
        assert_eq!(job.schedule, jobs::default_schedule(command));
        assert!(job.active);
    }
    assert_eq!(listed.len(), jobs::JobCommand::ALL.len());

    cron::set_schedule(&mut conn, "backup", "0 4 * * *").unwrap();
    cron::set_active(&mut conn, "retention", false).unwrap();
    careerhub_core::migrate(&mut conn).unwrap();
    assert_eq!(
        cron::get(&mut conn, "backup").unwrap().schedule,
        "0 4 * * *"
    );
    assert!(!cron::get(&mut conn, "retention").unwrap().active);
    assert_eq!(cron::register_jobs(&mut conn).unwrap(), 0);
}
