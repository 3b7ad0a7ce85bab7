//! Job postings in the browser: the search (a GET form, so every search is an address that works
//! without JavaScript and updates in place once hydrated) and a posting's page.

pub mod pages;
pub mod server;
