//! The demo account's documents: a general CV version in the classic template, one tailored for
//! the newest application in the modern template, a cover letter for that application, and the
//! application marked as sent with both.

use careerhub_domain::cv::{CvSettings, Template};
use careerhub_domain::ids::ApplicationId;
use careerhub_domain::tracker::ApplicationStatus;
use diesel::prelude::*;

use crate::demo::Demo;
use crate::schema::applications;
use crate::service::Error;

use careerhub_domain::letters::NewLetter;

use super::{letters, sent, versions};

pub(super) fn seed(conn: &mut PgConnection, demo: &mut Demo) -> Result<(), Error> {
    let settings = CvSettings {
        name: "General".to_owned(),
        template: Template::Classic,
        page_size: None,
        headline: None,
        summary: None,
    };
    versions::create(conn, demo.user, &settings, None, &Default::default())?;
    demo.report.cv_versions += 1;
    // The newest application that went out (not one still on the wishlist).
    let newest: Option<ApplicationId> = applications::table
        .filter(applications::user_id.eq(demo.user))
        .filter(applications::status.ne(ApplicationStatus::Wishlist))
        .order(applications::created_at.desc())
        .select(applications::id)
        .first(conn)
        .optional()?;
    if let Some(application) = newest {
        let tailored = versions::tailor(conn, demo.user, application, Template::Modern)?;
        demo.report.cv_versions += 1;
        // A cover letter from the first default template, and the application marked as sent
        // with both.
        let template = letters::templates(conn, demo.user)?
            .into_iter()
            .find(|template| !template.own)
            .ok_or_else(|| Error::broken("no default letter template"))?;
        let letter = letters::create(
            conn,
            demo.user,
            &NewLetter {
                title: "Cover letter".to_owned(),
                template: template.id,
                application: Some(application),
            },
        )?;
        demo.report.letters += 1;
        sent::mark_sent(conn, demo.user, application, Some(tailored), Some(letter))?;
    }
    Ok(())
}
