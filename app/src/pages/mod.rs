pub mod account;
pub mod landing;
pub mod not_found;
pub mod security;
