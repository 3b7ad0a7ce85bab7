//! Cover letters: made from a template, every save kept as a version, placeholders filled from
//! the application, its contacts and the profile when the letter is shown or printed.

use std::collections::BTreeMap;

use careerhub_domain::FormError;
use careerhub_domain::ids::{ApplicationId, LetterId, LetterTemplateId, UserId};
use careerhub_domain::letters::{
    DiffLine, LetterDocument, LetterInput, LetterSummary, LetterTemplate, LetterTemplateInput,
    LetterVersionInfo, LetterView, NewLetter, fill, placeholders_in,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::profile::page;
use crate::schema::{
    application_contacts, applications, contacts, letter_templates as templates,
    letter_versions as versions, letters, profile_skills, users,
};
use crate::service::{Error, found};

/// Letters per person, and versions per letter: far beyond use, a bound on what one account holds.
pub const MAX_LETTERS: i64 = 500;
pub const MAX_VERSIONS: i32 = 200;

pub fn templates(conn: &mut PgConnection, owner: UserId) -> Result<Vec<LetterTemplate>, Error> {
    Ok(templates::table
        .filter(
            templates::user_id
                .eq(owner)
                .or(templates::user_id.is_null()),
        )
        .order((templates::user_id.is_null().asc(), templates::name.asc()))
        .select((
            templates::id,
            templates::name,
            templates::body,
            templates::user_id,
        ))
        .load::<(LetterTemplateId, String, String, Option<UserId>)>(conn)?
        .into_iter()
        .map(|(id, name, body, user)| LetterTemplate {
            id,
            name,
            body,
            own: user.is_some(),
        })
        .collect())
}

pub fn create_template(
    conn: &mut PgConnection,
    owner: UserId,
    input: &LetterTemplateInput,
) -> Result<LetterTemplateId, Error> {
    let id = LetterTemplateId(Uuid::now_v7());
    diesel::insert_into(templates::table)
        .values((
            templates::id.eq(id),
            templates::user_id.eq(owner),
            templates::name.eq(&input.name),
            templates::body.eq(&input.body),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Changes one of the owner's templates (the defaults are nobody's to change).
pub fn update_template(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterTemplateId,
    input: &LetterTemplateInput,
) -> Result<(), Error> {
    found(
        diesel::update(
            templates::table
                .filter(templates::id.eq(id))
                .filter(templates::user_id.eq(owner)),
        )
        .set((
            templates::name.eq(&input.name),
            templates::body.eq(&input.body),
        ))
        .execute(conn)?,
    )?;
    Ok(())
}

pub fn delete_template(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterTemplateId,
) -> Result<(), Error> {
    found(
        diesel::delete(
            templates::table
                .filter(templates::id.eq(id))
                .filter(templates::user_id.eq(owner)),
        )
        .execute(conn)?,
    )?;
    Ok(())
}

/// "Rust engineer at Acme", for the owner's application.
fn application_label(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
) -> Result<Option<String>, Error> {
    Ok(applications::table
        .filter(applications::id.eq(application))
        .filter(applications::user_id.eq(owner))
        .select((applications::role_title, applications::company))
        .first::<(String, String)>(conn)
        .optional()?
        .map(|(role, company)| format!("{role} at {company}")))
}

/// The application must be the owner's: a clear error next to the field otherwise.
fn check_application(
    conn: &mut PgConnection,
    owner: UserId,
    application: Option<ApplicationId>,
) -> Result<(), Error> {
    match application {
        Some(id) if application_label(conn, owner, id)?.is_none() => Err(FormError::field(
            "application",
            "That application does not exist (any more).",
        )
        .into()),
        _ => Ok(()),
    }
}

/// The owner's applications a letter can be for, newest first.
pub fn application_choices(
    conn: &mut PgConnection,
    owner: UserId,
) -> Result<Vec<(ApplicationId, String)>, Error> {
    Ok(applications::table
        .filter(applications::user_id.eq(owner))
        .order(applications::updated_at.desc())
        .select((
            applications::id,
            applications::role_title,
            applications::company,
        ))
        .limit(300)
        .load::<(ApplicationId, String, String)>(conn)?
        .into_iter()
        .map(|(id, role, company)| (id, format!("{role} at {company}")))
        .collect())
}

/// A letter in the list: id, title, the application's role and company, last change.
type LetterRow = (LetterId, String, Option<(String, String)>, DateTime<Utc>);

/// The owner's letters, newest change first: two queries however many there are.
pub fn list(conn: &mut PgConnection, owner: UserId) -> Result<Vec<LetterSummary>, Error> {
    let rows: Vec<LetterRow> = letters::table
        .left_join(
            applications::table.on(applications::id
                .nullable()
                .eq(letters::application_id)
                .and(applications::user_id.eq(letters::user_id))),
        )
        .filter(letters::user_id.eq(owner))
        .order(letters::updated_at.desc())
        .select((
            letters::id,
            letters::title,
            (applications::role_title, applications::company).nullable(),
            letters::updated_at,
        ))
        .load(conn)?;
    let counts: std::collections::HashMap<LetterId, Option<i32>> = versions::table
        .filter(versions::user_id.eq(owner))
        .group_by(versions::letter_id)
        .select((versions::letter_id, diesel::dsl::max(versions::number)))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, title, application, updated_at)| LetterSummary {
            versions: counts.get(&id).copied().flatten().unwrap_or(0),
            id,
            title,
            application: application.map(|(role, company)| format!("{role} at {company}")),
            updated_on: updated_at.format("%Y-%m-%d").to_string(),
        })
        .collect())
}

