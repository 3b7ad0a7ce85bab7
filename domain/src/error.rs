use serde::{Deserialize, Serialize};

/// Errors a page can show. Each maps to one HTTP status and one friendly message; details that
/// could leak internals stay in the server log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("Too many requests. Please wait a moment and try again.")]
    TooManyRequests,
    #[error("That was more than we accept in one request. Please send less and try again.")]
    TooLarge,
    #[error("The service is temporarily unavailable. Please try again shortly.")]
    Unavailable,
    #[error("Something went wrong on our side. It has been logged.")]
    Internal,
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Forbidden => 403,
            Self::TooManyRequests => 429,
            Self::TooLarge => 413,
            Self::Unavailable => 503,
            Self::Internal => 500,
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Page not found",
            Self::Forbidden => "Forbidden",
            Self::TooManyRequests => "Slow down",
            Self::TooLarge => "Too large",
            Self::Unavailable => "Temporarily unavailable",
            Self::Internal => "Something went wrong",
        }
    }
}
