//! What a person does with a posting: save it with a note, track it as an application, put a
//! skill it asks for on their learning plan, and see how well it fits their profile.

use careerhub_domain::ids::{ActivityId, ApplicationId, JobPostingId, UserId};
use careerhub_domain::jobs::matching::{HeldSkill, Offered, per_year};
use careerhub_domain::jobs::{SalaryInterval, SavedJob, SavedNote, Workplace};
use careerhub_domain::tracker::{
    ActivityInput, ActivityKind, ActivityStatus, ApplicationInput, ApplicationStatus,
    WorkArrangement,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::schema::{
    applications, development_activities as activities, job_postings as postings, profile_skills,
    profiles, saved_jobs,
};
use crate::service::{Error, found};
use crate::tracker;

use super::search::{Columns, card, card_columns, visible_to};

/// Saves `posting` for `owner` (again: the note is replaced).
pub fn save(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
    note: Option<String>,
) -> Result<(), Error> {
    ensure_visible(conn, owner, posting)?;
    diesel::insert_into(saved_jobs::table)
        .values((
            saved_jobs::user_id.eq(owner),
            saved_jobs::job_posting_id.eq(posting),
            saved_jobs::note.eq(&note),
        ))
        .on_conflict((saved_jobs::user_id, saved_jobs::job_posting_id))
        .do_update()
        .set(saved_jobs::note.eq(&note))
        .execute(conn)?;
    Ok(())
}

/// Deletes a posting the owner added themselves; `NotFound` for anyone else's and for feed
/// postings. Applications made from it keep their copy of its facts (the link is cleared).
pub fn delete_own(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
) -> Result<(), Error> {
    let rows = diesel::delete(
        postings::table
            .filter(postings::id.eq(posting))
            .filter(postings::owner_id.eq(owner)),
    )
    .execute(conn)?;
    found(rows).map(drop)
}

/// `NotFound` when `posting` is not among the owner's saved jobs.
pub fn unsave(conn: &mut PgConnection, owner: UserId, posting: JobPostingId) -> Result<(), Error> {
    let rows = diesel::delete(
        saved_jobs::table
            .filter(saved_jobs::user_id.eq(owner))
            .filter(saved_jobs::job_posting_id.eq(posting)),
    )
    .execute(conn)?;
    found(rows).map(drop)
}

/// `owner`'s saved postings, newest first.
pub fn saved(conn: &mut PgConnection, owner: UserId) -> Result<Vec<SavedJob>, Error> {
    let rows: Vec<(Columns, Option<String>, DateTime<Utc>, bool)> = saved_jobs::table
        .inner_join(postings::table)
        .filter(saved_jobs::user_id.eq(owner))
        .filter(visible_to(owner))
        .order((saved_jobs::saved_at.desc(), saved_jobs::job_posting_id))
        .select((
            card_columns(),
            saved_jobs::note,
            saved_jobs::saved_at,
            postings::closed_at.is_not_null(),
        ))
        .limit(500)
        .load(conn)?;
    let ids: Vec<JobPostingId> = rows.iter().map(|(columns, ..)| columns.0).collect();
    let tracked: Vec<(Option<JobPostingId>, ApplicationId)> = applications::table
        .filter(applications::user_id.eq(owner))
        .filter(applications::job_posting_id.eq_any(&ids))
        .select((applications::job_posting_id, applications::id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(columns, note, saved_at, closed)| {
            let id = columns.0;
            SavedJob {
                card: card(columns, Vec::new(), None),
                saved: SavedNote { note, saved_at },
                closed,
                tracked: tracked
                    .iter()
                    .find(|(posting, _)| *posting == Some(id))
                    .map(|(_, application)| *application),
            }
        })
        .collect())
}

/// The viewer's note on a posting they saved.
pub fn saved_note(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
) -> Result<Option<SavedNote>, Error> {
    Ok(saved_jobs::table
        .filter(saved_jobs::user_id.eq(owner))
        .filter(saved_jobs::job_posting_id.eq(posting))
        .select((saved_jobs::note, saved_jobs::saved_at))
        .first::<(Option<String>, DateTime<Utc>)>(conn)
        .optional()?
        .map(|(note, saved_at)| SavedNote { note, saved_at }))
}

/// The owner's application for `posting`, if they track it.
pub fn tracked(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
) -> Result<Option<ApplicationId>, Error> {
    Ok(applications::table
        .filter(applications::user_id.eq(owner))
        .filter(applications::job_posting_id.eq(posting))
        .select(applications::id)
        .first(conn)
        .optional()?)
}

/// "Track this job": the owner's application for `posting`, made on the wishlist from the
/// posting (title, company, place, pay, address, the saved note) when there is none yet. Run in
/// a transaction; one application per person and posting (a unique index), so a double click
/// opens the same one.
pub fn track(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
) -> Result<ApplicationId, Error> {
    if let Some(existing) = tracked(conn, owner, posting)? {
        return Ok(existing);
    }
    type Facts = (
        String,
        String,
        Option<String>,
        Vec<String>,
        Option<Workplace>,
        Option<i32>,
        Option<i32>,
        Option<String>,
        Option<SalaryInterval>,
    );
    let (title, company, url, locations, workplace, min, max, currency, interval): Facts =
        postings::table
            .filter(postings::id.eq(posting))
            .filter(visible_to(owner))
            .select((
                postings::title,
                postings::company_name,
                postings::url,
                postings::locations,
                postings::workplace,
                postings::salary_min,
                postings::salary_max,
                postings::salary_currency,
                postings::salary_interval,
            ))
            .first(conn)?;
    let yearly = |figure: Option<i32>| {
        let per = per_year(interval.unwrap_or(SalaryInterval::Year));
        figure
            .map(|figure| {
                (i64::from(figure) * per).min(i64::from(careerhub_domain::fields::SALARY_MAX))
            })
            .and_then(|figure| i32::try_from(figure).ok())
    };
    let clip = |text: &str, max: usize| text.chars().take(max).collect::<String>();
    let location = (!locations.is_empty()).then(|| clip(&locations.join("; "), 200));
    let note = saved_note(conn, owner, posting)?.and_then(|saved| saved.note);
    let input = ApplicationInput {
        company: clip(&company, 200),
        role_title: clip(&title, 200),
        job_url: url,
        location,
        work_arrangement: workplace.map(|workplace| match workplace {
            Workplace::Remote => WorkArrangement::Remote,
            Workplace::Hybrid => WorkArrangement::Hybrid,
            Workplace::OnSite => WorkArrangement::Onsite,
        }),
        salary_min: yearly(min),
        salary_max: yearly(max),
        salary_currency: currency.filter(|_| min.is_some() || max.is_some()),
        source: Some("Careerhub job search".into()),
        notes: note,
        status: ApplicationStatus::Wishlist,
        applied_on: None,
        follow_up_on: None,
    };
    let id = tracker::applications::create(conn, owner, &input)?;
    diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::user_id.eq(owner)),
    )
    .set(applications::job_posting_id.eq(posting))
    .execute(conn)?;
    Ok(id)
}

