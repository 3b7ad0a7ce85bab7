//! Pages of the site itself; each area's pages live in its folder (`accounts/`, `tracker/`).

pub mod landing;
pub mod not_found;
