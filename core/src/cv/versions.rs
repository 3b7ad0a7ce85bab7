//! CV versions: made from the profile, edited, listed, deleted. Every query takes the owner.

use std::collections::{HashMap, HashSet};

use careerhub_domain::FormError;
use careerhub_domain::cv::{
    CV_SECTIONS, CvContents, CvItemChoice, CvSettings, CvSkillChoice, CvVersionSummary,
    CvVersionView, MAX_CV_VERSIONS, PageSize,
};
use careerhub_domain::ids::{ApplicationId, CvVersionId, EntryId, SkillId, UserId};
use careerhub_domain::profile::{EntryDetails, MoveDirection, Section};
use careerhub_domain::skills;
use diesel::dsl::count_star;
use diesel::prelude::*;
use uuid::Uuid;

use crate::profile::{entries as profile_entries, skills as profile_skills};
use crate::schema::{
    applications, cv_version_entries as included_entries, cv_version_skills as included_skills,
    cv_versions as versions, profile_skills as skill_rows, users,
};
use crate::service::{Error, found};

use super::models::{IncludedEntry, IncludedSkill, NewVersion, Version};

pub fn get(conn: &mut PgConnection, owner: UserId, id: CvVersionId) -> Result<Version, Error> {
    Ok(versions::table
        .filter(versions::id.eq(id))
        .filter(versions::user_id.eq(owner))
        .select(Version::as_select())
        .first(conn)?)
}

pub fn list(conn: &mut PgConnection, owner: UserId) -> Result<Vec<CvVersionSummary>, Error> {
    let rows: Vec<(Version, Option<String>)> = versions::table
        .left_join(
            applications::table.on(applications::id
                .nullable()
                .eq(versions::tailored_for)
                .and(applications::user_id.eq(versions::user_id))),
        )
        .filter(versions::user_id.eq(owner))
        .order(versions::updated_at.desc())
        .select((Version::as_select(), applications::company.nullable()))
        .load(conn)?;
    let counts: HashMap<CvVersionId, i64> = included_entries::table
        .filter(included_entries::user_id.eq(owner))
        .group_by(included_entries::cv_version_id)
        .select((included_entries::cv_version_id, count_star()))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(version, company)| CvVersionSummary {
            items: counts.get(&version.id).copied().unwrap_or(0),
            id: version.id,
            name: version.name,
            template: version.template,
            updated_on: version.updated_at.format("%Y-%m-%d").to_string(),
            tailored_for: company,
        })
        .collect())
}

fn name_taken(
    conn: &mut PgConnection,
    owner: UserId,
    name: &str,
    except: Option<CvVersionId>,
) -> Result<bool, Error> {
    let mut query = versions::table
        .filter(versions::user_id.eq(owner))
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("lower(btrim(name)) = lower(btrim(")
                .bind::<diesel::sql_types::Text, _>(name)
                .sql("))"),
        )
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(versions::id.ne(except));
    }
    Ok(diesel::select(diesel::dsl::exists(query.select(versions::id))).get_result(conn)?)
}

fn taken_error(name: &str) -> Error {
    FormError::field(
        "name",
        format!("You already have a CV version named “{name}”."),
    )
    .into()
}

