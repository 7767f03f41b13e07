//! Klarefi: hosted intake with evidence-backed facts.
//!
//! The modules are declared layer by layer, lowest first (`layers` holds the table and the
//! test that keeps it): a module uses its own layer and the ones below, never above.
//!
//! - vocabulary: `ids`, `text`, `vocab` (formats, fact types, limits), `error`;
//! - engines, with no database: `pdf` and `ocr` (the text layer), `extract` (facts from page
//!   text), `l10n`, `case_types`, `config`, `links` (signed URLs), `blobs`, `fetch`, the
//!   sandboxed `worker` process that `sandbox` (reading) and `render` (page images) run,
//!   `metrics` (this instance's counters in the Prometheus format);
//! - nouns, their types and pure rules: `orgs`, `cases`, `facts`, `documents`;
//! - the database: `db` (two backends behind one `Db`, commit hooks; no nouns);
//! - stores, each noun's SQL (`<noun>::store`) and `outbox`, `idempotency`, `jobs`,
//!   `websession`, the case cache and batch writer;
//! - services: `cases::settle`, `documents::{receive, erase}`, `sessions`, the intake engine
//!   (`intake::{flow, engine}`), `webhooks`, `pipeline` (the document workers), `processing`;
//! - transports: `state`, `web`, `openapi`, `server`, `ops` (`/metrics`, readiness), every
//!   `<noun>::routes`, the applicant's
//!   pages (`intake`), the case file (`casefile`);
//! - wiring: `app` (start-up, the router), `cli`.

// Vocabulary.
pub mod error;
pub mod ids;
pub mod text;
pub mod vocab;

// Engines.
pub mod blobs;
pub mod case_types;
pub mod config;
pub mod extract;
pub mod fetch;
pub mod l10n;
pub mod links;
pub mod metrics;
pub mod ocr;
pub mod pdf;
pub mod render;
pub mod sample;
pub mod sandbox;
pub mod worker;

// Nouns.
pub mod cases;
pub mod documents;
pub mod facts;
pub mod orgs;

// The database.
pub mod db;

// Stores.
pub mod idempotency;
pub mod jobs;
pub mod outbox;
pub mod websession;

// Services.
pub mod pipeline;
pub mod processing;
pub mod review;
pub mod sessions;
pub mod webhooks;

// Transports.
pub mod casefile;
pub mod intake;
pub mod mcp;
pub mod openapi;
pub mod ops;
pub mod server;
pub mod state;
pub mod web;

// Wiring.
pub mod app;
pub mod cli;

pub mod layers;

pub use app::App;
pub use config::Config;
pub use state::AppState;
