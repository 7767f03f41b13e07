//! SSRF-safe outbound HTTP: fetching documents from integrator-supplied URLs
//! (`POST /api/v1/process` with `document_url`) and POSTing signed webhook deliveries.
//!
//! This module owns every decision about *where* the server may connect on behalf of an
//! integrator: the URL rules (scheme, credentials, length), the address rule (public
//! addresses only unless `allow_private`), DNS resolution with the result pinned into the
//! connection, manual redirect handling, the size cap and the overall deadline.
//!
//! It must never:
//! - connect to an address it has not checked (every resolved address is checked, and the
//!   connection is pinned to exactly those addresses so DNS rebinding cannot slip another in);
//! - let reqwest follow a redirect or pick up a proxy from the environment on its own;
//! - buffer more than `max_bytes` of a body (plus the one chunk in flight);
//! - log a URL's path, query string or any body: query strings carry signed tokens, bodies
//!   carry personal data. Only hosts (and, for refusals, the refused IP) are logged.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use reqwest::redirect::Policy as RedirectPolicy;
use reqwest::{Client, StatusCode, Url, dns};
use tokio::time::Instant;

/// Longest URL accepted, before and after normalization. Real document links are far
/// shorter; the cap keeps absurd inputs out of logs, the database and DNS.
pub const MAX_URL_LEN: usize = 2048;

/// How much of a webhook response body `post` reads before discarding it. Receivers only
/// need to answer with a status; reading a little lets well-behaved servers finish cleanly
/// without letting a hostile one make us download anything large.
pub const MAX_POST_RESPONSE_BYTES: usize = 64 * 1024;

/// Upper bound on the TCP/TLS connect phase of one hop, so one unresponsive address
/// cannot eat the whole deadline before a redirect or a second resolved address is tried.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Limits and the address rule for one outbound request.
#[derive(Clone, Debug)]
pub struct FetchPolicy {
    /// `KLAREFI_ALLOW_PRIVATE_URLS`: allows `http` and non-public addresses. Development and
    /// tests only; off in production, where it would re-open SSRF to the internal network.
    pub allow_private: bool,
    /// Largest body accepted (documents: 25 MiB). Not used by `post`, which reads at most
    /// [`MAX_POST_RESPONSE_BYTES`] of the response.
    pub max_bytes: u64,
    /// One deadline for the whole operation: DNS, connects, every redirect hop and the body.
    pub timeout: Duration,
    /// Redirects `fetch` follows (documents: 3). `post` never follows any.
    pub max_redirects: usize,
    /// Extra deny rule, applied on top of the real one and able only to *tighten* it: an
    /// address is refused when this returns `true`, whatever `allow_private` says. `None`
    /// (the default) means the real rule alone. It exists so tests can run with
    /// `allow_private` (to reach 127.0.0.1) yet still have an address that counts as
    /// forbidden (say 127.0.0.2); because it cannot loosen the rule, a wrong value in
    /// production can never open a hole.
    pub deny: Option<fn(IpAddr) -> bool>,
}

impl FetchPolicy {
    /// Limits for fetching a document: 25 MiB, 30 s, 3 redirects.
    pub fn document(allow_private: bool) -> Self {
        FetchPolicy {
            allow_private,
            max_bytes: 25 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_redirects: 3,
            deny: None,
        }
    }

    /// Limits for a webhook delivery: 30 s, no redirects (they count as failures).
    pub fn webhook(allow_private: bool) -> Self {
        FetchPolicy {
            allow_private,
            max_bytes: MAX_POST_RESPONSE_BYTES as u64,
            timeout: Duration::from_secs(30),
            max_redirects: 0,
            deny: None,
        }
    }
}

/// A fetched document. `Debug` is written by hand so that `?fetched` in a log line shows
/// neither the URL's path and query nor the bytes.
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// URL after redirects. It may carry a token in its query string: do not log it.
    pub final_url: String,
    pub content_type: Option<String>,
}

