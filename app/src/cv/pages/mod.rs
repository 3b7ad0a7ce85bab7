pub mod editor;
pub mod item;
pub mod list;
pub mod preview;
