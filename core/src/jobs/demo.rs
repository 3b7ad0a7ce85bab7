//! The demo account's job postings: three it "pasted" itself (its own, private), read from an
//! embedded JSON Resume job file by the same reader and stored by the same code as imports; the
//! newest saved with a note; and a saved search with a weekly alert.

use careerhub_domain::jobs::alerts::{AlertFrequency, NewSavedSearch};
use careerhub_domain::jobs::{JobSearch, SourceKind, Workplace};
use diesel::PgConnection;

use super::{alerts, import, personal, readers};
use crate::demo::Demo;
use crate::service::Error;

const POSTINGS: &str = include_str!("demo_postings.json");

pub(super) fn seed(conn: &mut PgConnection, demo: &mut Demo) -> Result<(), Error> {
    let context = readers::Context {
        company: None,
        locator: "demo",
    };
    let postings = readers::read(SourceKind::Json, POSTINGS.as_bytes(), &context)
        .map_err(|err| Error::broken(format!("the demo postings: {err}")))?;
    for (days_ago, mut posting) in postings.into_iter().enumerate() {
        posting.posted_at = Some(demo.now - chrono::Duration::days(days_ago as i64 * 3 + 1));
        let id = import::add_own(conn, demo.user, &posting)?;
        if days_ago == 0 {
            let note = "Ask Marta about the team before applying.".to_owned();
            personal::save(conn, demo.user, id, Some(note))?;
        }
    }
    let search = JobSearch {
        q: Some("rust".into()),
        workplace: Some(Workplace::Remote),
        ..JobSearch::default()
    };
    alerts::create(
        conn,
        demo.user,
        &NewSavedSearch {
            name: search.suggested_name(),
            search,
            frequency: AlertFrequency::Weekly,
        },
    )?;
    Ok(())
}