impl std::fmt::Debug for Fetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = Url::parse(&self.final_url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default();
        f.debug_struct("Fetched")
            .field("len", &self.bytes.len())
            .field("final_host", &host)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Why an outbound request was refused or failed. Messages never contain a URL's path or
/// query, so they may be logged and returned to the integrator.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("invalid URL: {0}")]
    InvalidUrl(&'static str),
    #[error("URL scheme `{0}` is not allowed")]
    SchemeNotAllowed(String),
    /// The host is, or resolves to, an address the rule refuses. The address itself is
    /// logged but not carried here, so internal DNS answers are not echoed to integrators.
    #[error("address of host `{host}` is not allowed")]
    AddressNotAllowed { host: String },
    /// The name does not exist (NXDOMAIN, or no address of any kind): asking again will not
    /// help.
    #[error("host `{host}` does not exist")]
    HostNotFound { host: String },
    /// The lookup itself failed (no answer in time, a server failure): it may work later.
    #[error("could not resolve host `{host}`")]
    DnsFailed { host: String },
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("response body larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("timed out")]
    Timeout,
    #[error("HTTP status {0}")]
    HttpStatus(u16),
    #[error("connection failed: {0}")]
    ConnectFailed(String),
    /// A redirect pointed somewhere the URL or address rules refuse; the inner error says why.
    #[error("redirect refused: {0}")]
    RedirectNotAllowed(Box<FetchError>),
    /// A header passed to `post` is malformed or one this module must set itself.
    #[error("invalid header `{0}`")]
    InvalidHeader(String),
}

impl FetchError {
    /// Stable snake_case code for API responses, delivery logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl(_) => "invalid_url",
            FetchError::SchemeNotAllowed(_) => "scheme_not_allowed",
            FetchError::AddressNotAllowed { .. } => "address_not_allowed",
            FetchError::HostNotFound { .. } => "host_not_found",
            FetchError::DnsFailed { .. } => "dns_failed",
            FetchError::TooManyRedirects(_) => "too_many_redirects",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Timeout => "timeout",
            FetchError::HttpStatus(_) => "http_status",
            FetchError::ConnectFailed(_) => "connect_failed",
            FetchError::RedirectNotAllowed(_) => "redirect_not_allowed",
            FetchError::InvalidHeader(_) => "invalid_header",
        }
    }
}

/// Applies the URL rules that need no network: length, syntax, scheme, no credentials, and
/// the address rule when the host is an IP literal. Hostnames are checked later, after DNS.
///
/// Parsing follows WHATWG, so odd IPv4 spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`) come
/// out as plain IPv4 hosts and meet the address rule like any literal.
pub fn check_url(url: &str, policy: &FetchPolicy) -> Result<Url, FetchError> {
    if url.len() > MAX_URL_LEN {
        return Err(FetchError::InvalidUrl("URL is too long"));
    }
    let mut parsed = Url::parse(url).map_err(|_| FetchError::InvalidUrl("URL does not parse"))?;
    // Normalization can lengthen a URL the caller sent within the cap (a trailing `/`, percent-
    // encoding, at most three bytes for one); a bound stays, on what normalization can make
    // of it, so the caller's limit is the one the API documents.
    if parsed.as_str().len() > 3 * MAX_URL_LEN {
        return Err(FetchError::InvalidUrl("URL is too long"));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if policy.allow_private => {}
        other => return Err(FetchError::SchemeNotAllowed(other.to_owned())),
    }
    // Credentials would be sent to the target (and end up in logs and the database).
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(FetchError::InvalidUrl("credentials in URL are not allowed"));
    }
    match host_of(&parsed) {
        None => return Err(FetchError::InvalidUrl("URL has no host")),
        Some(Host::Domain(_)) => {}
        Some(Host::Ip(ip)) => refuse_unless_allowed(ip, &parsed, policy)?,
    }
    // The fragment is never sent; dropping it keeps `final_url` and redirect joins clean.
    parsed.set_fragment(None);
    Ok(parsed)
}

