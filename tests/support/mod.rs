//! Shared by test binaries and benchmarks: a generator of labelled claim PDFs and the
//! evaluation of our extraction against their truth; scans and photos of them for OCR.

#![allow(dead_code, reason = "each binary that includes this uses a different part")]

pub mod claims;
pub mod corpus;
pub mod evaluate;
pub mod scans;
