//! Every feature area's declaration ([`crate::areas::Area`]) in one list, and what runs over the
//! list: the user tables in erasure order, the data export, the smoke check of a restored backup.
//!
//! `core/tests/it/areas.rs` fails when a table with a user column is declared by no area, and
//! when the export of a user with rows in every table misses any of them. A new area adds its
//! `AREA` to [`AREAS`]; see docs/architecture.md.

use careerhub_domain::ids::UserId;
use diesel::PgConnection;

use crate::areas::{Area, ExportPart, UserTable};
use crate::demo::Demo;
use crate::service::Error;

/// Every area, dependants before what they depend on (erasure walks them in this order).
pub const AREAS: &[&Area] = &[
    &crate::cv::data::AREA,
    &crate::jobs::data::AREA,
    &crate::profile::data::AREA,
    &crate::tracker::data::AREA,
    &crate::ops::analytics::AREA,
    &crate::email::data::AREA,
    &crate::accounts::data::AREA,
];

/// Every user table of every area, in erasure order.
pub fn user_tables() -> impl Iterator<Item = &'static UserTable> {
    AREAS.iter().flat_map(|area| area.user_tables.iter())
}

/// Every area's export files for `user`: the account first (the areas in reverse of erasure
/// order), which is what people look for first.
pub fn export(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let mut parts = Vec::new();
    for area in AREAS.iter().rev() {
        parts.extend((area.export)(conn, user)?);
    }
    Ok(parts)
}

/// Runs every area's smoke check for `user`; the first failure names its area.
pub fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    for area in AREAS {
        (area.smoke_check)(conn, user).map_err(|err| match err {
            Error::Internal { context, source } => Error::Internal {
                context: format!("{}: {context}", area.name),
                source,
            },
            other => other,
        })?;
    }
    Ok(())
}

/// Every area's demo rows for one new account, parents first (the reverse of erasure order).
pub fn seed_demo(conn: &mut PgConnection, demo: &mut Demo) -> Result<(), Error> {
    for area in AREAS.iter().rev() {
        if let Some(seed) = area.demo {
            seed(conn, demo)?;
        }
    }
    Ok(())
}