/// A URL's host, classified. reqwest re-exports `Url` but not `url::Host`, and the server
/// does not depend on `url` directly, so this works from the normalized `host_str`.
enum Host<'a> {
    Ip(IpAddr),
    Domain(&'a str),
}

fn host_of(url: &Url) -> Option<Host<'_>> {
    let host = url.host_str().filter(|host| !host.is_empty())?;
    // The parser has already normalized the host: IPv6 literals are bracketed, every IPv4
    // spelling is dotted decimal, and a name whose last label is numeric has been turned into
    // IPv4 (or rejected), so a domain can never parse as an address here.
    if let Some(v6) = host.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().ok().map(|ip| Host::Ip(IpAddr::V6(ip)));
    }
    match host.parse::<Ipv4Addr>() {
        Ok(v4) => Some(Host::Ip(IpAddr::V4(v4))),
        Err(_) => Some(Host::Domain(host)),
    }
}

/// The address rule: `true` when this server may connect to `ip`. With `allow_private`
/// every address is allowed; otherwise only public unicast ones. `policy.deny` is applied
/// on top either way.
pub fn ip_allowed(ip: IpAddr, policy: &FetchPolicy) -> bool {
    if policy.deny.is_some_and(|deny| deny(ip)) {
        return false;
    }
    policy.allow_private || is_public(ip)
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    // Deny list of every special-purpose block that is not ordinary internet unicast.
    const DENIED: &[([u8; 4], u32)] = &[
        ([0, 0, 0, 0], 8),       // "this network"; 0.0.0.0 reaches localhost on Linux
        ([10, 0, 0, 0], 8),      // private
        ([100, 64, 0, 0], 10),   // CGNAT shared space
        ([127, 0, 0, 0], 8),     // loopback
        ([169, 254, 0, 0], 16),  // link-local, incl. cloud metadata 169.254.169.254
        ([172, 16, 0, 0], 12),   // private
        ([192, 0, 0, 0], 24),    // IETF protocol assignments
        ([192, 0, 2, 0], 24),    // TEST-NET-1
        ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
        ([192, 168, 0, 0], 16),  // private
        ([198, 18, 0, 0], 15),   // benchmarking
        ([198, 51, 100, 0], 24), // TEST-NET-2
        ([203, 0, 113, 0], 24),  // TEST-NET-3
        ([224, 0, 0, 0], 4),     // multicast
        ([240, 0, 0, 0], 4),     // reserved, incl. broadcast 255.255.255.255
    ];
    !DENIED.iter().any(|&(net, prefix)| in_v4(ip, net, prefix))
}

fn embedded_v4(seg_hi: u16, seg_lo: u16) -> Ipv4Addr {
    let [a, b] = seg_hi.to_be_bytes();
    let [c, d] = seg_lo.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Forms that carry an IPv4 address reach that address (directly, or through a NAT64 or
    // 6to4 gateway), so they are exactly as allowed as the IPv4 address they embed.
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff {
        return is_public_v4(embedded_v4(s[6], s[7])); // IPv4-mapped ::ffff:0:0/96
    }
    if s[..6] == [0, 0, 0, 0, 0, 0] {
        // ::/96 holds :: and ::1 as well as the deprecated IPv4-compatible form.
        return !matches!(s[6..], [0, 0] | [0, 1]) && is_public_v4(embedded_v4(s[6], s[7]));
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded_v4(s[6], s[7])); // NAT64 well-known prefix 64:ff9b::/96
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded_v4(s[1], s[2])); // 6to4 2002::/16
    }
    // Everything else must be global unicast 2000::/3. That alone excludes ::/8 leftovers,
    // 64:ff9b:1::/48 (local-use NAT64), 100::/64 (discard), fc00::/7 (unique local),
    // fe80::/10 (link-local), fec0::/10 (site-local) and ff00::/8 (multicast).
    if s[0] & 0xe000 != 0x2000 {
        return false;
    }
    // Special blocks inside 2000::/3.
    let teredo_and_ietf = s[0] == 0x2001 && s[1] < 0x0200; // 2001::/23, incl. Teredo 2001::/32
    let documentation = (s[0] == 0x2001 && s[1] == 0x0db8) || s[0] & 0xfff0 == 0x3ff0; // 2001:db8::/32, 3fff::/20
    !(teredo_and_ietf || documentation)
}

