//! Job postings: imported from the feeds job boards publish on purpose (Greenhouse, Lever, Ashby,
//! schema.org JSON-LD pages, RSS/Atom, CSV and JSON files) into shared, searchable postings.
//!
//! [`sources`] are the feeds an operator manages; [`import`] fetches them (conditionally, bounded
//! in time and size), reads them with one of the [`readers`] and stores what changed: a posting
//! gone from its feed is closed, never deleted. Companies are found again by web domain or
//! normalised name ([`companies`]).

pub mod companies;
pub mod data;
mod fetch;
pub(crate) mod html;
pub mod import;
pub mod readers;
pub mod sources;
