//! The lists of email a person can leave with one click (RFC 8058): every email that is not
//! about the account itself belongs to one.

text_enum!(
    MailingList {
        DailyDigest = "daily_digest" / "the daily reminder email",
        JobAlert = "job_alert" / "the job alert email of this saved search",
    }
);

impl MailingList {
    /// Where a person turns the list on again: (address, what the page is called).
    pub fn settings(self) -> (&'static str, &'static str) {
        match self {
            Self::DailyDigest => (
                crate::paths::NOTIFICATION_SETTINGS,
                "Settings → Notifications",
            ),
            Self::JobAlert => (crate::paths::SAVED_SEARCHES, "Jobs → Saved searches"),
        }
    }
}
