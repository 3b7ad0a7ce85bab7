//! The master profile in the browser: the editor, an item's and a skill's edit pages, and the
//! public page at /p/{slug}.

pub mod components;
pub mod pages;
pub mod server;
