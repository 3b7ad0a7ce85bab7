//! CV versions and cover letters in the browser: the versions, a version's editor, rewording an
//! item's highlights for one version, the HTML preview; letters with their versions, letter
//! templates, and what an application went out with (downloads are plain routes:
//! server/src/routes/cv.rs).

pub mod letters;
pub mod pages;
pub mod server;
