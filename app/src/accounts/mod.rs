//! Accounts in the browser: signing up and in, recovering and changing the password and the
//! address, sessions and deletion.

pub mod pages;
pub mod security;
pub mod server;
