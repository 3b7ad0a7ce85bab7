//! careerhub-admin run as an operator would, against a test database.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use careerhub_core::testing::{TestDb, test_redis_url};

/// `careerhub-admin args` on a clean environment with `env` and a data directory of its own
/// (returned, for the caller to remove).
fn admin_command(args: &[&str], env: &[(&str, &str)]) -> (Command, PathBuf) {
    let data_dir = std::env::temp_dir().join(format!("careerhub-admin-{}", uuid::Uuid::now_v7()));
    let mut command = Command::new(env!("CARGO_BIN_EXE_careerhub-admin"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATA_DIR", &data_dir);
    for (name, value) in env {
        command.env(name, value);
    }
    (command, data_dir)
}

fn admin(args: &[&str], env: &[(&str, &str)]) -> Output {
    let (mut command, data_dir) = admin_command(args, env);
    let output = command.output().expect("careerhub-admin runs");
    let _ = std::fs::remove_dir_all(data_dir);
    output
}

/// [`admin`] started in the background, its output piped: the caller waits for it
/// (`wait_with_output`) or kills it, then removes the data directory.
fn spawn_admin(args: &[&str], env: &[(&str, &str)]) -> (Child, PathBuf) {
    let (mut command, data_dir) = admin_command(args, env);
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("careerhub-admin starts");
    (child, data_dir)
}

/// Seeds one demo account (`demo-1@careerhub.test`; `seed` adds to `seed demo --users 1`) and
/// returns its id.
fn demo_account(db: &TestDb, seed: &[&str]) -> String {
    use diesel::prelude::*;
    let args = [&["seed", "demo", "--users", "1"][..], seed].concat();
    let seeded = admin(&args, &[("DATABASE_URL", db.url.as_str())]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    let id: uuid::Uuid = careerhub_core::schema::users::table
        .filter(careerhub_core::schema::users::email.eq("demo-1@careerhub.test"))
        .select(careerhub_core::schema::users::id)
        .first(&mut db.connect())
        .unwrap();
    id.to_string()
}

/// Advisory locks held in the test's own database (the cluster is shared with other tests).
const ADVISORY_LOCKS_HERE: &str = "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' \
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

/// The command exited with `code` and said `message`.
fn fails_with(output: &Output, code: i32, message: &str) {
    assert_eq!(output.status.code(), Some(code), "{}", text(output));
    assert!(text(output).contains(message), "{}", text(output));
}

/// A port nothing listens on (the listener that found it is closed again).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn doctor_is_green_on_a_healthy_installation() {
    let db = TestDb::new_blocking();
    let output = admin(
        &["doctor"],
        &[("DATABASE_URL", &db.url), ("REDIS_URL", &test_redis_url())],
    );
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("All checks passed."), "{shown}");
    for check in [
        "postgresql",
        "redis",
        "smtp",
        "pg_dump",
        "pg_restore",
        "data directory",
    ] {
        assert!(
            shown
                .lines()
                .any(|line| line.starts_with(check) && line.contains(" ok ")),
            "{check} is not ok in\n{shown}"
        );
    }
}

#[test]
fn doctor_fails_clearly_when_postgres_is_down() {
    let port = free_port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/careerhub");
    let output = admin(&["doctor"], &[("DATABASE_URL", &url)]);
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    let line = shown
        .lines()
        .find(|line| line.starts_with("postgresql"))
        .expect(&shown);
    assert!(line.contains("FAIL"), "{shown}");
    assert!(
        shown.contains("start PostgreSQL or fix DATABASE_URL"),
        "{shown}"
    );
    assert!(shown.contains("1 check failed"), "{shown}");
}

/// With PostgreSQL down, commands name it and say what to check, not "a dependency".
#[test]
fn commands_name_postgresql_when_it_is_down() {
    let port = free_port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/careerhub");
    let backups = std::env::temp_dir().join(format!("careerhub-down-{}", uuid::Uuid::now_v7()));
    let dir = backups.display().to_string();
    let env = [("DATABASE_URL", url.as_str()), ("BACKUP_DIR", dir.as_str())];
    fails_with(
        &admin(&["backup", "create"], &env),
        1,
        &format!(
            "cannot reach PostgreSQL at {url}, so there is nothing to back up: is it running?"
        ),
    );
    fails_with(
        &admin(&["users", "list"], &env),
        1,
        "PostgreSQL is out of reach (DATABASE_URL): is it running? `careerhub-admin doctor` checks \
         the connection",
    );
    let _ = std::fs::remove_dir_all(backups);
}

/// Backups that cannot be used say why: none yet, no such name, a dump without its manifest.
#[test]
fn backup_commands_say_which_backup_is_missing_and_why() {
    let db = TestDb::new_blocking();
    let backups = std::env::temp_dir().join(format!("careerhub-backups-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&backups).unwrap();
    let dir = backups.display().to_string();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("BACKUP_DIR", dir.as_str()),
    ];
    fails_with(
        &admin(&["backup", "verify", "latest"], &env),
        1,
        &format!(
            "there are no backups in {dir} yet; make one with `careerhub-admin backup create`"
        ),
    );
    fails_with(
        &admin(&["backup", "verify", "careerhub-nosuch"], &env),
        1,
        &format!(
            "no backup is named careerhub-nosuch in {dir}; `careerhub-admin backup list` shows them"
        ),
    );
    // A dump another tool left (or one interrupted before its manifest): listed, not usable.
    let stray = "careerhub-20260101T000000.000Z";
    std::fs::write(backups.join(format!("{stray}.dump")), b"PGDMP not really").unwrap();
    let listed = admin(&["backup", "list"], &env);
    assert!(listed.status.success(), "{}", text(&listed));
    let line = text(&listed)
        .lines()
        .find(|line| line.starts_with(stray))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{}", text(&listed)));
    assert!(line.contains("16 B"), "{line}");
    assert!(line.contains("no manifest"), "{line}");
    let json = json_of(&admin(&["backup", "list", "--json"], &env));
    assert_eq!(json[0]["file_name"], format!("{stray}.dump"));
    assert_eq!(json[0]["size_on_disk"], 16);
    assert!(json[0]["manifest"].is_null());
    fails_with(
        &admin(&["backup", "verify", stray], &env),
        1,
        &format!("{stray}.dump in {dir} has no manifest (it was not made by `backup create`"),
    );
    let _ = std::fs::remove_dir_all(backups);
}

#[test]
fn doctor_reports_a_bad_setting_by_name() {
    let output = admin(&["doctor", "--json"], &[("DATABASE_POOL_SIZE", "lots")]);
    assert_eq!(output.status.code(), Some(1));
    let checks: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(checks[0]["status"], "fail");
    assert!(
        checks[0]["detail"]
            .as_str()
            .unwrap()
            .contains("DATABASE_POOL_SIZE")
    );
}

#[test]
fn migrate_status_run_and_revert() {
    let db = TestDb::empty_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];

    let status = admin(&["migrate", "status"], &env);
    assert!(status.status.success(), "{}", text(&status));
    assert!(text(&status).contains("0 applied"), "{}", text(&status));

    let run = admin(&["migrate", "run"], &env);
    assert!(run.status.success(), "{}", text(&run));
    assert!(text(&run).contains("the database is current"));
    let status = admin(&["migrate", "status"], &env);
    assert!(text(&status).contains(", 0 pending"), "{}", text(&status));
    assert!(
        text(&status).contains("applied  2026-11-22-000003_tracker"),
        "{}",
        text(&status)
    );

    let refused = admin(&["migrate", "revert"], &env);
    assert!(
        !refused.status.success(),
        "revert without a terminal needs --yes"
    );
    assert!(text(&refused).contains("--yes"));

    let reverted = admin(&["migrate", "revert", "--yes"], &env);
    assert!(reverted.status.success(), "{}", text(&reverted));
    assert!(text(&reverted).contains("reverted"));
    let status = admin(&["migrate", "status"], &env);
    assert!(text(&status).contains("1 pending"), "{}", text(&status));
}

/// The names under "Commands:" in a help text (clap's own `help` left out).
fn subcommands(help: &str) -> Vec<String> {
    help.split("Commands:")
        .nth(1)
        .map(|list| {
            list.lines()
                .skip(1)
                .take_while(|line| !line.trim().is_empty())
                .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
                .filter(|name| name != "help")
                .collect()
        })
        .unwrap_or_default()
}

/// Every command, group and leaf, has an example in its help, a description, and a description
/// for each of its options.
#[test]
fn every_command_has_help_with_an_example() {
    let top = admin(&["--help"], &[]);
    assert!(top.status.success());
    let shown = text(&top);
    assert!(
        shown.contains("Exit codes") && shown.contains("Example"),
        "{shown}"
    );
    let groups = subcommands(&shown);
    assert!(groups.len() >= 11, "{groups:?}");
    let mut paths: Vec<Vec<String>> = Vec::new();
    for group in &groups {
        paths.push(vec![group.clone()]);
        let help = text(&admin(&[group, "--help"], &[]));
        for leaf in subcommands(&help) {
            paths.push(vec![group.clone(), leaf]);
        }
    }
    let leaves = paths.iter().filter(|path| path.len() == 2).count();
    assert!(leaves >= 29, "{leaves} leaf commands: {paths:?}");
    let mut missing = Vec::new();
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let output = admin(&args, &[]);
        assert!(output.status.success(), "{path:?}");
        let help = text(&output);
        let name = path.join(" ");
        if !help.contains("Example") {
            missing.push(format!("{name}: no example"));
        }
        // The first line is the description; "Usage:" first means there is none.
        if help.trim_start().starts_with("Usage:") {
            missing.push(format!("{name}: no description"));
        }
        // Argument and option lines ("  -x, --name <VALUE>  what it does"): each needs its text.
        let arguments = help
            .split("Arguments:")
            .nth(1)
            .and_then(|rest| rest.split("Options:").next())
            .unwrap_or_default();
        let options = help.split("Options:").nth(1).unwrap_or_default();
        let entries = arguments
            .lines()
            .filter(|line| line.trim_start().starts_with(['<', '[']))
            .chain(
                options
                    .lines()
                    .filter(|line| line.trim_start().starts_with('-')),
            );
        for line in entries {
            let parts = line
                .trim()
                .split("  ")
                .filter(|part| !part.trim().is_empty());
            if parts.count() < 2 {
                missing.push(format!("{name}: {} has no help text", line.trim()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn invite_create_prints_a_single_use_link() {
    let db = TestDb::new_blocking();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("PUBLIC_URL", "https://careers.example.org"),
    ];
    let output = admin(
        &[
            "invite",
            "create",
            "--email",
            "Ada@Example.org",
            "--days",
            "3",
        ],
        &env,
    );
    let shown = text(&output);
    assert!(output.status.success(), "{shown}");
    let link = shown.trim();
    assert!(
        link.starts_with("https://careers.example.org/signup?invite="),
        "{link}"
    );
    assert_eq!(link.rsplit('=').next().unwrap().len(), 64);

    let bad = admin(&["invite", "create", "--email", "not an email"], &env);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("--email"), "{}", text(&bad));

    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Invite {
        #[diesel(sql_type = diesel::sql_types::Text)]
        email: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        about_three_days: bool,
    }
    let row: Invite = diesel::sql_query(
        "SELECT email, expires_at BETWEEN now() + interval '71 hours' AND now() + interval '73 hours' AS about_three_days FROM invites",
    )
    .get_result(&mut db.connect())
    .unwrap();
    assert_eq!(row.email, "ada@example.org");
    assert!(row.about_three_days);
}

#[test]
fn outbox_status_shows_dead_emails_and_requeue_brings_them_back() {
    use diesel::prelude::*;
    let db = TestDb::new_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];
    let clean = admin(&["outbox", "status"], &env);
    assert!(clean.status.success(), "{}", text(&clean));
    assert!(text(&clean).contains("dead     0"));

    diesel::sql_query(
        "INSERT INTO email_outbox (id, to_address, kind, subject, text_body, html_body, status, attempts, last_error) \
         VALUES (gen_random_uuid(), 'a@example.org', 'password_reset', 's', 't', 'h', 'dead', 8, 'connection refused')",
    )
    .execute(&mut db.connect())
    .unwrap();
    let status = admin(&["outbox", "status"], &env);
    fails_with(
        &status,
        1,
        "password_reset after 8 attempts: connection refused",
    );

    let requeued = admin(&["outbox", "requeue-dead", "--yes"], &env);
    assert!(
        text(&requeued).contains("1 email queued again."),
        "{}",
        text(&requeued)
    );
    let status = admin(&["outbox", "status", "--json"], &env);
    let summary: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(
        (summary["pending"].as_i64(), summary["dead"].as_i64()),
        (Some(1), Some(0))
    );
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    // `careerhub-admin doctor | head -1`: the reader goes away before doctor prints.
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerhub-admin"))
        .args(["doctor", "--json"])
        .env(
            "DATA_DIR",
            std::env::temp_dir().join("careerhub-admin-pipe"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(!errors.contains("panicked"), "{errors}");
    assert_ne!(output.status.code(), Some(101));
}

#[test]
fn seed_demo_makes_consistent_data_once() {
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let db = TestDb::new_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];
    let args = [
        "seed",
        "demo",
        "--users",
        "2",
        "--applications",
        "60",
        "--contacts",
        "5",
        "--json",
    ];
    let output = admin(&args, &env);
    assert!(output.status.success(), "{}", text(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["created"].as_array().unwrap().len(), 2);
    assert_eq!(report["applications"], 120);

    let mut conn = db.connect();
    let count = |conn: &mut diesel::PgConnection, sql: &str| {
        diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
    };
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM applications"),
        120
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM contacts"), 10);
    // Every application has its first timeline entry, and its current status is where its
    // history ends.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM applications a WHERE NOT EXISTS \
             (SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.kind = 'created')"
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM applications a WHERE a.status <> (SELECT e.to_status \
             FROM application_events e WHERE e.application_id = a.id AND e.kind <> 'note' \
             ORDER BY e.occurred_at DESC, e.kind = 'status' DESC LIMIT 1)"
        ),
        0
    );
    // The accounts can sign in: verified, with a real password hash.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM users WHERE email_verified_at IS NOT NULL \
             AND password_hash LIKE '$argon2id$%'"
        ),
        2
    );

    // A second run leaves existing accounts alone.
    let again = admin(&args, &env);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["created"].as_array().unwrap().len(), 0);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM applications"),
        120
    );

    let bad = admin(&["seed", "demo", "--prefix", "no spaces"], &env);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("--prefix"));
}

