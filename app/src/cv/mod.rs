//! CV versions in the browser: the list, a version's editor, rewording an item's highlights for
//! one version, and the HTML preview (downloads are plain routes: server/src/routes/cv.rs).

pub mod pages;
pub mod server;