fn refuse_unless_allowed(ip: IpAddr, url: &Url, policy: &FetchPolicy) -> Result<(), FetchError> {
    if ip_allowed(ip, policy) {
        return Ok(());
    }
    let host = url.host_str().unwrap_or_default().to_owned();
    tracing::warn!(host = %host, ip = %ip, "outbound request refused: address not allowed");
    Err(FetchError::AddressNotAllowed { host })
}

/// Resolver installed in every client: it answers nothing. Each client pins the one host
/// it is built for with `resolve_to_addrs`, and the pin takes precedence; anything else
/// reaching DNS would be an address nobody checked, so it must fail rather than resolve.
struct NoResolve;

impl dns::Resolve for NoResolve {
    fn resolve(&self, name: dns::Name) -> dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            tracing::error!(host = %host, "unpinned DNS lookup refused");
            Err("host was not resolved and checked by the fetcher".into())
        })
    }
}

/// Resolves and checks the URL's host, then builds a client that can reach only the checked
/// addresses. One client per hop: the pin is per host, and a fresh client also means no
/// pooled connection from an earlier hop is ever reused for a different host.
async fn pinned_client(url: &Url, policy: &FetchPolicy) -> Result<Client, FetchError> {
    let mut builder = Client::builder()
        // Proxies would make the proxy, not us, choose the destination address; the env
        // variables (HTTP(S)_PROXY, ALL_PROXY) are therefore never honoured.
        .no_proxy()
        // Redirects are followed by hand so every hop meets the rules again.
        .redirect(RedirectPolicy::none())
        .retry(reqwest::retry::never())
        .referer(false)
        .connect_timeout(CONNECT_TIMEOUT.min(policy.timeout))
        .pool_max_idle_per_host(0)
        .user_agent(concat!("Klarefi/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(NoResolve));

    if let Some(Host::Domain(domain)) = host_of(url) {
        let port = url.port_or_known_default().unwrap_or(443);
        let resolved: Vec<SocketAddr> = match tokio::net::lookup_host((domain, port)).await {
            Ok(addrs) => addrs.collect(),
            Err(err) => {
                tracing::info!(host = %domain, error = %err, "outbound request: DNS lookup failed");
                let host = domain.to_owned();
                return Err(if name_does_not_exist(&err) {
                    FetchError::HostNotFound { host }
                } else {
                    FetchError::DnsFailed { host }
                });
            }
        };
        if resolved.is_empty() {
            return Err(FetchError::HostNotFound {
                host: domain.to_owned(),
            });
        }
        // All or nothing: if any answer is forbidden the name is treated as hostile, since
        // the connector could pick any of them.
        for addr in &resolved {
            refuse_unless_allowed(addr.ip(), url, policy)?;
        }
        builder = builder.resolve_to_addrs(domain, &resolved);
    }

    ensure_crypto_provider();
    builder.build().map_err(|err| FetchError::ConnectFailed(describe(err)))
}

/// reqwest is built with `rustls-no-provider` and panics when building a client if no
/// process-wide provider is installed. The server installs ring at startup; doing it here as
/// well (a no-op when one exists) keeps this module from panicking in any other entry point.
fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Error text without the URL (reqwest puts the full URL, query included, in its Display)
/// but with the causes, which say what actually went wrong (refused, reset, TLS, ...).
fn describe(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut msg = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        msg.push_str(": ");
        msg.push_str(&cause.to_string());
        source = cause.source();
    }
    msg
}

fn transport_error(err: reqwest::Error) -> FetchError {
    if err.is_timeout() {
        FetchError::Timeout
    } else {
        FetchError::ConnectFailed(describe(err))
    }
}

/// `now + timeout`, saturating: adding to an `Instant` panics on overflow, and a timeout is
/// configuration, so an absurd value must not be able to crash a request.
fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
}

