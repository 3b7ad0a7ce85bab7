//! The exact documents an application went out with: a copy of the CV version's document and of
//! the letter as printed, taken when the person marks them sent. Later edits of the profile, the
//! version or the letter do not touch the copy, and it outlives them.

use careerhub_domain::FormError;
use careerhub_domain::ids::{ApplicationId, CvVersionId, LetterId, SentDocumentId, UserId};
use careerhub_domain::letters::{SentChoices, SentContent, SentDocument, SentKind};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{applications, cv_versions, letters as letter_rows, sent_documents as sent};
use crate::service::{Error, found};

use super::render::{Printable, markdown};
use super::{document, letters};

fn content_json(content: &SentContent) -> Result<serde_json::Value, Error> {
    serde_json::to_value(content).map_err(|err| Error::internal("encoding a sent copy", err))
}

fn application_exists(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
) -> Result<(), Error> {
    applications::table
        .filter(applications::id.eq(application))
        .filter(applications::user_id.eq(owner))
        .select(applications::id)
        .first::<ApplicationId>(conn)?;
    Ok(())
}

/// Records what went out with `application`: a copy of the CV version and of the letter, each
/// once (remove a copy to record another).
pub fn mark_sent(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    cv: Option<CvVersionId>,
    letter: Option<LetterId>,
) -> Result<(), Error> {
    application_exists(conn, owner, application)?;
    if cv.is_none() && letter.is_none() {
        return Err(FormError::field(
            "cv_version",
            "Choose the CV version or the letter you sent.",
        )
        .into());
    }
    if let Some(version) = cv {
        let resolved = document::resolve(conn, owner, version).map_err(|err| match err {
            Error::NotFound => {
                FormError::field("cv_version", "Choose one of your CV versions.").into()
            }
            other => other,
        })?;
        let content = content_json(&SentContent::Cv(resolved.document))?;
        insert(
            conn,
            NewCopy {
                id: SentDocumentId(Uuid::now_v7()),
                application_id: application,
                user_id: owner,
                kind: SentKind::Cv,
                cv_version_id: Some(version),
                letter_id: None,
                name: &resolved.name,
                content,
            },
        )?;
        diesel::update(
            applications::table
                .filter(applications::id.eq(application))
                .filter(applications::user_id.eq(owner)),
        )
        .set(applications::cv_version_id.eq(version))
        .execute(conn)?;
    }
    if let Some(letter) = letter {
        let printed = letters::document(conn, owner, letter).map_err(|err| match err {
            Error::NotFound => FormError::field("letter", "Choose one of your letters.").into(),
            other => other,
        })?;
        let name = printed.title.clone();
        let content = content_json(&SentContent::Letter(printed))?;
        insert(
            conn,
            NewCopy {
                id: SentDocumentId(Uuid::now_v7()),
                application_id: application,
                user_id: owner,
                kind: SentKind::CoverLetter,
                cv_version_id: None,
                letter_id: Some(letter),
                name: &name,
                content,
            },
        )?;
        diesel::update(
            applications::table
                .filter(applications::id.eq(application))
                .filter(applications::user_id.eq(owner)),
        )
        .set(applications::cover_letter_id.eq(letter))
        .execute(conn)?;
    }
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = sent)]
struct NewCopy<'a> {
    id: SentDocumentId,
    application_id: ApplicationId,
    user_id: UserId,
    kind: SentKind,
    cv_version_id: Option<CvVersionId>,
    letter_id: Option<LetterId>,
    name: &'a str,
    content: serde_json::Value,
}

/// Stores a copy; a second copy of one kind for one application is refused next to its field.
fn insert(conn: &mut PgConnection, copy: NewCopy<'_>) -> Result<(), Error> {
    let kind = copy.kind;
    let inserted = diesel::insert_into(sent::table)
        .values(&copy)
        .on_conflict((sent::application_id, sent::kind))
        .do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        let field = if kind == SentKind::Cv {
            "cv_version"
        } else {
            "letter"
        };
        return Err(FormError::field(
            field,
            format!(
                "The {} sent is recorded already: remove that record first to record another.",
                kind.label().to_lowercase()
            ),
        )
        .into());
    }
    Ok(())
}

