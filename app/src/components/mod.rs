pub mod error_page;
pub mod layout;
pub mod theme_toggle;
