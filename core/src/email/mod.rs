//! Email: templates compiled into the binary (one folder per email: subject, text and HTML), the
//! durable outbox they are queued in, and the worker that sends them.

pub mod data;
mod outbox;

pub use outbox::{
    DeadEmail, DeliveryReport, OutboxSummary, deliver_due, enqueue, requeue_dead, summary,
};

use std::sync::LazyLock;

use minijinja::Environment;
use serde::Serialize;

/// Every email Careerhub sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    VerifyEmail,
    PasswordReset,
    PasswordChanged,
    EmailChangeConfirm,
    EmailChangeNotice,
    DeletionRequested,
    DailyDigest,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::EmailChangeConfirm => "email_change_confirm",
            Self::EmailChangeNotice => "email_change_notice",
            Self::DeletionRequested => "deletion_requested",
            Self::DailyDigest => "daily_digest",
        }
    }
}

macro_rules! templates {
    ($env:ident, $($kind:literal),*) => {
        $(
            $env.add_template(concat!($kind, "/subject.txt"), include_str!(concat!("templates/", $kind, "/subject.txt"))).expect("template");
            $env.add_template(concat!($kind, "/body.txt"), include_str!(concat!("templates/", $kind, "/body.txt"))).expect("template");
            $env.add_template(concat!($kind, "/body.html"), include_str!(concat!("templates/", $kind, "/body.html"))).expect("template");
        )*
    };
}

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.add_template("layout.html", include_str!("templates/layout.html"))
        .expect("template");
    env.add_template("button.html", include_str!("templates/button.html"))
        .expect("template");
    templates!(
        env,
        "verify_email",
        "password_reset",
        "password_changed",
        "email_change_confirm",
        "email_change_notice",
        "deletion_requested",
        "daily_digest"
    );
    env
});

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
        };
        for kind in [
            EmailKind::VerifyEmail,
            EmailKind::PasswordReset,
            EmailKind::PasswordChanged,
            EmailKind::EmailChangeConfirm,
            EmailKind::EmailChangeNotice,
            EmailKind::DeletionRequested,
            EmailKind::DailyDigest,
        ] {
            let email = render(kind, &context);
            assert!(!email.subject.is_empty() && !email.subject.contains('\n'));
            assert!(email.text.contains("Hello Ada <script>,"), "{kind:?}");
            assert!(email.html.contains("Hello Ada &lt;script&gt;,"), "{kind:?}");
            assert!(!email.html.contains("<script>"), "{kind:?}");
            assert!(
                email
                    .html
                    .contains(&format!("<title>{}</title>", email.subject))
            );
        }
    }
}
