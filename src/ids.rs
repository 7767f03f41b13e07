//! Identifiers, secrets and clocks: one place that knows how random values and timestamps
//! are made, so every other module speaks in `org_…`, `sk_test_…` and unix milliseconds.

use rand::Rng as _;
use sha2::{Digest, Sha256};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `len` random base62 characters from the thread's CSPRNG.
pub fn random_base62(len: usize) -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 1];
    while out.len() < len {
        rng.fill_bytes(&mut buf);
        // 248 = 4 × 62: rejecting the rest keeps every character equally likely.
        if buf[0] < 248 {
            out.push(BASE62[usize::from(buf[0] % 62)] as char);
        }
    }
    out
}

/// `bytes` random bytes as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A prefixed public id such as `org_7fK2…`.
pub fn prefixed(prefix: &str) -> String {
    format!("{prefix}_{}", random_base62(20))
}

/// A prefixed id that sorts by creation time, such as `evt_0bZ3kQ1x…`: eight base62 digits of
/// the unix millisecond, then twelve random characters (71 bits). Rows keyed by such ids are
/// appended to their indexes instead of landing on a random page each, which keeps the pages a
/// write touches, and so the write-ahead log, small. Document ids stay random
/// ([`prefixed`]): the blob store files documents by their first characters.
pub fn sortable(prefix: &str) -> String {
    let mut ms = u64::try_from(now_ms()).unwrap_or(0);
    let mut time = [b'0'; 8];
    for digit in time.iter_mut().rev() {
        *digit = BASE62[usize::try_from(ms % 62).unwrap_or(0)];
        ms /= 62;
    }
    format!("{prefix}_{}{}", String::from_utf8_lossy(&time), random_base62(12))
}

/// A new case's id: a UUID that sorts by creation time (version 7), for the same reason.
pub fn case_uuid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The kinds of id that arrive in request paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A case: a session's UUID or a processing case's `case_…`.
    Case,
    Document,
    WebhookDelivery,
    Evidence,
}

/// Whether `id` has the shape of a `kind` id, so one that cannot exist is a 404 before any
/// query (and odd text never reaches the database or a header).
pub fn well_formed(kind: IdKind, id: &str) -> bool {
    let prefixed = |prefix: &str| {
        id.strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|rest| (1..=40).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    match kind {
        IdKind::Case => is_uuid(id) || prefixed("case"),
        IdKind::Document => prefixed("doc"),
        IdKind::WebhookDelivery => prefixed("whd"),
        IdKind::Evidence => prefixed("ev"),
    }
}

/// `8-4-4-4-12` hex digits, as `Uuid` prints them (either case).
fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Hex SHA-256, used for API keys (high-entropy, so a fast hash is the right one) and blobs.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Milliseconds since the unix epoch: every timestamp in the database is one of these.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// `2026-01-22T10:30:00.000Z`: the API's timestamp format.
pub fn rfc3339_ms(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(&fmt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sortable_ids_sort_by_time_and_differ_within_a_millisecond() {
        let first = sortable("evt");
        std::thread::sleep(std::time::Duration::from_millis(2));
        let (a, b) = (sortable("evt"), sortable("evt"));
        assert!(first.starts_with("evt_") && first.len() == 24, "{first}");
        assert!(first < a && first < b, "{first} {a} {b}");
        assert_ne!(a, b);
        assert!(a.chars().skip(4).all(|c| c.is_ascii_alphanumeric()));
        assert!(
            case_uuid() < {
                std::thread::sleep(std::time::Duration::from_millis(2));
                case_uuid()
            }
        );
    }

    #[test]
    fn ids_have_their_prefix_and_enough_randomness() {
        let a = prefixed("org");
        assert!(a.starts_with("org_") && a.len() == 24, "{a}");
        assert_ne!(a, prefixed("org"));
        assert!(random_base62(40).chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(random_hex(16).len(), 32);
    }

    #[test]
    fn ids_of_the_wrong_shape_are_told_apart_without_a_lookup() {
        let rows: &[(IdKind, &str, bool)] = &[
            (IdKind::Case, &case_uuid(), true),
            (IdKind::Case, &sortable("case"), true),
            (IdKind::Case, "550E8400-E29B-41D4-A716-446655440000", true),
            (IdKind::Case, "550e8400-e29b-41d4-a716-44665544000", false),
            (IdKind::Case, "550e8400xe29b-41d4-a716-446655440000", false),
            (IdKind::Case, "case_", false),
            (IdKind::Case, "case_a\0b", false),
            (IdKind::Case, "doc_abc", false),
            (IdKind::Document, &prefixed("doc"), true),
            (IdKind::Document, "doc_%00", false),
            (IdKind::Document, "doc_ab-c", false),
            (IdKind::WebhookDelivery, &prefixed("whd"), true),
            (IdKind::WebhookDelivery, "whd_", false),
            (IdKind::Evidence, &sortable("ev"), true),
            (IdKind::Evidence, &"ev_a".repeat(20), false),
        ];
        for (kind, id, ok) in rows {
            assert_eq!(well_formed(*kind, id), *ok, "{kind:?} {id:?}");
        }
    }

    #[test]
    fn timestamps_print_with_milliseconds_in_utc() {
        assert_eq!(rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_ms(1_769_077_800_123), "2026-01-22T10:30:00.123Z");
    }
}
