//! The address of every page, made from typed ids: a link cannot name a page that does not exist
//! or put a contact's id where an application's belongs. `app/src/lib.rs` routes these addresses;
//! the crawl in `server/tests/it/hydration.rs` loads every route.

use crate::cv::CvFormat;
use crate::ids::{
    ActivityId, ApplicationId, ContactId, CvVersionId, EntryId, LetterId, SentDocumentId,
};
use crate::tracker::ApplicationStatus;

pub const DASHBOARD: &str = "/dashboard";
pub const APPLICATIONS: &str = "/applications";
pub const APPLICATION_LIST: &str = "/applications/list";
pub const NEW_APPLICATION: &str = "/applications/new";
pub const CONTACTS: &str = "/contacts";
pub const NEW_CONTACT: &str = "/contacts/new";
pub const LEARNING: &str = "/learning";
pub const NOTIFICATIONS: &str = "/notifications";
pub const NOTIFICATION_SETTINGS: &str = "/settings/notifications";
/// The settings section; its first page is [`SECURITY_SETTINGS`].
pub const SETTINGS: &str = "/settings";
pub const SECURITY_SETTINGS: &str = "/settings/security";
pub const ANALYTICS: &str = "/analytics";
/// The profile editor.
pub const PROFILE: &str = "/profile";
/// Importing a JSON Resume file or a LinkedIn export into the profile.
pub const PROFILE_IMPORT: &str = "/profile/import";
/// Where the import form sends its file (a POST route, not a page).
pub const PROFILE_IMPORT_UPLOAD: &str = "/profile/import/upload";
/// The profile as a JSON Resume file.
pub const PROFILE_EXPORT: &str = "/export/profile.json";

/// CV versions: the list and a new version.
pub const CVS: &str = "/cv";

/// Job postings: the search.
pub const JOBS: &str = "/jobs";
/// The postings a person saved.
pub const SAVED_JOBS: &str = "/jobs/saved";
/// A person's saved searches and their alerts.
pub const SAVED_SEARCHES: &str = "/jobs/searches";
/// Adding a posting of one's own.
pub const NEW_JOB: &str = "/jobs/new";

/// Cover letters: the list and a new letter.
pub const LETTERS: &str = "/letters";
/// Letter templates: the defaults and a person's own.
pub const LETTER_TEMPLATES: &str = "/letters/templates";

/// A profile's public page (a link-only profile also needs its key: [`shared_profile`]).
pub fn public_profile(slug: &str) -> String {
    format!("/p/{slug}")
}

/// The unguessable address of a link-only profile.
pub fn shared_profile(slug: &str, key: &str) -> String {
    format!("/p/{slug}?key={key}")
}

/// The editor, scrolled to a section.
pub fn profile_section(section: crate::profile::Section) -> String {
    format!("{PROFILE}#{}", section.as_str())
}

pub fn application(id: ApplicationId) -> String {
    format!("{APPLICATIONS}/{id}")
}

/// The list, showing one status.
pub fn applications_in(status: ApplicationStatus) -> String {
    format!("{APPLICATION_LIST}?status={}", status.as_str())
}

pub fn contact(id: ContactId) -> String {
    format!("{CONTACTS}/{id}")
}

pub fn activity(id: ActivityId) -> String {
    format!("{LEARNING}/{id}")
}

/// One job posting's page.
/// A one-click unsubscribe link (`careerhub_core::email::unsubscribe`).
pub fn unsubscribe(token: &str) -> String {
    format!("/unsubscribe/{token}")
}

pub fn job(id: crate::ids::JobPostingId) -> String {
    format!("{JOBS}/{id}")
}

/// A CV version's editor.
pub fn cv_version(id: CvVersionId) -> String {
    format!("{CVS}/{id}")
}

/// The HTML preview of a CV version (and what a browser prints).
pub fn cv_preview(id: CvVersionId) -> String {
    format!("{CVS}/{id}/preview")
}

/// Rewording an item's highlights for one CV version.
pub fn cv_item(id: CvVersionId, entry: EntryId) -> String {
    format!("{CVS}/{id}/items/{entry}")
}

/// A CV version as a file.
pub fn cv_download(id: CvVersionId, format: CvFormat) -> String {
    format!("/export/cv/{id}.{}", format.as_str())
}

/// A letter's editor.
pub fn letter(id: LetterId) -> String {
    format!("{LETTERS}/{id}")
}

/// One saved version of a letter.
pub fn letter_version(id: LetterId, number: i32) -> String {
    format!("{LETTERS}/{id}/versions/{number}")
}

/// One saved version compared with another.
pub fn letter_compare(id: LetterId, number: i32, with: i32) -> String {
    format!("{LETTERS}/{id}/versions/{number}?with={with}")
}

/// A letter as a file.
pub fn letter_download(id: LetterId, format: CvFormat) -> String {
    format!("/export/letters/{id}.{}", format.as_str())
}

/// The copy of a CV or letter an application went out with, as a file.
pub fn sent_download(id: SentDocumentId, format: CvFormat) -> String {
    format!("/export/sent/{id}.{}", format.as_str())
}

/// "{id}.{extension}" of a download address.
pub fn parse_download<Id: std::str::FromStr>(file: &str) -> Option<(Id, CvFormat)> {
    let (id, extension) = file.rsplit_once('.')?;
    Some((id.parse().ok()?, CvFormat::parse(extension)?))
}

/// A value percent-encoded for a query string (spaces as `+`): list and search addresses.
pub fn query_value(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            b' ' => "+".to_owned(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_pages_sit_under_their_lists() {
        let id = uuid::Uuid::nil();
        assert_eq!(
            application(ApplicationId(id)),
            "/applications/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(contact(ContactId(id)), format!("/contacts/{id}"));
        assert_eq!(activity(ActivityId(id)), format!("/learning/{id}"));
        assert_eq!(
            applications_in(ApplicationStatus::Interviewing),
            "/applications/list?status=interviewing"
        );
    }
}
