//! The PDF text layer: PDFs built in the tests, and the shared corpus when it is present.

#![expect(clippy::expect_used, reason = "a broken fixture should fail the test loudly")]

mod claims;
mod corpus;
mod evidence;
mod ocr;
mod reader;
mod sandbox;
#[path = "../support/mod.rs"]
mod support;
mod synthetic;
