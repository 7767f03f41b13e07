//! Klarefi: hosted intake with evidence-backed facts.
//!
//! Reading order for a newcomer: `app` (state, router, start-up), `config`, `db` (the two
//! backends and the `on_db!`/`in_tx!` macros), `error` and `web` (how every response is
//! shaped), `orgs` (keys, scopes, auth, rate limits), `case_types` (what an intake asks),
//! `l10n`, `links` (signed URLs), `cli`.

pub mod app;
pub mod case_types;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod ids;
pub mod l10n;
pub mod links;
pub mod orgs;
pub mod web;

pub use app::{App, AppState};
pub use config::Config;