fn log_host(url: &Url) -> &str {
    url.host_str().unwrap_or_default()
}

/// GETs `url`, following up to `policy.max_redirects` redirects, each re-checked, within one
/// deadline. A final status outside 2xx is `HttpStatus`.
pub async fn fetch(url: &str, policy: &FetchPolicy) -> Result<Fetched, FetchError> {
    let deadline = deadline_after(policy.timeout);
    match tokio::time::timeout_at(deadline, fetch_inner(url, policy)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Timeout),
    }
}

async fn fetch_inner(url: &str, policy: &FetchPolicy) -> Result<Fetched, FetchError> {
    let mut current = check_url(url, policy)?;
    let mut redirects = 0usize;
    loop {
        let client = pinned_client(&current, policy).await.map_err(|err| {
            // A refused address on a later hop is reported as a refused redirect.
            if redirects > 0 && matches!(err, FetchError::AddressNotAllowed { .. }) {
                FetchError::RedirectNotAllowed(Box::new(err))
            } else {
                err
            }
        })?;
        tracing::debug!(host = %log_host(&current), hop = redirects, "fetching document");
        let mut response = client.get(current.clone()).send().await.map_err(transport_error)?;
        let status = response.status();

        if is_followed_redirect(status) {
            let Some(location) = response.headers().get(LOCATION) else {
                // A 3xx without a target cannot be followed; it is simply not a success.
                return Err(FetchError::HttpStatus(status.as_u16()));
            };
            if redirects >= policy.max_redirects {
                tracing::info!(host = %log_host(&current), "document fetch: too many redirects");
                return Err(FetchError::TooManyRedirects(policy.max_redirects));
            }
            let next =
                location
                    .to_str()
                    .ok()
                    .and_then(|loc| current.join(loc).ok())
                    .ok_or(FetchError::RedirectNotAllowed(Box::new(FetchError::InvalidUrl(
                        "redirect location does not parse",
                    ))))?;
            current = check_url(next.as_str(), policy).map_err(|err| FetchError::RedirectNotAllowed(Box::new(err)))?;
            redirects += 1;
            continue;
        }

        if !status.is_success() {
            return Err(FetchError::HttpStatus(status.as_u16()));
        }

        let limit = policy.max_bytes;
        // Refuse early on a declared size; the streaming check below still holds if it lies.
        if response.content_length().is_some_and(|len| len > limit) {
            tracing::info!(host = %log_host(&current), "document fetch: declared size over limit");
            return Err(FetchError::TooLarge { limit });
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        // Pre-size from the declared length, capped so a hostile header cannot make us
        // allocate the whole limit up front.
        let initial = response.content_length().unwrap_or(0).min(limit).min(1 << 20);
        let mut bytes = Vec::with_capacity(usize::try_from(initial).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if (bytes.len() as u64).saturating_add(chunk.len() as u64) > limit {
                tracing::info!(host = %log_host(&current), "document fetch: body over limit");
                return Err(FetchError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Fetched {
            bytes,
            final_url: current.into(),
            content_type,
        });
    }
}

/// Statuses that are redirects with a `Location` to follow. 300 (multiple choices), 304
/// and 305 (use proxy) are not followed and end as `HttpStatus`.
fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Headers `post` refuses from the caller: they are framing or routing that reqwest must
/// derive itself, and letting them through would allow request smuggling or a Host that
/// differs from the checked one.
const RESERVED_HEADERS: &[&str] = &["host", "content-length", "transfer-encoding", "connection"];

/// POSTs a webhook delivery and returns the response status, whatever it is. Redirects are
/// never followed: a 3xx comes back as its status and the caller counts it as a failure.
/// At most [`MAX_POST_RESPONSE_BYTES`] of the response body are read, then discarded.
pub async fn post(
    url: &str,
    body: Vec<u8>,
    headers: &[(String, String)],
    policy: &FetchPolicy,
) -> Result<u16, FetchError> {
    let deadline = deadline_after(policy.timeout);
    let mut header_map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        let parsed_name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| FetchError::InvalidHeader(name.clone()))?;
        if RESERVED_HEADERS.contains(&parsed_name.as_str()) {
            return Err(FetchError::InvalidHeader(name.clone()));
        }
        let parsed_value = HeaderValue::from_str(value).map_err(|_| FetchError::InvalidHeader(name.clone()))?;
        header_map.append(parsed_name, parsed_value);
    }

    let send = async {
        let target = check_url(url, policy)?;
        let client = pinned_client(&target, policy).await?;
        tracing::debug!(host = %log_host(&target), "posting webhook");
        client
            .post(target)
            .headers(header_map)
            .body(body)
            .send()
            .await
            .map_err(transport_error)
    };
    let mut response = match tokio::time::timeout_at(deadline, send).await {
        Ok(result) => result?,
        Err(_) => return Err(FetchError::Timeout),
    };
    let status = response.status().as_u16();

    // Drain a little so a receiver that writes a short body sees a clean exchange. The status
    // is already known, so a slow, failing or oversized body does not change the outcome.
    let drain = async {
        let mut read = 0usize;
        while read < MAX_POST_RESPONSE_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => read = read.saturating_add(chunk.len()),
                Ok(None) | Err(_) => break,
            }
        }
    };
    let _ = tokio::time::timeout_at(deadline, drain).await;
    Ok(status)
}

