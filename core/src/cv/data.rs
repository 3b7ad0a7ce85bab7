//! The CV area's part of the registry (`crate::areas`): its user tables, its file in the data
//! export, the queries a restored backup must answer.

use careerhub_domain::cv::CvDocument;
use careerhub_domain::ids::UserId;
use diesel::prelude::*;
use serde::Serialize;

use crate::areas::{Area, Erased, ExportPart, Exported, UserTable, json};
use crate::schema::{
    cv_version_entries, cv_version_skills, letter_templates, letter_versions, letters,
    sent_documents,
};
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

const fn in_file(table: &'static str, file: &'static str, key: &'static str) -> UserTable {
    UserTable {
        table,
        column: "user_id",
        erased: Erased::Deleted,
        exported: Exported::In { file, key },
    }
}

pub const AREA: Area = Area {
    name: "cv",
    user_tables: &[
        in_file("sent_documents", "sent_documents.json", "id"),
        in_file("letter_versions", "letters.json", "letter_id"),
        in_file("letters", "letters.json", "id"),
        in_file("letter_templates", "letters.json", "id"),
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
    let mut parts = Vec::new();
    if !exported.is_empty() {
        parts.push(ExportPart {
            name: "cv_versions.json",
            about: "your CV versions: what each includes from your profile, and the document each \
                    prints (Careerhub makes the PDF and DOCX from it again)",
            bytes: json(&exported)?,
        });
    }
    parts.extend(letters_export(conn, user)?);
    parts.extend(sent_export(conn, user)?);
    Ok(parts)
}

#[derive(Serialize)]
struct LetterExport {
    id: String,
    title: String,
    application_id: Option<String>,
    /// Every saved version, oldest first.
    versions: Vec<LetterVersionExport>,
}

#[derive(Serialize)]
struct LetterVersionExport {
    number: i32,
    saved_at: chrono::DateTime<chrono::Utc>,
    body: String,
}

#[derive(Serialize)]
struct LettersExport {
    letters: Vec<LetterExport>,
    /// Your own letter templates (the defaults are everyone's).
    templates: Vec<TemplateExport>,
}

#[derive(Serialize)]
struct TemplateExport {
    id: String,
    name: String,
    body: String,
}

fn letters_export(conn: &mut PgConnection, user: UserId) -> Result<Option<ExportPart>, Error> {
    let rows: Vec<(uuid::Uuid, String, Option<uuid::Uuid>)> = letters::table
        .filter(letters::user_id.eq(user))
        .order(letters::created_at.asc())
        .select((letters::id, letters::title, letters::application_id))
        .load(conn)?;
    let mut exported = Vec::new();
    for (id, title, application) in rows {
        let versions = letter_versions::table
            .filter(letter_versions::letter_id.eq(id))
            .filter(letter_versions::user_id.eq(user))
            .order(letter_versions::number.asc())
            .select((
                letter_versions::number,
                letter_versions::created_at,
                letter_versions::body,
            ))
            .load::<(i32, chrono::DateTime<chrono::Utc>, String)>(conn)?
            .into_iter()
            .map(|(number, saved_at, body)| LetterVersionExport {
                number,
                saved_at,
                body,
            })
            .collect();
        exported.push(LetterExport {
            id: id.to_string(),
            title,
            application_id: application.map(|id| id.to_string()),
            versions,
        });
    }
    let templates = letter_templates::table
        .filter(letter_templates::user_id.eq(user))
        .order(letter_templates::created_at.asc())
        .select((
            letter_templates::id,
            letter_templates::name,
            letter_templates::body,
        ))
        .load::<(uuid::Uuid, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, body)| TemplateExport {
            id: id.to_string(),
            name,
            body,
        })
        .collect::<Vec<_>>();
    if exported.is_empty() && templates.is_empty() {
        return Ok(None);
    }
    Ok(Some(ExportPart {
        name: "letters.json",
        about: "your cover letters with every saved version, and your own letter templates",
        bytes: json(&LettersExport {
            letters: exported,
            templates,
        })?,
    }))
}

#[derive(Serialize)]
struct SentExport {
    id: String,
    application_id: String,
    kind: String,
    name: String,
    sent_at: chrono::DateTime<chrono::Utc>,
    /// The CV or letter exactly as it went out.
    content: serde_json::Value,
}

fn sent_export(conn: &mut PgConnection, user: UserId) -> Result<Option<ExportPart>, Error> {
    let copies: Vec<SentExport> = sent_documents::table
        .filter(sent_documents::user_id.eq(user))
        .order(sent_documents::sent_at.asc())
        .select((
            sent_documents::id,
            sent_documents::application_id,
            sent_documents::kind,
            sent_documents::name,
            sent_documents::sent_at,
            sent_documents::content,
        ))
        .load::<(
            uuid::Uuid,
            uuid::Uuid,
            String,
            String,
            chrono::DateTime<chrono::Utc>,
            serde_json::Value,
        )>(conn)?
        .into_iter()
        .map(
            |(id, application, kind, name, sent_at, content)| SentExport {
                id: id.to_string(),
                application_id: application.to_string(),
                kind,
                name,
                sent_at,
                content,
            },
        )
        .collect();
    if copies.is_empty() {
        return Ok(None);
    }
    Ok(Some(ExportPart {
        name: "sent_documents.json",
        about: "the CVs and cover letters your applications went out with, exactly as sent",
        bytes: json(&copies)?,
    }))
}

fn smoke_check(conn: &mut PgConnection, user: UserId) -> Result<(), Error> {
    for summary in versions::list(conn, user)? {
        versions::view(conn, user, summary.id)?;
    }
    super::letters::templates(conn, user)?;
    super::letters::list(conn, user)?;
    Ok(())
}
