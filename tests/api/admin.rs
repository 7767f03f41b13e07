//! The operator's admin commands, run as the real binary against the test's database while
//! the server is running.

use serde_json::Value;

use crate::helpers::{TestApp, strings};

#[tokio::test]
async fn orgs_and_keys_are_made_listed_and_revoked_from_the_command_line() {
    let app = TestApp::spawn().await;

    let (code, org) = app.cli(&[
        "orgs",
        "create",
        "--name",
        "Acme Verzekeringen",
        "--enable-processing",
        "--rate-limit",
        "250",
    ]);
    assert_eq!(code, 0, "{org}");
    let org_id = org["org_id"].as_str().expect("org_id").to_string();
    assert!(org_id.starts_with("org_"));
    assert_eq!(org["processing_enabled"], true);
    assert_eq!(org["rate_limit"], 250);

    let (code, key) = app.cli(&[
        "keys",
        "create",
        "--org",
        &org_id,
        "--env",
        "live",
        "--scope",
        "cases:read",
    ]);
    assert_eq!(code, 0, "{key}");
    let secret = key["api_key"].as_str().expect("api_key").to_string();
    assert!(secret.starts_with("sk_live_"));
    assert_eq!(key["environment"], "live");
    assert_eq!(key["scopes"], serde_json::json!(["cases:read"]));
    let key_id = key["key_id"].as_str().expect("key_id").to_string();

    let (code, all_scopes) = app.cli(&["keys", "create", "--org", &org_id, "--env", "test"]);
    assert_eq!(code, 0);
    assert_eq!(
        all_scopes["scopes"].as_array().map(Vec::len),
        Some(klarefi::orgs::Scope::ALL.len())
    );

    let me = app.get("/api/v1/me", Some(&secret)).await;
    assert_eq!(me.status(), 200);
    assert_eq!(me.headers()["x-ratelimit-limit"], "250");

    let (code, list) = app.cli(&["keys", "list", "--org", &org_id]);
    assert_eq!(code, 0);
    let listed = list["keys"].as_array().expect("keys");
    assert_eq!(listed.len(), 2);
    let printed = list.to_string();
    assert!(!printed.contains(&secret[12..]), "a listing never shows a secret");

    let (code, revoked) = app.cli(&["keys", "revoke", &key_id]);
    assert_eq!(code, 0);
    assert_eq!(revoked["revoked"], true);
    // The server authenticated the key a moment ago and trusts that for KLAREFI_KEY_CACHE_MS.
    let within = revoked["refused_everywhere_within_ms"]
        .as_u64()
        .expect("refused_everywhere_within_ms");
    assert_eq!(within, 2000);
    tokio::time::sleep(std::time::Duration::from_millis(within + 100)).await;
    assert_eq!(
        app.get("/api/v1/me", Some(&secret)).await.status(),
        401,
        "a revoked key stops working once the server's cached authentication expires"
    );
}

#[tokio::test]
async fn admin_commands_refuse_bad_input_with_a_json_error() {
    let app = TestApp::spawn().await;
    let (org_id, _) = app.org_with_key().await;

    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["keys", "create", "--org", "org_nope", "--env", "test"],
            "no organization",
        ),
        (
            vec![
                "keys",
                "create",
                "--org",
                &org_id,
                "--env",
                "test",
                "--scope",
                "cases:write",
            ],
            "unknown scope",
        ),
        (vec!["keys", "revoke", "key_nope"], "no API key"),
        (vec!["keys", "list", "--org", "org_nope"], "no organization"),
        (vec!["orgs", "create", "--name", "  "], "--name"),
    ];
    for (args, message) in cases {
        let (code, out) = app.cli(&args);
        assert_eq!(code, 1, "{args:?}");
        let text = out["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{args:?}: {out}");
    }
}