/// "Add to my learning plan": a planned course for the skill `key` a posting asks for, unless
/// an activity not yet completed already names it (then that one).
pub fn plan_learning(
    conn: &mut PgConnection,
    owner: UserId,
    key: &str,
) -> Result<ActivityId, Error> {
    let skill = careerhub_domain::skills::canonical(key)
        .filter(|skill| skill.key == key && key.chars().count() <= 100)
        .ok_or(Error::NotFound)?;
    let open: Vec<(ActivityId, Vec<String>)> = activities::table
        .filter(activities::user_id.eq(owner))
        .filter(activities::status.ne(ActivityStatus::Completed))
        .select((activities::id, activities::skills))
        .load(conn)?;
    let named = open.into_iter().find(|(_, skills)| {
        skills
            .iter()
            .any(|name| careerhub_domain::skills::key(name) == skill.key)
    });
    if let Some((id, _)) = named {
        return Ok(id);
    }
    let input = ActivityInput {
        kind: ActivityKind::Course,
        title: format!("Learn {}", skill.name),
        provider: None,
        status: ActivityStatus::Planned,
        started_on: None,
        completed_on: None,
        skills: vec![skill.name],
        url: None,
        notes: Some("Added from a job posting that asks for it.".into()),
    };
    tracker::learning::create(conn, owner, &input)
}

/// What `owner`'s profile offers, for [`careerhub_domain::jobs::matching::fit`].
pub fn offered(conn: &mut PgConnection, owner: UserId) -> Result<Offered, Error> {
    // One statement: the profile's row once per skill (or once with no skill); none at all for
    // a person without a profile.
    type Row = (
        Option<String>,
        Option<WorkArrangement>,
        bool,
        Option<i32>,
        Option<String>,
        Option<(String, String, Option<i16>, Option<i16>)>,
    );
    let rows: Vec<Row> = profiles::table
        .find(owner)
        .left_join(profile_skills::table)
        .select((
            profiles::location,
            profiles::work_arrangement,
            profiles::willing_to_relocate,
            profiles::salary_min,
            profiles::salary_currency,
            (
                profile_skills::skill_key,
                profile_skills::name,
                profile_skills::level,
                profile_skills::years,
            )
                .nullable(),
        ))
        .load(conn)?;
    let Some((location, work_arrangement, willing_to_relocate, salary_min, salary_currency, _)) =
        rows.first().cloned()
    else {
        return Ok(Offered::default());
    };
    let skills = rows
        .into_iter()
        .filter_map(|row| row.5)
        .map(|(key, name, level, years)| HeldSkill {
            key,
            name,
            level,
            years,
        })
        .collect();
    Ok(Offered {
        skills,
        location,
        work_arrangement,
        willing_to_relocate,
        salary_min,
        salary_currency,
    })
}

fn ensure_visible(
    conn: &mut PgConnection,
    owner: UserId,
    posting: JobPostingId,
) -> Result<(), Error> {
    let found: i64 = postings::table
        .filter(postings::id.eq(posting))
        .filter(visible_to(owner))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}