/// A new version with every CV section, every profile item of them and every skill; skills in
/// `highlighted` (normalised keys) are marked.
pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    settings: &CvSettings,
    tailored_for: Option<ApplicationId>,
    highlighted: &HashSet<String>,
) -> Result<CvVersionId, Error> {
    let existing: i64 = versions::table
        .filter(versions::user_id.eq(owner))
        .count()
        .get_result(conn)?;
    if existing >= MAX_CV_VERSIONS {
        return Err(FormError::field(
            "name",
            format!("You have {MAX_CV_VERSIONS} CV versions: delete one you no longer need first."),
        )
        .into());
    }
    if name_taken(conn, owner, &settings.name, None)? {
        return Err(taken_error(&settings.name));
    }
    let id = CvVersionId(Uuid::now_v7());
    diesel::insert_into(versions::table)
        .values(NewVersion {
            id,
            user_id: owner,
            name: &settings.name,
            template: settings.template,
            page_size: settings.page_size,
            headline: settings.headline.as_deref(),
            summary: settings.summary.as_deref(),
            sections: CV_SECTIONS.iter().map(|section| section.as_str()).collect(),
            tailored_for,
        })
        .execute(conn)?;
    let entries: Vec<IncludedEntry> = profile_entries::all(conn, owner)?
        .into_iter()
        .filter(|entry| CV_SECTIONS.contains(&entry.section()))
        .map(|entry| IncludedEntry {
            cv_version_id: id,
            entry_id: entry.id,
            user_id: owner,
        })
        .collect();
    diesel::insert_into(included_entries::table)
        .values(&entries)
        .execute(conn)?;
    let skills: Vec<IncludedSkill> = skill_rows::table
        .filter(skill_rows::user_id.eq(owner))
        .select((skill_rows::id, skill_rows::skill_key))
        .load::<(SkillId, String)>(conn)?
        .into_iter()
        .map(|(skill_id, key)| IncludedSkill {
            cv_version_id: id,
            skill_id,
            user_id: owner,
            highlighted: highlighted.contains(&key),
        })
        .collect();
    diesel::insert_into(included_skills::table)
        .values(&skills)
        .execute(conn)?;
    Ok(id)
}

/// A version tailored for an application: named after it, with the person's skills that the
/// application's role and notes mention highlighted.
pub fn tailor(
    conn: &mut PgConnection,
    owner: UserId,
    application: ApplicationId,
    template: careerhub_domain::cv::Template,
) -> Result<CvVersionId, Error> {
    let (company, role, notes): (String, String, Option<String>) = applications::table
        .filter(applications::id.eq(application))
        .filter(applications::user_id.eq(owner))
        .select((
            applications::company,
            applications::role_title,
            applications::notes,
        ))
        .first(conn)?;
    let own: HashSet<String> = skill_rows::table
        .filter(skill_rows::user_id.eq(owner))
        .select(skill_rows::skill_key)
        .load(conn)?
        .into_iter()
        .collect();
    let text = format!("{role}\n{}", notes.unwrap_or_default());
    let wanted: HashSet<String> = skills::mentioned(&text, &own)
        .intersection(&own)
        .cloned()
        .collect();
    let base: String = format!("{company} – {role}").chars().take(90).collect();
    let mut name = base.clone();
    let mut attempt = 1;
    while name_taken(conn, owner, &name, None)? {
        attempt += 1;
        name = format!("{base} ({attempt})");
    }
    let settings = CvSettings {
        name,
        template,
        page_size: None,
        headline: None,
        summary: None,
    };
    create(conn, owner, &settings, Some(application), &wanted)
}

/// The owner's locale's page size.
pub fn locale_page_size(conn: &mut PgConnection, owner: UserId) -> Result<PageSize, Error> {
    let locale: String = users::table.find(owner).select(users::locale).first(conn)?;
    Ok(PageSize::for_locale(&locale))
}

/// For each included item, its highlights reworded for this version (None: the profile's).
pub fn included_entries(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
) -> Result<HashMap<EntryId, Option<Vec<String>>>, Error> {
    Ok(included_entries::table
        .filter(included_entries::cv_version_id.eq(id))
        .filter(included_entries::user_id.eq(owner))
        .select((included_entries::entry_id, included_entries::highlights))
        .load(conn)?
        .into_iter()
        .collect())
}

/// Each included skill and whether it is highlighted.
pub fn included_skills(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
) -> Result<HashMap<SkillId, bool>, Error> {
    Ok(included_skills::table
        .filter(included_skills::cv_version_id.eq(id))
        .filter(included_skills::user_id.eq(owner))
        .select((included_skills::skill_id, included_skills::highlighted))
        .load(conn)?
        .into_iter()
        .collect())
}