type SentRow = (
    SentDocumentId,
    SentKind,
    String,
    Option<CvVersionId>,
    Option<LetterId>,
    serde_json::Value,
    DateTime<Utc>,
);

fn content_of(value: serde_json::Value) -> Result<SentContent, Error> {
    serde_json::from_value(value).map_err(|err| Error::internal("reading a sent copy", err))
}

/// The copies recorded for `application`, each compared with its source as it reads today, and
/// what could be recorded.
pub fn choices(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
) -> Result<SentChoices, Error> {
    application_exists(conn, owner, application)?;
    let rows: Vec<SentRow> = sent::table
        .filter(sent::application_id.eq(application))
        .filter(sent::user_id.eq(owner))
        // The CV first.
        .order(sent::kind.desc())
        .select((
            sent::id,
            sent::kind,
            sent::name,
            sent::cv_version_id,
            sent::letter_id,
            sent::content,
            sent::sent_at,
        ))
        .load(conn)?;
    let mut copies = Vec::new();
    for (id, kind, name, cv_version, letter, content, sent_at) in rows {
        let (source, changed_since) = match (content_of(content)?, cv_version, letter) {
            (SentContent::Cv(copy), Some(version), _) => {
                let now = document::resolve(conn, owner, version)?;
                let changes = letters::diff(&markdown(&copy), &markdown(&now.document));
                (Some(now.name), Some(changes))
            }
            (SentContent::Letter(copy), _, Some(letter)) => {
                let now = letters::document(conn, owner, letter)?;
                (
                    Some(now.title.clone()),
                    Some(letters::diff(&copy.body, &now.body)),
                )
            }
            _ => (None, None),
        };
        let changed_since = changed_since.map(|lines| {
            if lines
                .iter()
                .all(|line| matches!(line, careerhub_domain::letters::DiffLine::Same(_)))
            {
                Vec::new()
            } else {
                lines
            }
        });
        copies.push(SentDocument {
            id,
            kind,
            name,
            sent_on: sent_at.format("%Y-%m-%d").to_string(),
            source,
            changed_since,
        });
    }
    let cv_versions = cv_versions::table
        .filter(cv_versions::user_id.eq(owner))
        .order(cv_versions::updated_at.desc())
        .select((cv_versions::id, cv_versions::name))
        .load(conn)?;
    let letters = letter_rows::table
        .filter(letter_rows::user_id.eq(owner))
        .order(letter_rows::updated_at.desc())
        .select((letter_rows::id, letter_rows::title))
        .load(conn)?;
    Ok(SentChoices {
        sent: copies,
        cv_versions,
        letters,
    })
}

/// A sent copy, ready for the renderers, and the file name it downloads as.
pub fn printable(
    conn: &mut PgConnection,
    owner: UserId,
    id: SentDocumentId,
) -> Result<(String, Printable), Error> {
    let (name, content): (String, serde_json::Value) = sent::table
        .filter(sent::id.eq(id))
        .filter(sent::user_id.eq(owner))
        .select((sent::name, sent::content))
        .first(conn)?;
    let printable = match content_of(content)? {
        SentContent::Cv(cv) => Printable::Cv(cv),
        SentContent::Letter(letter) => Printable::Letter(letter),
    };
    Ok((format!("sent {name}"), printable))
}

/// Removes a record of what was sent (to record another).
pub fn remove(conn: &mut PgConnection, owner: UserId, id: SentDocumentId) -> Result<(), Error> {
    let (application, kind): (ApplicationId, SentKind) = sent::table
        .filter(sent::id.eq(id))
        .filter(sent::user_id.eq(owner))
        .select((sent::application_id, sent::kind))
        .first(conn)?;
    found(
        diesel::delete(
            sent::table
                .filter(sent::id.eq(id))
                .filter(sent::user_id.eq(owner)),
        )
        .execute(conn)?,
    )?;
    let target = applications::table
        .filter(applications::id.eq(application))
        .filter(applications::user_id.eq(owner));
    match kind {
        SentKind::Cv => diesel::update(target)
            .set(applications::cv_version_id.eq(None::<CvVersionId>))
            .execute(conn)?,
        SentKind::CoverLetter => diesel::update(target)
            .set(applications::cover_letter_id.eq(None::<LetterId>))
            .execute(conn)?,
    };
    Ok(())
}