pub fn create(conn: &mut PgConnection, owner: UserId, new: &NewLetter) -> Result<LetterId, Error> {
    let existing: i64 = letters::table
        .filter(letters::user_id.eq(owner))
        .count()
        .get_result(conn)?;
    if existing >= MAX_LETTERS {
        return Err(FormError::field(
            "title",
            format!("You have {MAX_LETTERS} letters: delete one you no longer need first."),
        )
        .into());
    }
    let body: String = templates::table
        .filter(templates::id.eq(new.template))
        .filter(
            templates::user_id
                .eq(owner)
                .or(templates::user_id.is_null()),
        )
        .select(templates::body)
        .first(conn)
        .optional()?
        .ok_or_else(|| FormError::field("template", "Choose one of the templates."))?;
    check_application(conn, owner, new.application)?;
    let id = LetterId(Uuid::now_v7());
    diesel::insert_into(letters::table)
        .values((
            letters::id.eq(id),
            letters::user_id.eq(owner),
            letters::title.eq(&new.title),
            letters::application_id.eq(new.application),
        ))
        .execute(conn)?;
    add_version(conn, owner, id, 1, &body)?;
    Ok(id)
}

fn add_version(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    number: i32,
    body: &str,
) -> Result<(), Error> {
    diesel::insert_into(versions::table)
        .values((
            versions::letter_id.eq(id),
            versions::user_id.eq(owner),
            versions::number.eq(number),
            versions::body.eq(body),
        ))
        .execute(conn)?;
    Ok(())
}

fn newest_number(conn: &mut PgConnection, owner: UserId, id: LetterId) -> Result<i32, Error> {
    versions::table
        .filter(versions::letter_id.eq(id))
        .filter(versions::user_id.eq(owner))
        .select(diesel::dsl::max(versions::number))
        .first::<Option<i32>>(conn)?
        .ok_or(Error::NotFound)
}

/// The text of version `number` (the newest when None).
pub fn version(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    number: Option<i32>,
) -> Result<(i32, String), Error> {
    let number = match number {
        Some(number) => number,
        None => newest_number(conn, owner, id)?,
    };
    let body = versions::table
        .filter(versions::letter_id.eq(id))
        .filter(versions::user_id.eq(owner))
        .filter(versions::number.eq(number))
        .select(versions::body)
        .first(conn)?;
    Ok((number, body))
}

/// Saves the title and application, and the text as a new version when it changed. Returns the
/// newest version's number.
pub fn save(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    input: &LetterInput,
) -> Result<i32, Error> {
    check_application(conn, owner, input.application)?;
    found(
        diesel::update(
            letters::table
                .filter(letters::id.eq(id))
                .filter(letters::user_id.eq(owner)),
        )
        .set((
            letters::title.eq(&input.title),
            letters::application_id.eq(input.application),
        ))
        .execute(conn)?,
    )?;
    save_text(conn, owner, id, &input.body)
}

fn save_text(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    body: &str,
) -> Result<i32, Error> {
    let (newest, current) = version(conn, owner, id, None)?;
    if current == body {
        return Ok(newest);
    }
    if newest >= MAX_VERSIONS {
        return Err(FormError::field(
            "body",
            format!("This letter has {MAX_VERSIONS} versions: start a new letter from it."),
        )
        .into());
    }
    add_version(conn, owner, id, newest + 1, body)?;
    Ok(newest + 1)
}

/// Makes version `number`'s text the newest version again (the history only grows).
pub fn restore(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    number: i32,
) -> Result<i32, Error> {
    let (_, body) = version(conn, owner, id, Some(number))?;
    let newest = save_text(conn, owner, id, &body)?;
    diesel::update(
        letters::table
            .filter(letters::id.eq(id))
            .filter(letters::user_id.eq(owner)),
    )
    .set(letters::updated_at.eq(diesel::dsl::now))
    .execute(conn)?;
    Ok(newest)
}

/// How version `to` reads compared with version `from`, line by line.
pub fn compare(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
    from: i32,
    to: i32,
) -> Result<Vec<DiffLine>, Error> {
    let (_, old) = version(conn, owner, id, Some(from))?;
    let (_, new) = version(conn, owner, id, Some(to))?;
    Ok(diff(&old, &new))
}

/// A line diff of two texts.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let line = change.value().trim_end_matches('\n').to_owned();
            match change.tag() {
                similar::ChangeTag::Equal => DiffLine::Same(line),
                similar::ChangeTag::Insert => DiffLine::Added(line),
                similar::ChangeTag::Delete => DiffLine::Removed(line),
            }
        })
        .collect()
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: LetterId) -> Result<(), Error> {
    found(
        diesel::delete(
            letters::table
                .filter(letters::id.eq(id))
                .filter(letters::user_id.eq(owner)),
        )
        .execute(conn)?,
    )?;
    Ok(())
}