pub fn view(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
) -> Result<CvVersionView, Error> {
    let version = get(conn, owner, id)?;
    let shown = version.sections()?;
    let included = included_entries(conn, owner, id)?;
    let chosen_skills = included_skills(conn, owner, id)?;
    let mut sections: Vec<(Section, bool)> = shown.iter().map(|&section| (section, true)).collect();
    sections.extend(
        CV_SECTIONS
            .iter()
            .filter(|section| !shown.contains(section))
            .map(|&section| (section, false)),
    );
    let mut items: Vec<CvItemChoice> = Vec::new();
    let all = profile_entries::all(conn, owner)?;
    for (section, _) in &sections {
        for entry in all.iter().filter(|entry| entry.section() == *section) {
            let profile_highlights = match &entry.details {
                EntryDetails::Experience(details) => details.highlights.clone(),
                _ => Vec::new(),
            };
            items.push(CvItemChoice {
                id: entry.id,
                section: *section,
                title: entry.title.clone(),
                subtitle: [
                    entry.shown_organisation().map(str::to_owned),
                    Some(entry.span()),
                ]
                .into_iter()
                .flatten()
                .filter(|part| !part.is_empty())
                .reduce(|first, second| format!("{first} · {second}")),
                included: included.contains_key(&entry.id),
                highlights: included.get(&entry.id).cloned().flatten(),
                profile_highlights,
            });
        }
    }
    let skills = profile_skills::all(conn, owner)?
        .into_iter()
        .map(|skill| CvSkillChoice {
            included: chosen_skills.contains_key(&skill.id),
            highlighted: chosen_skills.get(&skill.id).copied().unwrap_or(false),
            id: skill.id,
            name: skill.name,
        })
        .collect();
    let tailored_for = match version.tailored_for {
        Some(application) => applications::table
            .filter(applications::id.eq(application))
            .filter(applications::user_id.eq(owner))
            .select((applications::company, applications::role_title))
            .first::<(String, String)>(conn)
            .optional()?
            .map(|(company, role)| (application, format!("{role} at {company}"))),
        None => None,
    };
    let page_size = match version.page_size {
        Some(size) => size,
        None => locale_page_size(conn, owner)?,
    };
    Ok(CvVersionView {
        id,
        settings: CvSettings {
            name: version.name,
            template: version.template,
            page_size: version.page_size,
            headline: version.headline,
            summary: version.summary,
        },
        page_size,
        sections,
        show_skills: version.show_skills,
        items,
        skills,
        tailored_for,
    })
}

pub fn update_settings(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
    settings: &CvSettings,
) -> Result<(), Error> {
    get(conn, owner, id)?;
    if name_taken(conn, owner, &settings.name, Some(id))? {
        return Err(taken_error(&settings.name));
    }
    found(
        diesel::update(
            versions::table
                .filter(versions::id.eq(id))
                .filter(versions::user_id.eq(owner)),
        )
        .set((
            versions::name.eq(&settings.name),
            versions::template.eq(settings.template),
            versions::page_size.eq(settings.page_size),
            versions::headline.eq(settings.headline.as_deref()),
            versions::summary.eq(settings.summary.as_deref()),
        ))
        .execute(conn)?,
    )?;
    Ok(())
}

