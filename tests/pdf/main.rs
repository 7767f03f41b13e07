//! The PDF text layer: PDFs built in the tests, and the shared corpus when it is present.

mod corpus;
mod evidence;
mod sandbox;
mod synthetic;
