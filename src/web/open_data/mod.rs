//! What programs read: the JSON API with its OpenAPI description, the CSV
//! and JSON exports, the Atom feeds and the iCalendar files.

pub mod api;
pub mod feeds;
