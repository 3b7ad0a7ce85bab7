//! Email: templates compiled into the binary (one folder per email: subject, text and HTML), the
//! durable outbox they are queued in, and the worker that sends them.

pub mod data;
mod outbox;
pub mod unsubscribe;

pub use outbox::{
    DeadEmail, DeliveryReport, OutboxSummary, deliver_due, enqueue, enqueue_list, requeue_dead,
    summary,
};

use std::sync::LazyLock;

use minijinja::Environment;
use serde::Serialize;

/// Declares every email Careerhub sends, once: the variant, its name (the template folder under
/// `templates/` and the outbox's `kind`), and so the list the templates load from.
macro_rules! email_kinds {
    ($($variant:ident => $name:literal),* $(,)?) => {
        /// Every email Careerhub sends.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum EmailKind {
            $($variant,)*
        }

        impl EmailKind {
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }

        static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
            let mut env = Environment::new();
            env.add_template("layout.html", include_str!("templates/layout.html"))
                .expect("template");
            env.add_template("button.html", include_str!("templates/button.html"))
                .expect("template");
            $(
                for (part, source) in [
                    ("subject.txt", include_str!(concat!("templates/", $name, "/subject.txt"))),
                    ("body.txt", include_str!(concat!("templates/", $name, "/body.txt"))),
                    ("body.html", include_str!(concat!("templates/", $name, "/body.html"))),
                ] {
                    env.add_template_owned(format!("{}/{part}", $name), source)
                        .expect("template");
                }
            )*
            env
        });
    };
}

// Adding an email is this one line and its template folder; the tests below render every kind.
email_kinds! {
    VerifyEmail => "verify_email",
    PasswordReset => "password_reset",
    PasswordChanged => "password_changed",
    EmailChangeConfirm => "email_change_confirm",
    EmailChangeNotice => "email_change_notice",
    DeletionRequested => "deletion_requested",
    DailyDigest => "daily_digest",
    JobAlert => "job_alert",
}

impl EmailKind {
    /// The list an email belongs to, which people can leave with one click; None for email
    /// about the account itself (verification, resets, changes), which everyone gets.
    pub fn list(self) -> Option<careerhub_domain::mailing::MailingList> {
        match self {
            Self::DailyDigest => Some(careerhub_domain::mailing::MailingList::DailyDigest),
            Self::JobAlert => Some(careerhub_domain::mailing::MailingList::JobAlert),
            Self::VerifyEmail
            | Self::PasswordReset
            | Self::PasswordChanged
            | Self::EmailChangeConfirm
            | Self::EmailChangeNotice
            | Self::DeletionRequested => None,
        }
    }
}

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone)]
pub struct RenderedEmail {
    pub kind: EmailKind,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders the three parts of `kind` with `context` (HTML is escaped, text is not).
pub fn render(kind: EmailKind, context: impl Serialize) -> RenderedEmail {
    let context = minijinja::Value::from_serialize(&context);
    let part = |name: &str| {
        TEMPLATES
            .get_template(&format!("{}/{name}", kind.as_str()))
            .and_then(|template| template.render(&context))
            .unwrap_or_else(|err| panic!("email template {}/{name}: {err}", kind.as_str()))
    };
    let subject = part("subject.txt").trim().to_owned();
    let html = TEMPLATES
        .get_template(&format!("{}/body.html", kind.as_str()))
        .and_then(|template| {
            template.render(minijinja::context! { subject => &subject, ..context.clone() })
        })
        .unwrap_or_else(|err| panic!("email template {}/body.html: {err}", kind.as_str()));
    RenderedEmail {
        kind,
        text: part("body.txt"),
        html,
        subject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_email_renders_with_escaped_html() {
        let context = minijinja::context! {
            name => "Ada <script>",
            link => "https://careers.example.org/verify-email?token=abc",
            site_url => "https://careers.example.org",
            hours => 48,
            minutes => 60,
            when => "2026-11-22 10:00",
            new_email => "new@example.org",
            erase_on => "2026-12-06",
            day => "Monday, 23 November",
            follow_ups => vec![minijinja::context! {
                title => "Acme <b>", link => "https://careers.example.org/applications/1",
                due => "2026-11-20", overdue => true,
            }],
            interviews => vec![minijinja::context! {
                title => "Initech", link => "https://careers.example.org/applications/2",
                time => "09:30", place => "Video call",
            }],
            search_name => "Rust <i>",
            postings => vec![minijinja::context! {
                title => "Engineer <img>", company => "Acme", facts => "Berlin",
                link => "https://careers.example.org/jobs/1",
            }],
            more => true,
        };
        for &kind in EmailKind::ALL {
            let email = render(kind, &context);
            assert!(!email.subject.is_empty() && !email.subject.contains('\n'));
            assert!(email.text.contains("Hello Ada <script>,"), "{kind:?}");
            assert!(email.html.contains("Hello Ada &lt;script&gt;,"), "{kind:?}");
            assert!(!email.html.contains("<script>"), "{kind:?}");
            assert!(!email.html.contains("<i>") && !email.html.contains("<img>"));
            assert!(email.html.contains(&format!(
                "<title>{}</title>",
                minijinja::HtmlEscape(&email.subject)
            )));
        }
    }

    /// A template folder no kind declares is an email nobody can send (or a kind whose line was
    /// forgotten): the folders and the declared kinds are the same list.
    #[test]
    fn every_template_folder_is_a_declared_kind() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/email/templates");
        let mut folders: Vec<String> = std::fs::read_dir(dir)
            .expect("templates folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.is_dir())
            .map(|path| {
                path.file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        folders.sort();
        let mut kinds: Vec<String> = EmailKind::ALL
            .iter()
            .map(|kind| kind.as_str().to_owned())
            .collect();
        kinds.sort();
        assert_eq!(folders, kinds);
    }
}