fn json_of(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", text(output)))
}

fn scalar(conn: &mut diesel::PgConnection, sql: &str) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

#[test]
fn users_and_gdpr_requests_as_an_operator() {
    use diesel::prelude::*;
    let db = TestDb::new_blocking();
    let dir = std::env::temp_dir().join(format!("careerhub-admin-ops-{}", uuid::Uuid::now_v7()));
    let backups = dir.display().to_string();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("BACKUP_DIR", backups.as_str()),
    ];
    let seeded = admin(
        &[
            "seed",
            "demo",
            "--users",
            "2",
            "--applications",
            "10",
            "--json",
        ],
        &env,
    );
    assert!(seeded.status.success(), "{}", text(&seeded));
    let mut conn = db.connect();
    diesel::sql_query(
        "INSERT INTO user_sessions (id, user_id, key_hash, expires_at) \
         SELECT gen_random_uuid(), id, sha256(id::text::bytea), now() + interval '1 day' FROM users",
    )
    .execute(&mut conn)
    .unwrap();

    let list = json_of(&admin(&["users", "list", "--json"], &env));
    assert_eq!(list.as_array().unwrap().len(), 2);
    let shown = json_of(&admin(
        &["users", "show", "demo-1@careerhub.test", "--json"],
        &env,
    ));
    assert_eq!(shown["applications"], 10);
    assert_eq!(shown["live_sessions"], 1);

    let disabled = admin(&["users", "disable", "demo-1@careerhub.test"], &env);
    assert!(disabled.status.success(), "{}", text(&disabled));
    assert!(
        text(&disabled).contains("1 session ended"),
        "{}",
        text(&disabled)
    );
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM users WHERE disabled_at IS NOT NULL"
        ),
        1
    );
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM user_sessions u JOIN users s ON s.id = u.user_id WHERE s.email = 'demo-1@careerhub.test'"
        ),
        0
    );
    assert!(
        admin(&["users", "enable", "demo-1@careerhub.test"], &env)
            .status
            .success()
    );
    let granted = admin(&["users", "grant-admin", "demo-2@careerhub.test"], &env);
    assert!(
        text(&granted).contains("now an admin; 1 session ended"),
        "{}",
        text(&granted)
    );
    let admins = json_of(&admin(
        &["users", "list", "--role", "admin", "--json"],
        &env,
    ));
    assert_eq!(admins[0]["email"], "demo-2@careerhub.test");
    let bad_role = admin(&["users", "list", "--role", "superuser"], &env);
    fails_with(
        &bad_role,
        2,
        "invalid value 'superuser' for '--role <ROLE>'",
    );
    let missing = admin(&["users", "show", "nobody@example.org"], &env);
    fails_with(
        &missing,
        1,
        "no account has the address nobody@example.org; `careerhub-admin users list` shows \
             the accounts",
    );
    // A mistyped id is neither: say so, instead of looking it up as an address.
    let malformed = "neither an email address nor an account id (an id is a UUID like \
                     0192f3a4-5b6c-7d8e-9f01-23456789abcd); `careerhub-admin users list` shows both";
    fails_with(
        &admin(&["users", "show", "0192f3a4-5b6c-7d8e"], &env),
        1,
        &format!("0192f3a4-5b6c-7d8e is {malformed}"),
    );
    fails_with(
        &admin(
            &["gdpr", "erase", "--user", "0192f3a4-5b6c-7d8e", "--dry-run"],
            &env,
        ),
        1,
        &format!("0192f3a4-5b6c-7d8e is {malformed}"),
    );

    // Erasure: a dry run changes nothing, no terminal means --yes, then it runs once.
    let dry = json_of(&admin(
        &[
            "gdpr",
            "erase",
            "--user",
            "demo-1@careerhub.test",
            "--dry-run",
            "--json",
        ],
        &env,
    ));
    assert_eq!(dry["dry_run"], true);
    assert!(
        dry["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t[0] == "applications" && t[1] == 10)
    );
    let refused = admin(&["gdpr", "erase", "--user", "demo-1@careerhub.test"], &env);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused).contains("--yes"));
    assert_eq!(scalar(&mut conn, "SELECT count(*) AS n FROM users"), 2);
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "demo-1@careerhub.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mentions_id = format!("SELECT count(*) AS n FROM audit_log a WHERE a::text LIKE '%{id}%'");
    assert!(
        scalar(&mut conn, &mentions_id) > 0,
        "disabling the account was logged with its id"
    );
    let erased = json_of(&admin(
        &["gdpr", "erase", "--user", &id, "--yes", "--json"],
        &env,
    ));
    assert_eq!(erased["state"], "erased");
    assert_eq!(
        scalar(&mut conn, &mentions_id),
        0,
        "no security-log entry names the erased account"
    );
    assert_eq!(scalar(&mut conn, "SELECT count(*) AS n FROM users"), 1);
    let again = admin(&["gdpr", "erase", "--user", &id, "--yes"], &env);
    assert!(again.status.success());
    assert!(
        text(&again).contains("erased before; nothing to do"),
        "{}",
        text(&again)
    );
    let dry_again = admin(&["gdpr", "erase", "--user", &id, "--dry-run"], &env);
    assert!(dry_again.status.success(), "{}", text(&dry_again));
    assert!(text(&dry_again).contains(&format!("{id} was erased before; nothing to do.")));
    let by_address = admin(
        &["gdpr", "erase", "--user", "demo-1@careerhub.test", "--yes"],
        &env,
    );
    fails_with(
        &by_address,
        1,
        "no account has the address demo-1@careerhub.test; `careerhub-admin users list` \
             shows the accounts (an erased account keeps no address: to check an erasure, use \
             the account's id, which erased-accounts.txt in BACKUP_DIR lists)",
    );
    let unknown = "0190f3a0-0000-7000-8000-00000000abcd";
    let nobody = admin(&["gdpr", "erase", "--user", unknown, "--dry-run"], &env);
    fails_with(
        &nobody,
        1,
        &format!(
            "no account has the id {unknown}, and none with it was erased; \
             `careerhub-admin users list` shows the accounts"
        ),
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("erased-accounts.txt"))
            .unwrap()
            .trim(),
        id
    );

    let out = dir.join("demo-2.zip");
    let exported = admin(
        &[
            "gdpr",
            "export",
            "--user",
            "demo-2@careerhub.test",
            "--out",
            out.to_str().unwrap(),
        ],
        &env,
    );
    assert!(exported.status.success(), "{}", text(&exported));
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn cron_backups_retention_and_analytics_as_an_operator() {
    let db = TestDb::new_blocking();
    let dir = std::env::temp_dir().join(format!("careerhub-admin-cron-{}", uuid::Uuid::now_v7()));
    let backups = dir.display().to_string();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("BACKUP_DIR", backups.as_str()),
    ];
    assert!(
        admin(
            &["seed", "demo", "--users", "1", "--applications", "15"],
            &env
        )
        .status
        .success()
    );
    let mut conn = db.connect();

    let jobs = json_of(&admin(&["cron", "list", "--json"], &env));
    let names: Vec<&str> = jobs
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "analytics_rollup",
            "backup",
            "job_alerts",
            "job_import",
            "outbox_sweep",
            "reminder_digests",
            "retention"
        ]
    );
    assert!(
        jobs.as_array()
            .unwrap()
            .iter()
            .all(|j| j["next_run"].is_string())
    );
    let bad = admin(&["cron", "schedule", "backup", "61 2 * * *"], &env);
    fails_with(&bad, 1, "minute: 61 is outside 0-59");
    let good = admin(&["cron", "schedule", "backup", "30 1 $ * *"], &env);
    assert!(good.status.success(), "{}", text(&good));
    assert!(text(&good).contains("next run"));
    for job in [
        "analytics_rollup",
        "backup",
        "retention",
        "reminder_digests",
        "outbox_sweep",
    ] {
        let run = admin(&["cron", "run", job], &env);
        assert!(run.status.success(), "{job}: {}", text(&run));
    }
    let history = json_of(&admin(&["cron", "history", "--json"], &env));
    assert_eq!(history.as_array().unwrap().len(), 5);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "succeeded" && r["trigger"] == "manual")
    );
    assert!(admin(&["cron", "disable", "backup"], &env).status.success());
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM cron_jobs WHERE name = 'backup' AND NOT active"
        ),
        1
    );
    assert_eq!(admin(&["cron", "run", "nope"], &env).status.code(), Some(1));

    // The scheduled backup made one; make another and check both.
    let created = json_of(&admin(&["backup", "create", "--json"], &env));
    assert!(created["file_name"].as_str().unwrap().ends_with(".dump"));
    let listed = json_of(&admin(&["backup", "list", "--json"], &env));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let verified = admin(&["backup", "verify", "latest"], &env);
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(text(&verified).contains("OK"));
    let plan = json_of(&admin(
        &[
            "backup",
            "prune",
            "--keep",
            "1",
            "--keep-days",
            "0",
            "--dry-run",
            "--json",
        ],
        &env,
    ));
    assert_eq!(plan["removed"].as_array().unwrap().len(), 1);
    assert_eq!(
        json_of(&admin(&["backup", "list", "--json"], &env))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(
        admin(
            &[
                "backup",
                "prune",
                "--keep",
                "1",
                "--keep-days",
                "0",
                "--yes"
            ],
            &env
        )
        .status
        .success()
    );
    assert_eq!(
        json_of(&admin(&["backup", "list", "--json"], &env))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let dry = json_of(&admin(&["retention", "run", "--dry-run", "--json"], &env));
    assert_eq!(dry["dry_run"], true);
    assert!(admin(&["retention", "run", "--yes"], &env).status.success());

    let rollup = json_of(&admin(
        &["analytics", "rollup", "--from", "2026-01-01", "--json"],
        &env,
    ));
    assert!(rollup["platform_rows"].as_u64().unwrap() > 300);
    let report = admin(&["analytics", "report"], &env);
    assert!(
        report.status.success() && text(&report).contains("applications"),
        "{}",
        text(&report)
    );
    let backwards = admin(
        &[
            "analytics",
            "rollup",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ],
        &env,
    );
    assert_eq!(backwards.status.code(), Some(1));
    let report_backwards = admin(
        &[
            "analytics",
            "report",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ],
        &env,
    );
    fails_with(
        &report_backwards,
        1,
        "--from 2026-05-01 is after --to 2026-04-01: give the earlier day first",
    );
    let run_nothing = admin(&["cron", "run", "nosuchjob"], &env);
    fails_with(
        &run_nothing,
        1,
        "no scheduled job is named nosuchjob; `careerhub-admin cron list` shows them",
    );
    let no_job = admin(&["cron", "history", "nosuchjob"], &env);
    fails_with(
        &no_job,
        1,
        "no scheduled job is named nosuchjob; `careerhub-admin cron list` shows them",
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// docs/admin.md is the CLI's own help as Markdown (`careerhub-admin reference`), so it cannot
/// drift; and every command the README's operations section names exists in it.
#[test]
fn the_command_reference_matches_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let generated = admin(&["reference"], &[]);
    assert!(generated.status.success(), "{}", text(&generated));
    let generated = String::from_utf8(generated.stdout).unwrap();
    let committed = std::fs::read_to_string(root.join("docs/admin.md")).unwrap();
    assert!(
        generated == committed,
        "docs/admin.md is out of date: run \
         `cargo run -q -p careerhub-admin -- reference > docs/admin.md`"
    );

    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut named = 0;
    for line in readme.lines() {
        let Some(rest) = line.strip_prefix("careerhub-admin ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let group = words.next().unwrap();
        let leaves = words.next().unwrap_or_default();
        for leaf in leaves
            .split('|')
            .map(|leaf| leaf.split_whitespace().next().unwrap_or(leaf))
        {
            let command = if leaf.starts_with('-') || leaf.starts_with('#') || leaf.is_empty() {
                format!("## `careerhub-admin {group}`")
            } else {
                format!("## `careerhub-admin {group} {leaf}`")
            };
            assert!(
                committed.contains(&command),
                "README names {command:?}, which the CLI does not have"
            );
            named += 1;
        }
    }
    assert!(
        named > 10,
        "the README's command list was not read ({named})"
    );
}

/// A PostgreSQL cluster made by `pg_createcluster` for one test, dropped afterwards.
struct Cluster {
    version: String,
    name: String,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("pg_dropcluster")
            .args(["--stop", &self.version, &self.name])
            .output();
    }
}

/// `./scripts/run` on a machine whose PostgreSQL is Debian's stock install (peer on the socket,
/// scram-sha-256 on TCP, no password for anyone): `scripts/database-url` makes a role and a
/// database through the socket, keeps the URL, and the application migrates with it. The cluster
/// is a real one made with Debian's defaults on a free port (this needs root, as CI has).
#[test]
fn the_run_command_sets_up_a_stock_debian_postgresql() {
    let version = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's PostgreSQL packages")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .max_by_key(|name| name.parse::<u32>().unwrap_or(0))
        .expect("a PostgreSQL version");
    let port = free_port().to_string();
    let cluster = Cluster {
        version: version.clone(),
        name: format!("careerhub_stock_{}", std::process::id()),
    };
    let created = Command::new("pg_createcluster")
        .args([&version, &cluster.name, "-p", &port, "--start"])
        .output()
        .expect("pg_createcluster runs");
    assert!(created.status.success(), "{}", text(&created));

    // Stock: no password, no way in over TCP.
    let refused = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-w",
            "-c",
            "SELECT 1",
        ])
        .env("PGCONNECT_TIMEOUT", "5")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("no password supplied"),
        "{}",
        text(&refused)
    );

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let data = std::env::temp_dir().join(format!("careerhub-stock-{}", uuid::Uuid::now_v7()));
    let database_url = || {
        let output = Command::new(root.join("scripts/database-url"))
            .arg(&port)
            .env("DATA_DIR", &data)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output));
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    };
    let url = database_url();
    assert!(
        url.starts_with("postgres://careerhub:")
            && url.ends_with(&format!("@127.0.0.1:{port}/careerhub")),
        "{url}"
    );
    let migrated = admin(&["migrate", "run"], &[("DATABASE_URL", &url)]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    assert!(text(&migrated).contains("the database is current"));

    // The second run reuses the kept URL; only its owner can read the file.
    assert_eq!(database_url(), url);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(data.join("database.env"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let _ = std::fs::remove_dir_all(&data);
    drop(cluster);
}

/// What `seed demo` tells an operator: every count with its word, one or many.
#[test]
fn seed_demo_says_what_it_made() {
    let db = TestDb::new_blocking();
    let spoken = admin(
        &[
            "seed",
            "demo",
            "--applications",
            "0",
            "--contacts",
            "1",
            "--activities",
            "1",
        ],
        &[("DATABASE_URL", db.url.as_str())],
    );
    assert!(spoken.status.success(), "{}", text(&spoken));
    let said = text(&spoken);
    assert!(
        said.starts_with(
            "Created 1 account: 0 applications (0 timeline entries, 0 interviews), 1 contact ("
        ) && said.contains("), 1 learning activity, a profile with ")
            && said.contains(" items and 12 skills, 1 CV version and 0 cover letters.\n"),
        "{said}"
    );
}

#[test]
fn support_renders_a_persons_cv_to_a_file() {
    let db = TestDb::new_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];
    let seeded = admin(&["seed", "demo", "--applications", "10"], &env);
    assert!(seeded.status.success(), "{}", text(&seeded));
    assert!(
        text(&seeded).contains("2 CV versions and 1 cover letter."),
        "{}",
        text(&seeded)
    );
    let user = "demo-1@careerhub.test";
    let listed = admin(&["cv", "list", "--user", user], &env);
    assert!(listed.status.success(), "{}", text(&listed));
    assert!(text(&listed).contains("classic") && text(&listed).contains("General"));

    let dir = std::env::temp_dir().join(format!("careerhub-cv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (format, magic) in [
        ("pdf", &b"%PDF-"[..]),
        ("docx", &b"PK"[..]),
        ("md", &b"# Demo"[..]),
    ] {
        let out = dir.join(format!("cv.{format}"));
        let rendered = admin(
            &[
                "cv",
                "render",
                "--user",
                user,
                "--version",
                "general",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
            &env,
        );
        assert!(rendered.status.success(), "{}", text(&rendered));
        assert!(text(&rendered).starts_with("Wrote "), "{}", text(&rendered));
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.starts_with(magic),
            "{format}: {:?}",
            &bytes[..8.min(bytes.len())]
        );
    }
    let unknown = admin(
        &[
            "cv",
            "render",
            "--user",
            user,
            "--version",
            "Nope",
            "--out",
            "x.pdf",
        ],
        &env,
    );
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("no CV version named \"Nope\"")
            && text(&unknown).contains("cv list"),
        "{}",
        text(&unknown)
    );
    let bad_format = admin(
        &[
            "cv",
            "render",
            "--user",
            user,
            "--version",
            "General",
            "--format",
            "odt",
            "--out",
            "x",
        ],
        &env,
    );
    assert!(!bad_format.status.success());
    assert!(
        text(&bad_format).contains("odt is not one of pdf, docx, md, txt, json"),
        "{}",
        text(&bad_format)
    );
    let nobody = admin(&["cv", "list", "--user", "nobody@example.org"], &env);
    assert!(
        !nobody.status.success() && text(&nobody).contains("no account has the address"),
        "{}",
        text(&nobody)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kill -9` of `gdpr erase` half-way (one row per transaction, so it is still at work when
/// killed): the request stays pending with the account disabled, and the next retention run (the
/// scheduled job) finishes it, once: one erasure in the audit trail, naming the operator who
/// asked, nothing left of the person, and a second run has nothing to do.
#[test]
fn an_erasure_killed_half_way_is_finished_once_by_the_next_retention_run() {
    let db = TestDb::new_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];
    let user = demo_account(&db, &["--applications", "300", "--contacts", "50"]);
    let mut conn = db.connect();
    let (mut erasing, data_dir) = spawn_admin(
        &["gdpr", "erase", "--user", &user, "--yes", "--batch", "1"],
        &env,
    );
    let deleted_so_far = |conn: &mut diesel::PgConnection| {
        scalar(
            conn,
            "SELECT coalesce(max(rows_deleted), 0) AS n FROM erasure_requests \
             WHERE status = 'pending'",
        )
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while deleted_so_far(&mut conn) < 100 {
        assert!(
            erasing.try_wait().unwrap().is_none(),
            "the erasure ended before it could be killed half-way"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the erasure did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    erasing.kill().unwrap(); // SIGKILL
    erasing.wait().unwrap();
    let _ = std::fs::remove_dir_all(&data_dir);
    let left_at = deleted_so_far(&mut conn);
    assert!(left_at >= 100, "pending, {left_at} rows deleted");
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM users WHERE disabled_at IS NOT NULL"
        ),
        1,
        "the half-erased account cannot be used"
    );

    let finished = json_of(&admin(&["retention", "run", "--yes", "--json"], &env));
    assert_eq!(finished["accounts_erased"], serde_json::json!([user]));
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM erasure_requests \
             WHERE status = 'done' AND completed_at IS NOT NULL"
        ),
        1
    );
    let erased_events = "SELECT count(*) AS n FROM audit_log WHERE event = 'gdpr.erased' \
                         AND detail ->> 'requested_by' = 'operator'";
    assert_eq!(scalar(&mut conn, erased_events), 1);
    let after = json_of(&admin(
        &["gdpr", "erase", "--user", &user, "--dry-run", "--json"],
        &env,
    ));
    assert_eq!(after["erased_before"], true, "{after}");
    let left: i64 = after["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|table| table[1].as_i64().unwrap())
        .sum();
    assert_eq!(left, 0, "nothing of the person is left: {after}");

    let again = json_of(&admin(&["retention", "run", "--yes", "--json"], &env));
    assert_eq!(again["accounts_erased"], serde_json::json!([]));
    assert_eq!(scalar(&mut conn, erased_events), 1, "erased once");
}

/// An operator's erasure still at work when the retention job runs: the job sees the pending
/// request, leaves it to the run that holds it (reported as busy), and so does a second operator
/// run; the first run finishes, and the audit trail has one erasure.
#[test]
fn an_erasure_under_way_is_left_to_its_run_by_retention_and_by_a_second_operator() {
    use diesel::prelude::*;
    let db = TestDb::new_blocking();
    let env = [("DATABASE_URL", db.url.as_str())];
    let user = demo_account(&db, &["--applications", "20"]);
    let mut conn = db.connect();

    // The test holds the account row, so the operator's run, once it has its lock and its
    // request, waits at its first step (disabling the account) for as long as the test likes.
    let mut holder = db.connect();
    diesel::sql_query("BEGIN").execute(&mut holder).unwrap();
    diesel::sql_query(format!(
        "SELECT id FROM users WHERE id = '{user}' FOR UPDATE"
    ))
    .execute(&mut holder)
    .unwrap();
    let (erasing, data_dir) = spawn_admin(&["gdpr", "erase", "--user", &user, "--yes"], &env);
    let waiting = "SELECT count(*) AS n FROM pg_stat_activity \
                   WHERE datname = current_database() AND wait_event_type = 'Lock' \
                   AND query LIKE 'UPDATE \"users\"%'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while scalar(&mut conn, waiting) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the erasure never reached the account row"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    let retention = json_of(&admin(&["retention", "run", "--yes", "--json"], &env));
    assert_eq!(
        retention["accounts_busy"],
        serde_json::json!([user]),
        "{retention}"
    );
    assert_eq!(
        retention["accounts_erased"],
        serde_json::json!([]),
        "{retention}"
    );
    let summary = admin(&["retention", "run", "--yes"], &env);
    assert!(
        summary.status.success()
            && text(&summary).contains("1 account being erased by another run, left to it"),
        "{}",
        text(&summary)
    );
    let second = admin(&["gdpr", "erase", "--user", &user, "--yes"], &env);
    assert!(
        !second.status.success() && text(&second).contains("being erased by another run"),
        "{}",
        text(&second)
    );

    diesel::sql_query("ROLLBACK").execute(&mut holder).unwrap();
    let first = erasing.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&data_dir);
    assert!(
        first.status.success() && text(&first).contains(&format!("{user} erased")),
        "{}",
        text(&first)
    );
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM audit_log WHERE event = 'gdpr.erased'"
        ),
        1,
        "erased once"
    );
    assert_eq!(
        scalar(&mut conn, ADVISORY_LOCKS_HERE),
        0,
        "no erasure lock is left behind"
    );
    let after = json_of(&admin(&["retention", "run", "--yes", "--json"], &env));
    assert_eq!(after["accounts_erased"], serde_json::json!([]), "{after}");
    assert_eq!(after["accounts_busy"], serde_json::json!([]), "{after}");
}

/// A Greenhouse board of `count` postings, served from a thread until the test ends, with an
/// ETag (a request that sends it back gets 304). Returns the API's base address.
fn serve_greenhouse_board(count: usize) -> String {
    use std::io::{Read, Write};
    let jobs: Vec<serde_json::Value> = (0..count)
        .map(|n| {
            serde_json::json!({
                "id": 500_000 + n,
                "title": format!("Backend Engineer {n}"),
                "updated_at": "2026-11-20T10:55:28-05:00",
                "location": { "name": "Berlin, Germany" },
                "absolute_url": format!("https://boards.example/big/jobs/{n}"),
                "company_name": format!("Company {}", n % 50),
                "content": "&lt;p&gt;Rust, PostgreSQL and Kubernetes, with a team of five.&lt;/p&gt;",
            })
        })
        .collect();
    let body = serde_json::to_vec(&serde_json::json!({ "jobs": jobs, "meta": { "total": count } }))
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                request.push(byte[0]);
            }
            let request = String::from_utf8_lossy(&request).to_lowercase();
            if request.contains("if-none-match: \"big-1\"") {
                let _ = stream.write_all(
                    b"HTTP/1.1 304 Not Modified\r\netag: \"big-1\"\r\nconnection: close\r\n\r\n",
                );
                continue;
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\netag: \"big-1\"\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// `kill -9` of `jobs import` while it stores a large board (one transaction per source, the
/// board's ETag recorded in it): nothing of the killed run stays, so the next import reads the
/// board again and stores each posting once, and the one after finds it unchanged.
#[test]
fn an_import_killed_while_storing_leaves_nothing_and_the_next_stores_each_posting_once() {
    const POSTINGS: usize = 3_000;
    let db = TestDb::new_blocking();
    let api = serve_greenhouse_board(POSTINGS);
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("JOBS_GREENHOUSE_API", api.as_str()),
        ("JOBS_LINK_PRIVATE_NETWORKS", "127.0.0.1/32"),
    ];
    let added = admin(&["jobs", "source", "add", "greenhouse:big"], &env);
    assert!(added.status.success(), "{}", text(&added));
    let mut conn = db.connect();
    let postings = "SELECT count(*) AS n FROM job_postings";

    let (mut importing, data_dir) = spawn_admin(&["jobs", "import"], &env);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while scalar(&mut conn, ADVISORY_LOCKS_HERE) == 0 {
        assert!(
            importing.try_wait().unwrap().is_none(),
            "the import ended before it could be killed while storing"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started storing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        importing.try_wait().unwrap().is_none(),
        "the import finished storing {POSTINGS} postings in 200 ms: kill it sooner"
    );
    importing.kill().unwrap(); // SIGKILL
    importing.wait().unwrap();
    let _ = std::fs::remove_dir_all(&data_dir);
    assert_eq!(
        scalar(&mut conn, postings),
        0,
        "the killed run left postings"
    );

    let next = json_of(&admin(&["jobs", "import", "--json"], &env));
    assert_eq!(next[0]["status"], "imported", "{next}");
    assert_eq!(next[0]["added"], POSTINGS, "{next}");
    assert_eq!(scalar(&mut conn, postings), POSTINGS as i64);
    assert_eq!(
        scalar(
            &mut conn,
            "SELECT count(*) AS n FROM (SELECT 1 FROM job_postings \
             GROUP BY source_id, external_id HAVING count(*) > 1) twice"
        ),
        0,
        "each posting once"
    );
    let again = json_of(&admin(&["jobs", "import", "--json"], &env));
    assert_eq!(again[0]["status"], "unchanged", "{again}");
    assert_eq!(scalar(&mut conn, postings), POSTINGS as i64);
}
