//! The demo account's CV versions: a general one in the classic template and one tailored for
//! the newest application in the modern template.

use careerhub_domain::cv::{CvSettings, Template};
use careerhub_domain::ids::ApplicationId;
use diesel::prelude::*;

use crate::demo::Demo;
use crate::schema::applications;
use crate::service::Error;

use super::versions;

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
    let newest: Option<ApplicationId> = applications::table
        .filter(applications::user_id.eq(demo.user))
        .order(applications::created_at.desc())
        .select(applications::id)
        .first(conn)
        .optional()?;
    if let Some(application) = newest {
        versions::tailor(conn, demo.user, application, Template::Modern)?;
        demo.report.cv_versions += 1;
    }
    Ok(())
}
