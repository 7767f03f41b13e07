//! The integration suite: the real application over HTTP, on SQLite or, with
//! `KLAREFI_TEST_POSTGRES_URL`, on PostgreSQL.

#![expect(clippy::expect_used, reason = "a test that cannot set up should fail loudly")]

mod admin;
mod applicant;
mod blobs;
mod branding;
mod browser;
mod browser_casefile;
mod browser_intake;
mod casefile;
mod documents_first;
mod fixtures;
mod foundation;
mod helpers;
mod hostile_text;
mod instances;
mod intake;
mod mcp;
mod ocr;
mod operations;
mod processing;
mod review;
mod roles;
mod sessions;
mod slow_clients;
#[path = "../support/mod.rs"]
mod support;
mod tolerant;
mod webhooks;
