pub mod error_page;
pub mod form;
pub mod layout;
pub mod load;
pub mod server_form;
pub mod theme_toggle;