#[tokio::test]
async fn case_types_are_listed_and_checked_with_file_and_line() {
    let app = TestApp::spawn().await;

    let (code, list) = app.cli(&["case-types", "list"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = list["case_types"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["case_type_id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["home_damage", "motor_claim"], "both shipped case types, by id");
    let motor = &list["case_types"][1];
    assert_eq!(motor["case_type_id"], "motor_claim");
    let facts = strings(&motor["facts"], "id");
    for required in [
        "incident_date",
        "incident_location",
        "incident_description",
        "policy_number",
        "licence_plate",
        "counterparty_licence_plate",
        "damage_amount",
        "iban",
        "claimant_name",
        "claimant_email",
        "claimant_phone",
    ] {
        assert!(facts.contains(&required), "motor_claim has {required}");
    }

    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/case_types/motor_claim.toml");
    let (code, ok) = app.cli(&["case-types", "check", shipped]);
    assert_eq!((code, &ok["ok"]), (0, &Value::Bool(true)), "{ok}");

    let broken = app.data_dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "id = \"broken\"\nversion = 1\nprivacy_notice_version = \"1\"\n[thresholds]\nkeep = 0.8\nreview = 0.4\n\n[[facts]]\nid = \"when\"\ntype = \"date\"\n\n[[steps]]\nid = \"consent\"\nkind = \"consent\"\n\n[[steps]]\nid = \"ask\"\nkind = \"question\"\nfact = \"whenn\"\n",
    )
    .expect("write");
    let (code, bad) = app.cli(&["case-types", "check", broken.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1);
    assert_eq!(bad["error"]["line"], 19, "{bad}");
    assert!(
        bad["error"]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("unknown fact \"whenn\""),
        "{bad}"
    );
}

#[tokio::test]
async fn migrate_is_idempotent() {
    let app = TestApp::spawn().await;

    for _ in 0..2 {
        let (code, out) = app.cli(&["migrate"]);
        assert_eq!((code, &out["migrated"]), (0, &Value::Bool(true)));
    }
}

/// Starts `klarefi serve` on a free port with the demo on; returns what it printed on stdout
/// once it answers health checks.
fn serve_once(data_dir: &std::path::Path) -> String {
    use std::io::Read as _;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_klarefi"))
        .arg("serve")
        .env("KLAREFI_DATA_DIR", data_dir)
        .env_remove("KLAREFI_DATABASE_URL")
        .env("KLAREFI_BIND", format!("127.0.0.1:{port}"))
        .env("KLAREFI_DEMO", "true")
        .env("KLAREFI_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start klarefi serve");
    // An HTTP answer, not just a connection: the listener is bound (and accepts into its
    // backlog) before the banner is printed; requests are served only after it.
    let answers = || {
        use std::io::Write as _;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(2))).ok()?;
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        (&head == b"HTTP/1.1 200").then_some(())
    };
    let started = std::time::Instant::now();
    while answers().is_none() {
        assert!(started.elapsed().as_secs() < 30, "klarefi serve did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut out = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut out)
        .expect("read stdout");
    out
}

#[test]
fn serve_creates_the_demo_organization_once_and_prints_its_key_once() {
    let dir = tempfile::tempdir().expect("tempdir");

    let first = serve_once(dir.path());
    let second = serve_once(dir.path());

    let key = first
        .split_whitespace()
        .find(|w| w.starts_with("sk_test_"))
        .unwrap_or_else(|| panic!("the first start prints a test key: {first}"));
    assert!(first.contains("Demo organization org_"), "{first}");
    assert!(!second.contains("sk_test_"), "the key is shown once: {second}");
    assert!(
        second.contains("klarefi orgs list") && second.contains("klarefi keys create"),
        "a restart says how to get a key: {second}"
    );
    assert_eq!(key.len(), 48);
    assert!(dir.path().join("klarefi.db").exists(), "SQLite under the data dir");
    assert!(dir.path().join("signing_secret").exists(), "a generated secret is kept");

    // A ready applicant link for motor_claim, signed with the kept secret.
    let link = first
        .split_whitespace()
        .find(|w| w.contains("/s/") && w.contains("?token="))
        .unwrap_or_else(|| panic!("the first start prints an applicant link: {first}"));
    assert!(first.contains("Applicant link (motor_claim, test)"), "{first}");
    let (path, token) = link.split_once("?token=").expect("token");
    let id = path.rsplit('/').next().expect("id");
    let secret = std::fs::read_to_string(dir.path().join("signing_secret")).expect("secret");
    let keys = klarefi::links::SigningKeys::parse(secret.trim()).expect("keys");
    let now = klarefi::ids::now_ms() / 1000;
    assert!(
        keys.verify(klarefi::links::Purpose::Intake, id, token, now).is_ok(),
        "{link}"
    );
    assert!(
        !second.contains("Applicant link"),
        "only a new database gets the demo: {second}"
    );
}

fn extract(args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_klarefi"))
        .arg("extract")
        .args(args)
        .env("KLAREFI_LOG", "error")
        .output()
        .expect("run klarefi extract");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn extract_prints_pages_and_facts_as_the_api_stores_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("claim.pdf");
    std::fs::write(&file, crate::fixtures::complete_claim_pdf()).expect("write");
    let path = file.to_str().expect("utf-8 path");

    let (code, out) = extract(&[path]);
    let (text_code, text) = extract(&[path, "--text"]);

    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).expect("one JSON object");
    let page = json["pages"][0]["text"].as_str().expect("page text");
    assert!(page.contains("Schadedatum: 3 februari 2023"), "{page}");
    let date = &json["features"]["incident_date"];
    assert_eq!(date["decision"]["decision"], "keep");
    let ev = &date["evidence"][0];
    let (s, e) = (
        ev["location"]["char_start"].as_u64().expect("start"),
        ev["location"]["char_end"].as_u64().expect("end"),
    );
    let slice: String = page.chars().skip(s as usize).take((e - s) as usize).collect();
    assert_eq!(ev["quote"].as_str(), Some(slice.as_str()));
    assert_eq!(text_code, 0);
    assert_eq!(text.trim_end(), page);
}

#[test]
fn extract_refuses_what_it_cannot_read_with_a_json_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: [(&str, &[u8], &str); 4] = [
        // Photos are read (by OCR); a truncated one is unreadable.
        ("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\0", "unreadable"),
        ("notes.txt", b"Schadedatum: 3 februari 2023", "unsupported_type"),
        ("broken.pdf", b"%PDF-1.7 nothing else", "unreadable"),
        ("empty.pdf", b"", "unsupported_type"),
    ];
    for (name, bytes, code) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("write");
        let (exit, out) = extract(&[file.to_str().expect("utf-8 path")]);
        assert_eq!(exit, 1, "{name}");
        let json: Value = serde_json::from_str(&out).expect("JSON error");
        assert_eq!(json["error"]["code"], code, "{name}: {out}");
    }
}

fn client(app: &TestApp, key: &str, args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_klarefi"))
        .args(args)
        .env("KLAREFI_API_BASE_URL", &app.base)
        .env("KLAREFI_API_KEY", key)
        .env("KLAREFI_LOG", "error")
        .output()
        .expect("run klarefi");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_commands_create_sessions_and_read_cases_as_seed_003_shows() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let args = [
        "sessions",
        "create",
        "--case-type",
        "motor_claim",
        "--external-case-id",
        "claim_48392",
        "--external-applicant-id",
        "applicant_789",
        "--return-url",
        "https://claims.example.com/claim_48392",
    ];

    let (code, url) = tokio::task::block_in_place(|| client(&app, &key, &[&args[..], &["--url-only"]].concat()));
    assert_eq!(code, 0, "{url}");
    let url = url.trim();
    assert!(
        url.starts_with(&format!("{}/s/", app.base)) && url.contains("?token="),
        "{url}"
    );
    let session_id = url
        .trim_start_matches(&format!("{}/s/", app.base))
        .split('?')
        .next()
        .expect("id")
        .to_string();

    let (code, created) =
        tokio::task::block_in_place(|| client(&app, &key, &[&args[..], &["--idempotency-key", "cli-1"]].concat()));
    assert_eq!(code, 0);
    let created: Value = serde_json::from_str(&created).expect("json");
    assert_eq!(created["idempotent_replay"], false);

    for sub in ["get", "events", "package"] {
        let (code, out) = tokio::task::block_in_place(|| client(&app, &key, &["cases", sub, &session_id]));
        assert_eq!(code, 0, "cases {sub}: {out}");
        let json: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(json["case_id"], session_id.as_str(), "cases {sub}");
    }
    let (code, out) = tokio::task::block_in_place(|| client(&app, "sk_test_wrong", &["cases", "get", &session_id]));
    assert_eq!(code, 1);
    assert!(out.contains("authentication_error"), "{out}");
}
