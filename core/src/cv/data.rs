//! The CV area's part of the registry (`crate::areas`): its user tables, its file in the data
//! export, the queries a restored backup must answer.

use careerhub_domain::cv::CvDocument;
use careerhub_domain::ids::UserId;
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::{cv_version_entries, cv_version_skills};
use crate::service::Error;

use super::{document, versions};

const fn in_cv_json(table: &'static str, key: &'static str) -> UserTable {
    UserTable {
        table,
        column: "user_id",
        erased: Erased::Deleted,
        exported: Exported::In {
            file: "cv_versions.json",
            key,
        },
    }
}

pub const AREA: Area = Area {
    name: "cv",
    user_tables: &[
        in_cv_json("cv_version_entries", "entry_id"),
        in_cv_json("cv_version_skills", "skill_id"),
        UserTable {
            table: "document_renders",
            column: "user_id",
            erased: Erased::Deleted,
            exported: Exported::Not(
                "cached PDF and DOCX files, made again from cv_versions.json's documents",
            ),
        },
        in_cv_json("cv_versions", "id"),
    ],
    export: export_files,
    smoke_check,
    demo: Some(super::demo::seed),
};

#[derive(Serialize)]
struct VersionExport {
    id: String,
    name: String,
    /// Profile items included, by id (see profile.json), with highlights reworded here.
    entries: Vec<IncludedEntry>,
    /// Skills included, by id (see profile.json).
    skills: Vec<IncludedSkill>,
    /// Everything the version prints, resolved against the profile.
    document: CvDocument,
}

#[derive(Serialize)]
struct IncludedEntry {
    entry_id: String,
    highlights: Option<Vec<String>>,
}

#[derive(Serialize)]
struct IncludedSkill {
    skill_id: String,
    highlighted: bool,
}

fn export_files(conn: &mut PgConnection, user: UserId) -> Result<Vec<ExportPart>, Error> {
    let mut exported = Vec::new();
    for summary in versions::list(conn, user)? {
        let entries = cv_version_entries::table
            .filter(cv_version_entries::cv_version_id.eq(summary.id))
            .filter(cv_version_entries::user_id.eq(user))
            .select((cv_version_entries::entry_id, cv_version_entries::highlights))
            .load::<(uuid::Uuid, Option<Vec<String>>)>(conn)?
            .into_iter()
            .map(|(entry_id, highlights)| IncludedEntry {
                entry_id: entry_id.to_string(),
                highlights,
            })
            .collect();
        let skills = cv_version_skills::table
            .filter(cv_version_skills::cv_version_id.eq(summary.id))
            .filter(cv_version_skills::user_id.eq(user))
            .select((cv_version_skills::skill_id, cv_version_skills::highlighted))
            .load::<(uuid::Uuid, bool)>(conn)?
            .into_iter()
            .map(|(skill_id, highlighted)| IncludedSkill {
                skill_id: skill_id.to_string(),
                highlighted,
            })
            .collect();
        exported.push(VersionExport {
            id: summary.id.to_string(),
            name: summary.name,
            entries,
            skills,
            document: document::resolve(conn, user, summary.id)?.document,
        });
    }
    if exported.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![ExportPart {
        name: "cv_versions.json",
        about: "your CV versions: what each includes from your profile, and the document each \
                prints (Careerhub makes the PDF and DOCX from it again)",
        bytes: json(&exported)?,
    }])
}

fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    for summary in versions::list(conn, user)? {
        versions::view(conn, user, summary.id)?;
    }
    Ok(())
}
