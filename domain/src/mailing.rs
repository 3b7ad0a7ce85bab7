//! The lists of email a person can leave with one click (RFC 8058): every email that is not
//! about the account itself belongs to one.

text_enum!(
    MailingList {
        DailyDigest = "daily_digest" / "the daily reminder email",
    }
);
