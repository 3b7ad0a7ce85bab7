//! Every enum stored as text has exactly the values its column's CHECK constraint allows, and
//! every `CHECK (column IN (...))` in the migrated schema belongs to a registered enum
//! (`careerhub_core::enum_columns`).

use std::collections::{BTreeMap, BTreeSet};

use careerhub_core::enum_columns::enum_columns;
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

/// `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` → {a, b}, and PostgreSQL's form of
/// a one-value list, `CHECK ((list = 'a'::text))` → {a}; None for other checks.
fn allowed_values(definition: &str) -> Option<BTreeSet<String>> {
    let single = definition
        .strip_prefix("CHECK ((")
        .and_then(|rest| rest.strip_suffix("::text))"))
        .and_then(|rest| rest.split_once(" = '"))
        .filter(|(column, value)| {
            !column.contains([' ', '('])
                && value.ends_with('\'')
                && !value[..value.len() - 1].contains('\'')
        })
        .map(|(_, value)| value.trim_end_matches('\'').to_owned());
    if let Some(value) = single {
        return Some(BTreeSet::from([value]));
    }
    let list = definition
        .split("= ANY (ARRAY[")
        .nth(1)?
        .split(']')
        .next()?;
    Some(
        list.split(',')
            .map(|item| {
                item.trim()
                    .trim_end_matches("::text")
                    .trim_matches('\'')
                    .to_owned()
            })
            .collect(),
    )
}

#[test]
fn every_text_enum_matches_its_check_constraint() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let checks: Vec<Check> = diesel::sql_query(
        "SELECT rel.relname::text AS table_name, att.attname::text AS column_name, \
                pg_get_constraintdef(con.oid) AS definition \
         FROM pg_constraint con \
         JOIN pg_class rel ON rel.oid = con.conrelid \
         JOIN pg_namespace ns ON ns.oid = rel.relnamespace AND ns.nspname = 'public' \
         JOIN pg_attribute att ON att.attrelid = rel.oid AND att.attnum = con.conkey[1] \
         WHERE con.contype = 'c' AND array_length(con.conkey, 1) = 1",
    )
    .load(&mut conn)
    .unwrap();
    let in_database: BTreeMap<(String, String), BTreeSet<String>> = checks
        .into_iter()
        .filter_map(|check| {
            allowed_values(&check.definition)
                .map(|values| ((check.table_name, check.column_name), values))
        })
        .collect();
    let registered: BTreeMap<(String, String), BTreeSet<String>> = enum_columns()
        .into_iter()
        .map(|(table, column, values)| {
            (
                (table.to_owned(), column.to_owned()),
                values.into_iter().map(str::to_owned).collect(),
            )
        })
        .collect();
    assert!(in_database.len() >= 16, "{in_database:#?}");
    for (column, values) in &in_database {
        let enum_values = registered.get(column).unwrap_or_else(|| {
            panic!("{column:?} has CHECK values {values:?} but no enum in enum_columns()")
        });
        assert_eq!(
            enum_values, values,
            "{column:?}: the enum and the CHECK differ"
        );
    }
    for column in registered.keys() {
        assert!(
            in_database.contains_key(column),
            "{column:?} has no CHECK constraint"
        );
    }
}
