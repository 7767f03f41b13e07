//! The SSRF-safe fetcher: address and URL rules without connecting, and live requests
//! against small servers on loopback.

#![expect(clippy::expect_used, reason = "a test server that cannot start should fail loudly")]

mod common;
mod live;
mod rules;
