//! What an operator watches: counters and latency histograms kept in memory per instance, and
//! their rendering in the Prometheus text format (`GET /metrics`, see `web::metrics`).
//!
//! The exposition format is a few lines of text, so it is written here rather than through a
//! metrics crate. Values that live in the database (jobs, webhook deliveries) are read when
//! the metrics are scraped and passed to [`Metrics::render`] as [`Gauge`]s; only what happens
//! inside this instance (requests, sandboxed reads, OCR pages, webhook attempts) is counted
//! here. Labels are fixed strings (a route's pattern, a status, an outcome code), never ids,
//! so the number of series stays bounded.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Series per family at most: a flood of odd outcome codes cannot grow memory without end.
const MAX_SERIES: usize = 2_000;

#[derive(Debug, Clone, Default)]
struct Histogram {
    /// Count per bucket (not cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

/// Label values, in the order of the family's label names.
type Labels = Vec<String>;

#[derive(Default)]
struct Families {
    http: BTreeMap<Labels, Histogram>,
    reads: BTreeMap<Labels, Histogram>,
    webhook_attempts: BTreeMap<Labels, u64>,
    ocr_pages: u64,
}

/// This instance's counters. Cheap to update from any task (one short lock).
#[derive(Default)]
pub struct Metrics {
    families: Mutex<Families>,
}

/// A value read at scrape time, with its labels.
#[derive(Debug, Clone)]
pub struct Gauge {
    pub name: &'static str,
    pub help: &'static str,
    pub labels: Vec<(&'static str, String)>,
    pub value: f64,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Families) -> T) -> T {
        let mut families = self.families.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut families)
    }

    /// A request answered: its route pattern (`/api/v1/cases/{id}`, or `unmatched`), method,
    /// status and how long it took.
    pub fn http_request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let labels = vec![route.to_string(), method.to_string(), status.to_string()];
        self.with(|f| observe(&mut f.http, labels, took));
    }

    /// A document read in the sandbox: `outcome` is `ok` or the failure's code.
    pub fn sandbox_read(&self, outcome: &str, took: Duration, ocr_pages: u64) {
        self.with(|f| {
            observe(&mut f.reads, vec![outcome.to_string()], took);
            f.ocr_pages += ocr_pages;
        });
    }

    /// A webhook delivery attempt: `outcome` is `delivered`, `retrying` or `failed`.
    pub fn webhook_attempt(&self, outcome: &str) {
        self.with(|f| {
            let labels = vec![outcome.to_string()];
            if f.webhook_attempts.len() < MAX_SERIES || f.webhook_attempts.contains_key(&labels) {
                *f.webhook_attempts.entry(labels).or_default() += 1;
            }
        });
    }

    /// Everything, in the Prometheus text exposition format (version 0.0.4), with `gauges`
    /// read from the database by the caller.
    pub fn render(&self, gauges: &[Gauge]) -> String {
        let mut out = String::with_capacity(16 * 1024);
        self.with(|f| {
            histograms(
                &mut out,
                "klarefi_http_request_duration_seconds",
                "Requests answered, by route pattern, method and status, and how long they took.",
                &["route", "method", "status"],
                &f.http,
            );
            histograms(
                &mut out,
                "klarefi_sandbox_read_duration_seconds",
                "Documents read in the sandboxed worker, by outcome (ok or the failure's code).",
                &["outcome"],
                &f.reads,
            );
            header(&mut out, "klarefi_ocr_pages_total", "Pages read by OCR.", "counter");
            let _ = writeln!(out, "klarefi_ocr_pages_total {}", f.ocr_pages);
            header(
                &mut out,
                "klarefi_webhook_attempts_total",
                "Webhook delivery attempts made by this instance, by outcome.",
                "counter",
            );
            for (labels, n) in &f.webhook_attempts {
                let _ = writeln!(
                    out,
                    "klarefi_webhook_attempts_total{} {n}",
                    label_text(&["outcome"], labels, None)
                );
            }
        });
        let mut seen = std::collections::BTreeSet::new();
        for g in gauges {
            if seen.insert(g.name) {
                header(&mut out, g.name, g.help, "gauge");
            }
            let names: Vec<&str> = g.labels.iter().map(|(n, _)| *n).collect();
            let values: Vec<String> = g.labels.iter().map(|(_, v)| v.clone()).collect();
            let _ = writeln!(
                out,
                "{}{} {}",
                g.name,
                label_text(&names, &values, None),
                number(g.value)
            );
        }
        out
    }
}

