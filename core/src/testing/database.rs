use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::{self, quote_ident};

/// Prefix of every per-test database; `cargo xtask test` drops leftovers of killed runs.
pub const TEST_DATABASE_PREFIX: &str = "careerhub_test_";
const TEMPLATE_PREFIX: &str = "careerhub_template_";

/// A database of its own for one test, created from the migrated template and dropped on drop.
pub struct TestDb {
    pub url: String,
    pub name: String,
    maintenance_url: String,
}

/// `TEST_DATABASE_URL` names the server (its database part is ignored).
fn maintenance_url() -> String {
    let server = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    db::split_database_url(&server)
        .map(|(_, url)| url)
        .expect("TEST_DATABASE_URL must be a postgres:// URL with a database name")
}

fn with_database(maintenance_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(maintenance_url).expect("valid URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl TestDb {
    /// A migrated, empty database. Blocking: call from `spawn_blocking` in async tests, or use
    /// [`TestDb::create`].
    pub fn new_blocking() -> Self {
        let maintenance_url = maintenance_url();
        let template = ensure_template(&maintenance_url);
        Self::from_template(maintenance_url, Some(&template))
    }

    /// An empty database with no migrations applied (for migration tests).
    pub fn empty_blocking() -> Self {
        Self::from_template(maintenance_url(), None)
    }

    pub async fn create() -> Self {
        tokio::task::spawn_blocking(Self::new_blocking)
            .await
            .expect("creating the test database panicked")
    }

    fn from_template(maintenance_url: String, template: Option<&str>) -> Self {
        let name = format!("{TEST_DATABASE_PREFIX}{}", uuid::Uuid::now_v7().simple());
        let mut conn = db::connect(&maintenance_url).expect("the test PostgreSQL is reachable");
        let statement = match template {
            Some(template) => format!(
                "CREATE DATABASE {} TEMPLATE {}",
                quote_ident(&name),
                quote_ident(template)
            ),
            None => format!("CREATE DATABASE {}", quote_ident(&name)),
        };
        // Two clones of one template at the same instant can collide; a retry settles it.
        let mut attempt = 0;
        loop {
            match conn.batch_execute(&statement) {
                Ok(()) => break,
                Err(err) if attempt < 20 && err.to_string().contains("being accessed") => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
                }
                Err(err) => panic!("cannot create test database {name}: {err}"),
            }
        }
        Self {
            url: with_database(&maintenance_url, &name),
            name,
            maintenance_url,
        }
    }

    pub fn connect(&self) -> PgConnection {
        db::connect(&self.url).expect("the test database is reachable")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut conn) = db::connect(&self.maintenance_url) {
            let _ = conn.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(&self.name)
            ));
        }
    }
}

#[derive(QueryableByName)]
struct DatabaseName {
    #[diesel(sql_type = Text)]
    datname: String,
}

/// The template's name carries a hash of the migrations, so a changed migration builds a new one,
/// and the time it was built: a template another checkout (with other migrations) is still using
/// is left alone, and only templates older than [`STALE_TEMPLATE_SECS`] are dropped. It is built
/// under an advisory lock (test binaries run in parallel processes) as `<name>_building` and
/// renamed when complete, so a run killed half-way never leaves a broken template behind.
fn ensure_template(maintenance_url: &str) -> String {
    static TEMPLATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| build_template(maintenance_url))
        .clone()
}

/// Longer than any test run: a template this old belongs to no run still going.
const STALE_TEMPLATE_SECS: u64 = 6 * 3600;

fn build_template(maintenance_url: &str) -> String {
    let prefix = format!("{TEMPLATE_PREFIX}{:016x}_", migrations_hash());
    let mut conn = db::connect(maintenance_url).expect("the test PostgreSQL is reachable");
    conn.batch_execute("SELECT pg_advisory_lock(4242001)")
        .expect("advisory lock");
    let existing: Vec<String> = diesel::sql_query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'careerhub\\_template\\_%'",
    )
    .load::<DatabaseName>(&mut conn)
    .expect("list templates")
    .into_iter()
    .map(|row| row.datname)
    .collect();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs();
    let built_at = |name: &str| -> Option<u64> { name.rsplit('_').next()?.parse().ok() };
    let name = match existing
        .iter()
        .find(|name| name.starts_with(&prefix) && built_at(name).is_some())
    {
        Some(name) => name.clone(),
        None => {
            let name = format!("{prefix}{now}");
            let building = format!("{name}_building");
            let _ = conn.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(&building)
            ));
            conn.batch_execute(&format!("CREATE DATABASE {}", quote_ident(&building)))
                .expect("create template");
            {
                let mut template = db::connect(&with_database(maintenance_url, &building))
                    .expect("connect to template");
                crate::migrate(&mut template).expect("migrate the template");
            }
            conn.batch_execute(&format!(
                "ALTER DATABASE {} RENAME TO {}",
                quote_ident(&building),
                quote_ident(&name)
            ))
            .expect("rename template");
            name
        }
    };
    for stale in existing.iter().filter(|other| {
        **other != name && built_at(other).is_none_or(|at| at + STALE_TEMPLATE_SECS < now)
    }) {
        let _ = conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(stale)
        ));
    }
    conn.batch_execute("SELECT pg_advisory_unlock(4242001)")
        .expect("advisory unlock");
    name
}

fn migrations_hash() -> u64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        // Relative: two checkouts of the same migrations share one template.
        file.strip_prefix(&dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .hash(&mut hasher);
        std::fs::read(&file)
            .expect("read migration")
            .hash(&mut hasher);
    }
    hasher.finish()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("read migrations directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
