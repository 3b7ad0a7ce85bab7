pub mod editor;
pub mod entry;
pub mod import;
pub mod public;
pub mod skill;
