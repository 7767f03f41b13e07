//! The integration suite: the real application over HTTP, on SQLite or, with
//! `KLAREFI_TEST_POSTGRES_URL`, on PostgreSQL.

mod admin;
mod foundation;
mod helpers;