fn observe(family: &mut BTreeMap<Labels, Histogram>, labels: Labels, took: Duration) {
    if family.len() >= MAX_SERIES && !family.contains_key(&labels) {
        return;
    }
    family.entry(labels).or_default().observe(took.as_secs_f64());
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn histograms(out: &mut String, name: &str, help: &str, names: &[&str], family: &BTreeMap<Labels, Histogram>) {
    header(out, name, help, "histogram");
    for (labels, h) in family {
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(h.buckets) {
            cumulative += n;
            let le = number(*bound);
            let _ = writeln!(
                out,
                "{name}_bucket{} {cumulative}",
                label_text(names, labels, Some(&le))
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{} {}",
            label_text(names, labels, Some("+Inf")),
            h.count
        );
        let _ = writeln!(out, "{name}_sum{} {}", label_text(names, labels, None), number(h.sum));
        let _ = writeln!(out, "{name}_count{} {}", label_text(names, labels, None), h.count);
    }
}

/// `{a="x",b="y"}` (with `le` last for a bucket), values escaped as the format asks.
fn label_text(names: &[&str], values: &[String], le: Option<&str>) -> String {
    let mut pairs: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(n, v)| format!("{n}=\"{}\"", escape(v)))
        .collect();
    if let Some(le) = le {
        pairs.push(format!("le=\"{le}\""));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", pairs.join(","))
    }
}

fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_render_cumulative_buckets_with_sum_and_count() {
        let m = Metrics::default();
        m.http_request("/api/v1/cases/{id}", "GET", 200, Duration::from_millis(3));
        m.http_request("/api/v1/cases/{id}", "GET", 200, Duration::from_millis(40));
        m.http_request("/api/v1/cases/{id}", "GET", 404, Duration::from_millis(1));
        let text = m.render(&[]);
        let series =
            r#"klarefi_http_request_duration_seconds_bucket{route="/api/v1/cases/{id}",method="GET",status="200",le="#;
        assert!(text.contains(&format!("{series}\"0.0025\"}} 0")), "{text}");
        assert!(text.contains(&format!("{series}\"0.005\"}} 1")), "{text}");
        assert!(text.contains(&format!("{series}\"0.05\"}} 2")), "{text}");
        assert!(text.contains(&format!("{series}\"+Inf\"}} 2")), "{text}");
        assert!(text.contains(
            r#"klarefi_http_request_duration_seconds_count{route="/api/v1/cases/{id}",method="GET",status="404"} 1"#
        ));
        assert!(text.contains("# TYPE klarefi_http_request_duration_seconds histogram"));
    }

    #[test]
    fn counters_gauges_and_escaped_labels_render_in_the_text_format() {
        let m = Metrics::default();
        m.sandbox_read("ok", Duration::from_millis(120), 2);
        m.sandbox_read("timeout", Duration::from_secs(20), 0);
        m.webhook_attempt("delivered");
        m.webhook_attempt("delivered");
        let gauges = [Gauge {
            name: "klarefi_jobs",
            help: "Jobs by status.",
            labels: vec![("status", "que\"ued\n".into())],
            value: 3.0,
        }];
        let text = m.render(&gauges);
        assert!(text.contains("klarefi_ocr_pages_total 2"));
        assert!(text.contains(r#"klarefi_webhook_attempts_total{outcome="delivered"} 2"#));
        assert!(text.contains(r#"klarefi_sandbox_read_duration_seconds_count{outcome="timeout"} 1"#));
        assert!(text.contains(r#"klarefi_jobs{status="que\"ued\n"} 3"#), "{text}");
        assert!(text.contains("# TYPE klarefi_jobs gauge"));
    }

    #[test]
    fn a_family_stops_growing_at_its_series_limit() {
        let m = Metrics::default();
        for n in 0..(MAX_SERIES + 50) {
            m.sandbox_read(&format!("code_{n}"), Duration::ZERO, 0);
        }
        let text = m.render(&[]);
        let series = text
            .lines()
            .filter(|l| l.starts_with("klarefi_sandbox_read_duration_seconds_count"))
            .count();
        assert_eq!(series, MAX_SERIES);
    }
}
