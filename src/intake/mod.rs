//! Hosted intake: the applicant's side (SPEC §6).
//!
//! The conversation is the engine's ([`engine`]): opening a link, the screen the case is at,
//! recording an answer, reacting to a check, receiving an upload, submitting — functions over
//! the database with typed inputs and outputs and no HTTP in them. Which screen comes next is
//! a pure function of what is stored ([`flow`]): answers, documents and observations decide
//! it, so reopening the link on another device resumes exactly where the applicant was.
//!
//! The pages are thin over it: a signed link (`/s/{id}?token=…`) is exchanged for a cookie
//! session bound to that one case ([`context`]); [`routes`] handles each form and page,
//! [`upload`] streams files into the blob store, [`screens`] renders what the engine says to
//! show with the templates' data from [`views`].

pub mod context;
pub mod engine;
pub mod flow;
pub mod routes;
mod screens;
pub mod store;
mod upload;
mod views;
// Facts written the page's way; the case file shows them so too.
pub(crate) use views::fact_value;

pub use views::{answer_text, human_size, option_id};
