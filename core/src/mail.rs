//! Outgoing mail transport: SMTP when `SMTP_URL` is set (STARTTLS or TLS as the URL says), otherwise
//! `.eml` files in the mail directory so a fresh install never loses or leaks a message.

use std::path::Path;

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::Error as SmtpError,
};

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("SMTP_URL is not usable: {0}")]
    Config(String),
    #[error("cannot create the mail directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("sending failed: {0}")]
    Send(String),
}

impl Mailer {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host:465` (TLS), or
    /// `smtp://host:25` (plain, for a local relay or a test server).
    pub fn new(smtp_url: Option<&str>, mail_dir: &Path) -> Result<Self, MailError> {
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|err: SmtpError| MailError::Config(err.to_string()))?
                    .build();
                Ok(Self::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(mail_dir).map_err(|source| MailError::Directory {
                    path: mail_dir.display().to_string(),
                    source,
                })?;
                Ok(Self::File(AsyncFileTransport::new(mail_dir)))
            }
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Self::Smtp(transport) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|err| MailError::Send(err.to_string())),
            Self::File(transport) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|err| MailError::Send(err.to_string())),
        }
    }

    /// Opens an SMTP session and says hello, without sending anything. The file transport is
    /// always reachable.
    pub async fn test_connection(&self) -> Result<(), MailError> {
        match self {
            Self::Smtp(transport) => match transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err(MailError::Send(
                    "the server did not accept a session".into(),
                )),
                Err(err) => Err(MailError::Send(err.to_string())),
            },
            Self::File(_) => Ok(()),
        }
    }
}
