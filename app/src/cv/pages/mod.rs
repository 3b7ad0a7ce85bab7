pub mod editor;
pub mod item;
pub mod letters;
pub mod list;
pub mod preview;
pub mod sent;
