//! The feature areas, and what each declares once so that no list elsewhere can forget it: the
//! tables that hold a user's rows (erasure deletes them, the data export must hold them) and the
//! first queries the area runs (the smoke check of a restored backup).
//!
//! These are the declaration's types; [`crate::registry`] lists the areas. An area's module uses
//! only these types, so no area depends on the list that names it.

use careerhub_domain::ids::UserId;
use diesel::PgConnection;

use crate::demo::Demo;
use crate::service::Error;

/// A table with rows that belong to one user.
#[derive(Debug, Clone, Copy)]
pub struct UserTable {
    pub table: &'static str,
    /// The column that holds the owner's id.
    pub column: &'static str,
    /// What erasure does with these rows.
    pub erased: Erased,
    /// Where "Download my data" puts these rows.
    pub exported: Exported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    /// Deleted in batches, in the order of [`user_tables`].
    Deleted,
    /// The rows stay without the person, and why (gdpr.rs anonymises them, or the database's
    /// foreign key sets the column to NULL when the account row goes).
    Kept(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub enum Exported {
    /// In this file of the zip, where each row can be found by the text of `key` (a column whose
    /// value identifies the row: its id, or what it links to).
    In {
        file: &'static str,
        key: &'static str,
    },
    /// Not exported, and why (for the README of the export and the test).
    Not(&'static str),
}

/// A file of the data export.
#[derive(Debug)]
pub struct ExportPart {
    pub name: &'static str,
    /// One line for the README of the zip.
    pub about: &'static str,
    pub bytes: Vec<u8>,
}

/// Writes an area's rows for one new demo account.
pub type DemoRows = fn(&mut PgConnection, &mut Demo) -> Result<(), Error>;

/// One feature area.
#[derive(Debug)]
pub struct Area {
    pub name: &'static str,
    /// Children before parents: erasure deletes in this order.
    pub user_tables: &'static [UserTable],
    /// The area's files in "Download my data" (and `careerhub-admin gdpr export`).
    pub export: fn(&mut PgConnection, UserId) -> Result<Vec<ExportPart>, Error>,
    /// The area's first queries for one user, run against a restored backup.
    pub smoke_check: fn(&mut PgConnection, UserId) -> Result<(), Error>,
    /// The area's rows for a new demo account (`careerhub-admin seed demo`), or None when it has
    /// none of its own (the account row itself is the seed's).
    pub demo: Option<DemoRows>,
}

/// JSON for an export file.
pub fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec_pretty(value).map_err(|err| Error::internal("writing JSON", err))
}
