//! Klarefi: hosted intake with evidence-backed facts.
//!
//! Reading order for a newcomer: `app` (state, router, start-up), `config`, `db` (the two
//! backends, `Db::begin` and the `on_db!`/`on_tx!` macros), `error` and `web` (how every response is
//! shaped), `orgs` (keys, scopes, auth, rate limits), `case_types` (what an intake asks),
//! `sessions` and `cases` (the integration API), `idempotency`, `intake` (the applicant's
//! pages: `flow` is the conversation, `routes` the pages, `upload` the files), `websession`,
//! `l10n`, `links` (signed URLs), `cli`.

pub mod app;
pub mod blobs;
pub mod case_types;
pub mod casefile;
pub mod cases;
pub mod cli;
pub mod config;
pub mod db;
pub mod documents;
pub mod error;
pub mod extract;
pub mod facts;
pub mod fetch;
pub mod idempotency;
pub mod ids;
pub mod intake;
pub mod jobs;
pub mod l10n;
pub mod links;
pub mod ocr;
pub mod openapi;
pub mod orgs;
pub mod outbox;
pub mod pdf;
pub mod pipeline;
pub mod processing;
pub mod render;
pub mod sample;
pub mod sandbox;
pub mod server;
pub mod sessions;
pub mod state;
pub mod text;
pub mod vocab;
pub mod web;
pub mod webhooks;
pub mod websession;
pub mod worker;

pub use app::{App, AppState};
pub use config::Config;
