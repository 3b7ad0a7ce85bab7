//! The area registry (`careerhub_core::areas`) against the migrated database: every column that
//! holds a user's id is declared by an area, and "Download my data" holds every declared row.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use careerhub_core::areas::Exported;
use careerhub_core::ops::gdpr;
use careerhub_core::registry;
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};

use crate::operations::user_with_everything;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    value: String,
}

/// `value` as a whole JSON or CSV value in `text`, not as part of a longer one (a date inside a
/// timestamp, a digit inside a number).
fn holds(text: &str, value: &str) -> bool {
    let before = |c: char| matches!(c, '"' | ' ' | ',' | ':' | '[' | '\n');
    let after = |c: char| matches!(c, '"' | ',' | ']' | '}' | '\n' | '\r');
    text.match_indices(value).any(|(at, _)| {
        text[..at].chars().next_back().is_none_or(before)
            && text[at + value.len()..].chars().next().is_none_or(after)
    })
}

/// Every (table, column) that can hold a user's id: foreign keys to users, and uuid columns
/// named like a user reference without one.
pub fn user_columns(conn: &mut PgConnection) -> BTreeSet<(String, String)> {
    diesel::sql_query(
        "SELECT DISTINCT kcu.table_name::text, kcu.column_name::text \
         FROM information_schema.referential_constraints rc \
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name \
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name \
         WHERE ccu.table_name = 'users' AND kcu.table_schema = 'public' \
         UNION \
         SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND data_type = 'uuid' \
           AND (column_name LIKE '%user_id' OR column_name IN ('used_by', 'created_by'))",
    )
    .load::<Column>(conn)
    .unwrap()
    .into_iter()
    .map(|column| (column.table_name, column.column_name))
    .collect()
}

#[test]
fn every_user_column_belongs_to_an_area() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let found = user_columns(&mut conn);
    let declared: BTreeSet<(String, String)> = registry::user_tables()
        .map(|table| (table.table.to_owned(), table.column.to_owned()))
        .collect();
    let undeclared: Vec<_> = found.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "columns that hold a user's id but belong to no area (add them to an AREA's \
         user_tables): {undeclared:?}"
    );
    let stale: Vec<_> = declared.difference(&found).collect();
    assert!(
        stale.is_empty(),
        "declared but not in the schema: {stale:?}"
    );
}

#[test]
fn the_data_export_holds_every_row_of_every_declared_table() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let (user, _) = user_with_everything(&mut conn, "areas");
    let zip = gdpr::export(&mut conn, user).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        let name = file.name().expect("a UTF-8 file name").to_string();
        files.insert(name, text);
    }
    let readme = &files["README.txt"];
    for name in files.keys().filter(|name| *name != "README.txt") {
        assert!(
            readme.contains(name.as_str()),
            "README says nothing of {name}"
        );
    }
    let mut checked = 0;
    for table in registry::user_tables() {
        let Exported::In { file, key } = table.exported else {
            continue;
        };
        let text = files
            .get(file)
            .unwrap_or_else(|| panic!("{}: {file} is not in the export", table.table));
        let values: Vec<String> = diesel::sql_query(format!(
            "SELECT DISTINCT {key}::text AS value FROM {} WHERE {} = $1 AND {key} IS NOT NULL",
            table.table, table.column
        ))
        .bind::<SqlUuid, _>(user)
        .load::<Value>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|row| row.value)
        .collect();
        assert!(
            !values.is_empty(),
            "the test account has no row in {}.{}: give user_with_everything one",
            table.table,
            table.column
        );
        for value in values {
            assert!(
                holds(text, &value),
                "{}.{} = {value} is not in {file}",
                table.table,
                key
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} values checked");
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    triggers: i64,
}

/// Every table with an owner counts its changes (the account_changes migration): the page cache
/// keys a person's pages by that count, so a table added without `track_account_changes` would
/// let a kept page outlive a change to it. The session index alone is left out (see there).
#[test]
fn every_owned_table_counts_its_changes_for_the_page_cache() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let tables = diesel::sql_query(
        "SELECT c.table_name::text, \
           (SELECT count(*) FROM pg_trigger g \
            WHERE g.tgrelid = format('%I', c.table_name)::regclass AND NOT g.tgisinternal \
              AND g.tgname IN ('account_changes_insert', 'account_changes_update', \
                               'account_changes_delete', 'account_changes_truncate')) AS triggers \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND c.column_name = 'user_id' \
           AND t.table_type = 'BASE TABLE'",
    )
    .load::<Counted>(&mut conn)
    .unwrap();
    assert!(
        tables.len() >= 25,
        "found the owned tables: {}",
        tables.len()
    );
    let uncounted: Vec<&str> = tables
        .iter()
        .filter(|table| {
            !matches!(
                table.table_name.as_str(),
                "user_sessions" | "account_changes"
            )
        })
        .filter(|table| table.triggers != 4)
        .map(|table| table.table_name.as_str())
        .collect();
    assert!(
        uncounted.is_empty(),
        "tables whose changes the page cache cannot see (add `SELECT \
         track_account_changes('…')` to their migration): {uncounted:?}"
    );
}