impl FetchError {
    /// Whether trying again later may succeed: network trouble and server-side statuses,
    /// not refusals by our own rules or the integrator's URL.
    /// A name that does not exist and a 4xx answer (but 408 and 429) are final.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::ConnectFailed(_) | FetchError::DnsFailed { .. } => true,
            FetchError::HttpStatus(status) => matches!(*status, 408 | 429) || *status >= 500,
            _ => false,
        }
    }
}

/// Whether a failed lookup said the name does not exist, rather than that the lookup failed.
/// The system resolver (`getaddrinfo`) reports that only as text: `EAI_NONAME` ("Name or
/// service not known"; "nodename nor servname provided" on BSDs) and `EAI_NODATA` ("No address
/// associated with hostname"); `EAI_AGAIN` ("Temporary failure in name resolution") and
/// `EAI_FAIL` are not final.
fn name_does_not_exist(err: &std::io::Error) -> bool {
    let text = err.to_string();
    [
        "Name or service not known",
        "nodename nor servname",
        "No address associated with hostname",
    ]
    .iter()
    .any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_does_not_exist_is_final_and_a_failed_lookup_is_retried() {
        let cases = [
            ("failed to lookup address information: Name or service not known", false),
            (
                "failed to lookup address information: No address associated with hostname",
                false,
            ),
            (
                "failed to lookup address information: nodename nor servname provided, or not known",
                false,
            ),
            (
                "failed to lookup address information: Temporary failure in name resolution",
                true,
            ),
            (
                "failed to lookup address information: Non-recoverable failure in name resolution",
                true,
            ),
        ];
        for (message, retry) in cases {
            let host = "claims.example".to_string();
            let err = if name_does_not_exist(&std::io::Error::other(message)) {
                FetchError::HostNotFound { host }
            } else {
                FetchError::DnsFailed { host }
            };
            assert_eq!(err.is_retryable(), retry, "{message}");
        }
    }

    #[test]
    fn client_errors_are_final_but_timeouts_rate_limits_and_server_errors_are_retried() {
        for (status, retry) in [
            (400, false),
            (403, false),
            (404, false),
            (410, false),
            (408, true),
            (429, true),
            (500, true),
            (503, true),
        ] {
            assert_eq!(FetchError::HttpStatus(status).is_retryable(), retry, "{status}");
        }
        assert!(!FetchError::AddressNotAllowed { host: "x".into() }.is_retryable());
        assert!(FetchError::ConnectFailed("refused".into()).is_retryable());
    }
}
