//! Saved searches and their alerts. A saved search keeps a search by name; its alert emails the
//! feed postings first seen since the last alert that match it, at most
//! [`POSTINGS_PER_EMAIL`] an email, as often as the person chose, only to a verified address.
//!
//! Once per search and period across every instance: the alert job takes one due search at a time
//! with `FOR UPDATE SKIP LOCKED` and, in the same transaction, queues the email and moves the
//! search's window and next time on. The window ends where no posting can still appear in it: at
//! the start of the oldest transaction still writing (an import that has not committed yet gave
//! its postings that start as `first_seen_at`), so a posting committed late goes out next time
//! instead of never.

use careerhub_domain::ids::{SavedSearchId, UserId};
use careerhub_domain::jobs::JobSearch;
use careerhub_domain::jobs::alerts::{AlertFrequency, NewSavedSearch, SavedSearch};
use careerhub_domain::{FormError, paths};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use serde::Serialize;

use super::search::{Among, Columns, card, card_columns, filtered};
use crate::db::Pool;
use crate::email::unsubscribe::Subscription;
use crate::email::{self, EmailKind};
use crate::schema::{job_postings as postings, saved_searches};
use crate::service::{Error, found, run};

/// How many saved searches one person may keep.
pub const MAX_SAVED_SEARCHES: i64 = 25;
/// Postings listed in one alert email; more are one link away.
pub const POSTINGS_PER_EMAIL: i64 = 10;

/// Keeps `new` for `owner`; its alert looks at postings seen from now on.
pub fn create(
    conn: &mut PgConnection,
    owner: UserId,
    new: &NewSavedSearch,
) -> Result<SavedSearchId, Error> {
    let kept: i64 = saved_searches::table
        .filter(saved_searches::user_id.eq(owner))
        .count()
        .get_result(conn)?;
    if kept >= MAX_SAVED_SEARCHES {
        return Err(Error::Form(FormError::message(format!(
            "You keep {MAX_SAVED_SEARCHES} saved searches, the most there can be. Delete one first."
        ))));
    }
    let id = SavedSearchId(uuid::Uuid::now_v7());
    let now = Utc::now();
    let inserted = diesel::insert_into(saved_searches::table)
        .values((
            saved_searches::id.eq(id),
            saved_searches::user_id.eq(owner),
            saved_searches::name.eq(&new.name),
            saved_searches::query.eq(new.search.query()),
            saved_searches::frequency.eq(new.frequency),
            saved_searches::next_alert_at.eq(new.frequency.next_after(now)),
        ))
        .on_conflict((saved_searches::user_id, saved_searches::name))
        .do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Err(Error::Form(
            FormError::field("name", "You have a saved search with this name already.")
                .with_value("name", &new.name)
                .with_value("frequency", new.frequency.as_str()),
        ));
    }
    Ok(id)
}

/// A saved search as stored: its search still an address's query.
#[derive(Queryable)]
struct Stored {
    id: SavedSearchId,
    name: String,
    query: String,
    frequency: AlertFrequency,
    last_alert_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

/// `owner`'s saved searches, by name.
pub fn list(conn: &mut PgConnection, owner: UserId) -> Result<Vec<SavedSearch>, Error> {
    let rows: Vec<Stored> = saved_searches::table
        .filter(saved_searches::user_id.eq(owner))
        .order((saved_searches::name.asc(), saved_searches::id))
        .select((
            saved_searches::id,
            saved_searches::name,
            saved_searches::query,
            saved_searches::frequency,
            saved_searches::last_alert_at,
            saved_searches::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| SavedSearch {
            id: row.id,
            name: row.name,
            search: JobSearch::from_query(&row.query),
            frequency: row.frequency,
            last_alert_at: row.last_alert_at,
            created_at: row.created_at,
        })
        .collect())
}

/// Changes how often `search` alerts. Turning alerts on (or changing how often) starts the
/// window now: nobody wants a week of old postings for a search they just switched on.
pub fn set_frequency(
    conn: &mut PgConnection,
    owner: UserId,
    search: SavedSearchId,
    frequency: AlertFrequency,
) -> Result<(), Error> {
    let now = Utc::now();
    let rows = diesel::update(
        saved_searches::table
            .filter(saved_searches::id.eq(search))
            .filter(saved_searches::user_id.eq(owner))
            .filter(saved_searches::frequency.ne(frequency)),
    )
    .set((
        saved_searches::frequency.eq(frequency),
        saved_searches::alerted_until.eq(now),
        saved_searches::next_alert_at.eq(frequency.next_after(now)),
    ))
    .execute(conn)?;
    if rows == 0 {
        // Unchanged is fine; not the owner's is not.
        ensure_owned(conn, owner, search)?;
    }
    Ok(())
}

pub fn delete(conn: &mut PgConnection, owner: UserId, search: SavedSearchId) -> Result<(), Error> {
    let rows = diesel::delete(
        saved_searches::table
            .filter(saved_searches::id.eq(search))
            .filter(saved_searches::user_id.eq(owner)),
    )
    .execute(conn)?;
    found(rows).map(drop)
}

fn ensure_owned(
    conn: &mut PgConnection,
    owner: UserId,
    search: SavedSearchId,
) -> Result<(), Error> {
    saved_searches::table
        .filter(saved_searches::id.eq(search))
        .filter(saved_searches::user_id.eq(owner))
        .select(saved_searches::id)
        .first::<SavedSearchId>(conn)?;
    Ok(())
}

/// What one run of the alert job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct AlertReport {
    /// Saved searches whose alert was due and looked at.
    pub searches: usize,
    pub emails: usize,
    /// Postings listed in those emails.
    pub postings: usize,
}

