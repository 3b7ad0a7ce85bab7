//! The job-search tracker in the browser: the board and list, applications, contacts, learning,
//! the dashboard, reminders and analytics.

pub mod components;
pub mod pages;
pub mod server;
