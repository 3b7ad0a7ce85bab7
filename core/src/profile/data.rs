//! The profile's part of the registry (`crate::areas`): its user tables, its file in the data
//! export, and the queries a restored backup must answer.

use careerhub_domain::ids::UserId;
use careerhub_domain::profile::{Basics, Entry, Skill, Visibility};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::profile_slug_redirects as redirects;
use crate::service::Error;

use super::models::stored_details;
use super::{entries, page, skills};

const fn in_profile_json(table: &'static str, key: &'static str) -> UserTable {
    UserTable {
        table,
        column: "user_id",
        erased: Erased::Deleted,
        exported: Exported::In {
            file: "profile.json",
            key,
        },
    }
}

pub const AREA: Area = Area {
    name: "profile",
    user_tables: &[
        in_profile_json("profile_entries", "id"),
        in_profile_json("profile_skills", "id"),
        in_profile_json("profile_slug_redirects", "old_slug"),
        in_profile_json("profiles", "slug"),
    ],
    export: export_files,
    smoke_check,
    demo: Some(super::demo::seed),
};

#[derive(Serialize)]
struct OldAddress {
    old_slug: String,
    redirects_until: DateTime<Utc>,
}

#[derive(Serialize)]
struct ProfileExport {
    slug: String,
    visibility: Visibility,
    /// Whether a link-only address exists (only a hash of its key is kept).
    has_link: bool,
    basics: Basics,
    /// Every section item, hidden ones included ([`exported_entry`]).
    entries: Vec<serde_json::Value>,
    skills: Vec<Skill>,
    old_addresses: Vec<OldAddress>,
}

/// An item with its details as the database keeps them (the section's name under "section" and
/// the section's fields), as exports have always written them; pages carry them another way.
fn exported_entry(entry: &Entry) -> Result<serde_json::Value, Error> {
    let mut value =
        serde_json::to_value(entry).map_err(|err| Error::internal("exporting an entry", err))?;
    value["details"] = stored_details(&entry.details)?;
    Ok(value)
}

fn export_files(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let Some(profile) = page::find(conn, user)? else {
        return Ok(Vec::new());
    };
    let old_addresses = redirects::table
        .filter(redirects::user_id.eq(user))
        .order(redirects::expires_at.asc())
        .select((redirects::old_slug, redirects::expires_at))
        .load::<(String, DateTime<Utc>)>(conn)?
        .into_iter()
        .map(|(old_slug, redirects_until)| OldAddress {
            old_slug,
            redirects_until,
        })
        .collect();
    let export = ProfileExport {
        basics: profile.basics(),
        slug: profile.slug,
        visibility: profile.visibility,
        has_link: profile.link_key_hash.is_some(),
        entries: entries::all(conn, user)?
            .iter()
            .map(exported_entry)
            .collect::<Result<_, _>>()?,
        skills: skills::all(conn, user)?,
        old_addresses,
    };
    Ok(vec![ExportPart {
        name: "profile.json",
        about: "your master profile: basics, every section item (hidden ones too), skills, \
                public address and old addresses that still redirect",
        bytes: json(&export)?,
    }])
}

/// The editor's reads, without making a profile in the restored copy.
fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    page::find(conn, user)?;
    entries::all(conn, user)?;
    skills::all(conn, user)?;
    Ok(())
}
