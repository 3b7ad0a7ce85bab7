//! The demo account's job postings: three it "pasted" itself (its own, private), read from an
//! embedded JSON Resume job file by the same reader and stored by the same code as imports; the
//! newest saved with a note.

use careerhub_domain::jobs::SourceKind;
use diesel::PgConnection;

use super::{import, personal, readers};
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
    Ok(())
}