/// What each placeholder prints for the owner and `application`; a placeholder with nothing to
/// print is left out (the editor names it, and the letter prints its fallback).
fn values(
    conn: &mut PgConnection,
    owner: UserId,
    application: Option<ApplicationId>,
) -> Result<BTreeMap<String, String>, Error> {
    let profile = page::ensure(conn, owner)?;
    let (name, email): (String, String) = users::table
        .find(owner)
        .select((users::display_name, users::email))
        .first(conn)?;
    let skills: Vec<String> = profile_skills::table
        .filter(profile_skills::user_id.eq(owner))
        .order(profile_skills::position.asc())
        .select(profile_skills::name)
        .limit(3)
        .load(conn)?;
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
            values.insert(key.to_owned(), value);
        }
    };
    put("my_name", Some(name));
    put("my_email", Some(email));
    put("my_phone", profile.phone.clone());
    put("my_headline", profile.headline.clone());
    put("top_skills", joined(&skills));
    put("today", Some(Utc::now().format("%-d %B %Y").to_string()));
    if let Some(application) = application {
        let row: Option<(String, String)> = applications::table
            .filter(applications::id.eq(application))
            .filter(applications::user_id.eq(owner))
            .select((applications::company, applications::role_title))
            .first(conn)
            .optional()?;
        if let Some((company, role)) = row {
            put("company", Some(company));
            put("position", Some(role));
            // The linked hiring manager; else a linked recruiter.
            let manager: Option<String> = application_contacts::table
                .inner_join(
                    contacts::table.on(contacts::id
                        .eq(application_contacts::contact_id)
                        .and(contacts::user_id.eq(application_contacts::user_id))),
                )
                .filter(application_contacts::application_id.eq(application))
                .filter(application_contacts::user_id.eq(owner))
                .filter(contacts::relationship.eq_any(["hiring_manager", "recruiter"]))
                .order(contacts::relationship.asc())
                .select(contacts::full_name)
                .first(conn)
                .optional()?;
            put("hiring_manager", manager);
        }
    }
    Ok(values)
}

/// "Rust, SQL and Kubernetes".
fn joined(items: &[String]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// What a placeholder prints when nothing fills it.
fn fallback(name: &str) -> &'static str {
    match name {
        "hiring_manager" => "Hiring Manager",
        "company" => "your company",
        "position" => "this role",
        _ => "",
    }
}

/// `body` as it prints, and the placeholders nothing filled.
fn filled(body: &str, values: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let unfilled: Vec<String> = placeholders_in(body)
        .into_iter()
        .filter(|name| !values.contains_key(name))
        .collect();
    let mut all = values.clone();
    for name in &unfilled {
        all.insert(name.clone(), fallback(name).to_owned());
    }
    (fill(body, &all), unfilled)
}

pub fn view(conn: &mut PgConnection, owner: UserId, id: LetterId) -> Result<LetterView, Error> {
    let (title, application): (String, Option<ApplicationId>) = letters::table
        .filter(letters::id.eq(id))
        .filter(letters::user_id.eq(owner))
        .select((letters::title, letters::application_id))
        .first(conn)?;
    let (number, body) = version(conn, owner, id, None)?;
    let history = versions::table
        .filter(versions::letter_id.eq(id))
        .filter(versions::user_id.eq(owner))
        .order(versions::number.desc())
        .select((versions::number, versions::created_at, versions::body))
        .load::<(i32, DateTime<Utc>, String)>(conn)?
        .into_iter()
        .map(|(number, saved_at, body)| LetterVersionInfo {
            number,
            saved_at: saved_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            chars: body.chars().count(),
        })
        .collect();
    let values = values(conn, owner, application)?;
    let (filled, unfilled) = filled(&body, &values);
    let application = match application {
        Some(application) => {
            application_label(conn, owner, application)?.map(|label| (application, label))
        }
        None => None,
    };
    Ok(LetterView {
        id,
        title,
        application,
        body,
        number,
        versions: history,
        filled,
        unfilled,
    })
}

/// The letter as it prints (its newest version, filled).
pub fn document(
    conn: &mut PgConnection,
    owner: UserId,
    id: LetterId,
) -> Result<LetterDocument, Error> {
    let (title, application): (String, Option<ApplicationId>) = letters::table
        .filter(letters::id.eq(id))
        .filter(letters::user_id.eq(owner))
        .select((letters::title, letters::application_id))
        .first(conn)?;
    let (_, body) = version(conn, owner, id, None)?;
    let values = values(conn, owner, application)?;
    let profile = page::ensure(conn, owner)?;
    let sender_lines = [
        values.get("my_email").cloned(),
        profile.phone.clone(),
        profile.location.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(LetterDocument {
        page_size: super::versions::locale_page_size(conn, owner)?,
        sender: values.get("my_name").cloned().unwrap_or_default(),
        sender_lines,
        date: values.get("today").cloned().unwrap_or_default(),
        recipient: values.get("company").cloned(),
        title,
        body: filled(&body, &values).0,
    })
}