/// Sets what the version includes. Items and skills that are not the owner's are refused; the
/// reworded highlights of items that stay are kept.
pub fn update_contents(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
    contents: &CvContents,
) -> Result<(), Error> {
    let version = get(conn, owner, id)?;
    let own_entries: HashSet<EntryId> = profile_entries::all(conn, owner)?
        .into_iter()
        .filter(|entry| CV_SECTIONS.contains(&entry.section()))
        .map(|entry| entry.id)
        .collect();
    let own_skills: HashSet<SkillId> = skill_rows::table
        .filter(skill_rows::user_id.eq(owner))
        .select(skill_rows::id)
        .load::<SkillId>(conn)?
        .into_iter()
        .collect();
    if contents
        .entries
        .iter()
        .any(|entry| !own_entries.contains(entry))
        || contents
            .skills
            .iter()
            .any(|skill| !own_skills.contains(skill))
        || contents
            .sections
            .iter()
            .any(|section| !CV_SECTIONS.contains(section))
    {
        return Err(FormError::unreadable().into());
    }
    // Sections keep their order; a newly shown one goes last.
    let mut sections: Vec<Section> = version
        .sections()?
        .into_iter()
        .filter(|section| contents.sections.contains(section))
        .collect();
    for section in CV_SECTIONS {
        if contents.sections.contains(&section) && !sections.contains(&section) {
            sections.push(section);
        }
    }
    let wanted_entries: Vec<Uuid> = contents
        .entries
        .iter()
        .map(|entry| entry.as_uuid())
        .collect();
    diesel::delete(
        included_entries::table
            .filter(included_entries::cv_version_id.eq(id))
            .filter(included_entries::user_id.eq(owner))
            .filter(diesel::dsl::not(
                included_entries::entry_id.eq_any(&wanted_entries),
            )),
    )
    .execute(conn)?;
    let rows: Vec<IncludedEntry> = contents
        .entries
        .iter()
        .map(|&entry_id| IncludedEntry {
            cv_version_id: id,
            entry_id,
            user_id: owner,
        })
        .collect();
    diesel::insert_into(included_entries::table)
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(conn)?;
    diesel::delete(
        included_skills::table
            .filter(included_skills::cv_version_id.eq(id))
            .filter(included_skills::user_id.eq(owner)),
    )
    .execute(conn)?;
    let rows: Vec<IncludedSkill> = contents
        .skills
        .iter()
        .map(|&skill_id| IncludedSkill {
            cv_version_id: id,
            skill_id,
            user_id: owner,
            highlighted: contents.highlighted.contains(&skill_id),
        })
        .collect();
    diesel::insert_into(included_skills::table)
        .values(&rows)
        .execute(conn)?;
    diesel::update(
        versions::table
            .filter(versions::id.eq(id))
            .filter(versions::user_id.eq(owner)),
    )
    .set((
        versions::sections.eq(sections
            .iter()
            .map(|section| section.as_str())
            .collect::<Vec<_>>()),
        versions::show_skills.eq(contents.show_skills),
        versions::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)?;
    Ok(())
}

/// Moves a shown section one place up or down.
pub fn move_section(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
    section: Section,
    direction: MoveDirection,
) -> Result<(), Error> {
    let mut sections = get(conn, owner, id)?.sections()?;
    let Some(from) = sections.iter().position(|shown| *shown == section) else {
        return Err(Error::NotFound);
    };
    let to = match direction {
        MoveDirection::Up => from.checked_sub(1),
        MoveDirection::Down => Some(from + 1).filter(|to| *to < sections.len()),
    };
    if let Some(to) = to {
        sections.swap(from, to);
        diesel::update(
            versions::table
                .filter(versions::id.eq(id))
                .filter(versions::user_id.eq(owner)),
        )
        .set(
            versions::sections.eq(sections
                .iter()
                .map(|section| section.as_str())
                .collect::<Vec<_>>()),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Rewords an included item's highlights for this version (None: back to the profile's).
pub fn set_highlights(
    conn: &mut PgConnection,
    owner: UserId,
    id: CvVersionId,
    entry: EntryId,
    highlights: Option<&[String]>,
) -> Result<(), Error> {
    found(
        diesel::update(
            included_entries::table
                .filter(included_entries::cv_version_id.eq(id))
                .filter(included_entries::entry_id.eq(entry))
                .filter(included_entries::user_id.eq(owner)),
        )
        .set(included_entries::highlights.eq(highlights))
        .execute(conn)?,
    )?;
    diesel::update(
        versions::table
            .filter(versions::id.eq(id))
            .filter(versions::user_id.eq(owner)),
    )
    .set(versions::updated_at.eq(diesel::dsl::now))
    .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut PgConnection, owner: UserId, id: CvVersionId) -> Result<(), Error> {
    found(
        diesel::delete(
            versions::table
                .filter(versions::id.eq(id))
                .filter(versions::user_id.eq(owner)),
        )
        .execute(conn)?,
    )?;
    Ok(())
}
