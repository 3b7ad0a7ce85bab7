//! One-click unsubscribe (RFC 8058). Each person has one secret link per [`Subscription`], made
//! the first time an email of it is queued; it is kept in the clear because it can do one thing
//! only, turn that subscription off, and it must appear in every such email. Posting to it (what
//! a mail client does for `List-Unsubscribe-Post`) needs no sign-in.

use careerhub_domain::ids::{SavedSearchId, UserId};
use careerhub_domain::jobs::alerts::AlertFrequency;
use careerhub_domain::mailing::MailingList;
use diesel::PgExpressionMethods;
use diesel::prelude::*;

use crate::schema::{notification_preferences, saved_searches, unsubscribe_links};

/// What one unsubscribe link stops: a list, and for job alerts the one saved search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscription {
    DailyDigest,
    JobAlert(SavedSearchId),
}

impl Subscription {
    fn list(self) -> MailingList {
        match self {
            Self::DailyDigest => MailingList::DailyDigest,
            Self::JobAlert(_) => MailingList::JobAlert,
        }
    }

    fn saved_search(self) -> Option<SavedSearchId> {
        match self {
            Self::DailyDigest => None,
            Self::JobAlert(search) => Some(search),
        }
    }
}

/// The address that takes `user` off `subscription`, made on first use.
pub fn link(
    conn: &mut PgConnection,
    user: UserId,
    subscription: Subscription,
    site_url: &str,
) -> QueryResult<String> {
    let (fresh, _) = crate::tokens::generate();
    let list = subscription.list();
    let search = subscription.saved_search();
    diesel::insert_into(unsubscribe_links::table)
        .values((
            unsubscribe_links::token.eq(&fresh),
            unsubscribe_links::user_id.eq(user),
            unsubscribe_links::list.eq(list),
            unsubscribe_links::saved_search_id.eq(search),
        ))
        // One link per person, list and search (NULLS NOT DISTINCT).
        .on_conflict((
            unsubscribe_links::user_id,
            unsubscribe_links::list,
            unsubscribe_links::saved_search_id,
        ))
        .do_nothing()
        .execute(conn)?;
    let token: String = unsubscribe_links::table
        .filter(unsubscribe_links::user_id.eq(user))
        .filter(unsubscribe_links::list.eq(list))
        .filter(unsubscribe_links::saved_search_id.is_not_distinct_from(search))
        .select(unsubscribe_links::token)
        .first(conn)?;
    Ok(format!(
        "{}{}",
        site_url.trim_end_matches('/'),
        careerhub_domain::paths::unsubscribe(&token)
    ))
}

/// The list `token` takes its owner off, if it is a link we made.
pub fn list_of(conn: &mut PgConnection, token: &str) -> QueryResult<Option<MailingList>> {
    if !is_token(token) {
        return Ok(None);
    }
    unsubscribe_links::table
        .find(token)
        .select(unsubscribe_links::list)
        .first(conn)
        .optional()
}

/// Takes the link's owner off its list; None when `token` is not a link we made. Doing it twice
/// is the same as once.
pub fn unsubscribe(conn: &mut PgConnection, token: &str) -> QueryResult<Option<MailingList>> {
    if !is_token(token) {
        return Ok(None);
    }
    let Some((user, list, search)) = unsubscribe_links::table
        .find(token)
        .select((
            unsubscribe_links::user_id,
            unsubscribe_links::list,
            unsubscribe_links::saved_search_id,
        ))
        .first::<(UserId, MailingList, Option<SavedSearchId>)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    match list {
        MailingList::JobAlert => {
            diesel::update(
                saved_searches::table
                    .filter(saved_searches::id.nullable().eq(search))
                    .filter(saved_searches::user_id.eq(user)),
            )
            .set((
                saved_searches::frequency.eq(AlertFrequency::Off),
                saved_searches::next_alert_at.eq(None::<chrono::DateTime<chrono::Utc>>),
            ))
            .execute(conn)?;
        }
        MailingList::DailyDigest => {
            diesel::insert_into(notification_preferences::table)
                .values((
                    notification_preferences::user_id.eq(user),
                    notification_preferences::digest_email.eq(false),
                ))
                .on_conflict(notification_preferences::user_id)
                .do_update()
                .set(notification_preferences::digest_email.eq(false))
                .execute(conn)?;
        }
    }
    tracing::info!(user_id = %user, list = list.as_str(), "unsubscribed by link");
    Ok(Some(list))
}

fn is_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