/// Sends every alert due at `now`, one search per transaction. Safe to run as often as wanted,
/// on as many instances as there are.
pub async fn send_due(
    pool: &Pool,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<AlertReport, Error> {
    let site_url = public_url.trim_end_matches('/').to_owned();
    let mut report = AlertReport::default();
    loop {
        let site_url = site_url.clone();
        let Some(listed) = run(pool, move |conn| {
            conn.transaction(|conn| alert_next(conn, &site_url, now))
        })
        .await?
        else {
            return Ok(report);
        };
        report.searches += 1;
        report.emails += usize::from(listed > 0);
        report.postings += listed;
    }
}

#[derive(QueryableByName)]
struct Due {
    #[diesel(sql_type = SqlUuid)]
    id: SavedSearchId,
    #[diesel(sql_type = SqlUuid)]
    user_id: UserId,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    query: String,
    #[diesel(sql_type = Text)]
    frequency: AlertFrequency,
    #[diesel(sql_type = Timestamptz)]
    alerted_until: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    email: String,
    #[diesel(sql_type = Text)]
    display_name: String,
}

#[derive(QueryableByName)]
struct Watermark {
    #[diesel(sql_type = Timestamptz)]
    until: DateTime<Utc>,
}

#[derive(Serialize)]
struct Item {
    title: String,
    company: String,
    facts: String,
    link: String,
}

/// Takes the next due search nobody else is on and alerts it: Some(postings emailed), or None
/// when no search is due.
fn alert_next(
    conn: &mut PgConnection,
    site_url: &str,
    now: DateTime<Utc>,
) -> Result<Option<usize>, Error> {
    let Some(due) = diesel::sql_query(
        "SELECT s.id, s.user_id, s.name, s.query, s.frequency, s.alerted_until, \
                u.email, u.display_name \
           FROM saved_searches s JOIN users u ON u.id = s.user_id \
          WHERE s.next_alert_at <= $1 \
            AND u.email_verified_at IS NOT NULL \
            AND u.disabled_at IS NULL AND u.deletion_requested_at IS NULL \
          ORDER BY s.next_alert_at, s.id \
          LIMIT 1 \
          FOR UPDATE OF s SKIP LOCKED",
    )
    .bind::<Timestamptz, _>(now)
    .get_result::<Due>(conn)
    .optional()?
    else {
        return Ok(None);
    };
    let Watermark { until } = diesel::sql_query(
        "SELECT greatest($2, least($1, now(), (SELECT min(xact_start) FROM pg_stat_activity \
                 WHERE datname = current_database() AND backend_xid IS NOT NULL \
                   AND pid <> pg_backend_pid()))) AS until",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(due.alerted_until)
    .get_result(conn)?;
    let search = JobSearch::from_query(&due.query);
    let offered = super::personal::offered(conn, due.user_id)?;
    let mut found: Vec<Columns> = filtered(Among::Feeds, &offered, &search)
        .filter(postings::first_seen_at.ge(due.alerted_until))
        .filter(postings::first_seen_at.lt(until))
        .select(card_columns())
        .order((postings::listed_at.desc(), postings::id.desc()))
        .limit(POSTINGS_PER_EMAIL + 1)
        .load(conn)?;
    let more = found.len() as i64 > POSTINGS_PER_EMAIL;
    found.truncate(POSTINGS_PER_EMAIL as usize);
    let listed = found.len();
    if listed > 0 {
        let items: Vec<Item> = found
            .into_iter()
            .map(|columns| {
                let card = card(columns, Vec::new(), None);
                let mut facts = card.locations.clone();
                facts.extend(card.workplace.map(|w| w.label().to_owned()));
                facts.extend(card.salary.as_ref().map(|salary| salary.display()));
                Item {
                    link: format!("{site_url}{}", paths::job(card.id)),
                    title: card.title,
                    company: card.company,
                    facts: facts.join(" · "),
                }
            })
            .collect();
        let unsubscribe_url =
            email::unsubscribe::link(conn, due.user_id, Subscription::JobAlert(due.id), site_url)?;
        let rendered = email::render(
            EmailKind::JobAlert,
            minijinja::context! {
                name => &due.display_name,
                site_url => site_url,
                search_name => &due.name,
                postings => &items,
                more => more,
                frequency => due.frequency.label().to_lowercase(),
                search_link => format!("{site_url}{}", search.href(paths::JOBS, None)),
                manage_link => format!("{site_url}{}", paths::SAVED_SEARCHES),
                unsubscribe_url => &unsubscribe_url,
            },
        );
        email::enqueue_list(conn, due.user_id, &due.email, &rendered, &unsubscribe_url)?;
    }
    diesel::update(saved_searches::table.find(due.id))
        .set((
            saved_searches::alerted_until.eq(until),
            saved_searches::next_alert_at.eq(due.frequency.next_after(now)),
            (listed > 0).then(|| saved_searches::last_alert_at.eq(now)),
        ))
        .execute(conn)?;
    tracing::debug!(saved_search = %due.id, listed, "job alert");
    Ok(Some(listed))
}
