// What the client does on its own: retries that reuse the idempotency key, Retry-After,
// timeouts, typed errors and signature checks. Against a scripted local server, not Klarefi.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Klarefi,
  KlarefiApiError,
  KlarefiConnectionError,
  WebhookSignatureError,
  constructEvent,
  signPayload,
  verifyWebhook,
  verifyWebhookSignature,
} from "../src/index.js";
import { fake } from "./fake.js";

const CREATED = {
  session_id: "550e8400-e29b-41d4-a716-446655440000",
  signed_url: "https://app.example/s/550e8400-e29b-41d4-a716-446655440000?token=t",
  expires_at: "2026-01-22T10:30:00.000Z",
  snippet: "<script></script>",
  idempotent_replay: false,
};
const RATE_LIMITED = { error: { type: "rate_limit_error", code: "rate_limited", message: "slow down", request_id: "req_1" } };

test("a create retried after 429 sends the same generated idempotency key and waits Retry-After", async () => {
  const server = await fake([{ status: 429, headers: { "retry-after": "1" }, body: RATE_LIMITED }, { status: 201, body: CREATED }]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url });
  const started = Date.now();

  const session = await klarefi.sessions.create({ case_type_id: "motor_claim" });

  await server.close();
  assert.ok(Date.now() - started >= 950, "Retry-After: 1 was honoured");
  assert.equal(session.session_id, CREATED.session_id);
  const keys = server.seen.map((s) => JSON.parse(s.body).idempotency_key);
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1]);
  assert.match(String(keys[0]), /^sdk_[0-9a-f-]{36}$/);
  assert.ok(server.seen.every((s) => s.headers.authorization === "Bearer sk_test_x"));
});

test("a dropped connection is retried with the caller's key", async () => {
  const server = await fake(["drop", { status: 201, body: CREATED }]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url });

  await klarefi.process({ document_url: "https://example.com/a.pdf", case_type_id: "motor_claim" }, { idempotencyKey: "process_1" });

  await server.close();
  assert.deepEqual(server.seen.map((s) => JSON.parse(s.body).idempotency_key), ["process_1", "process_1"]);
});

test("each create gets its own key and reads send no body", async () => {
  const server = await fake([
    { status: 201, body: CREATED },
    { status: 201, body: CREATED },
    { status: 200, body: { org_id: "org_1", environment: "test" } },
  ]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url });
  await klarefi.sessions.create({ case_type_id: "motor_claim" });
  await klarefi.sessions.create({ case_type_id: "motor_claim" });
  await klarefi.me();
  await server.close();
  const [first, second] = server.seen.slice(0, 2).map((s) => JSON.parse(s.body).idempotency_key);
  assert.notEqual(first, second);
  assert.equal(server.seen[2]?.body, "", "a read has no body");
});

test("retries stop and the last error is thrown typed", async () => {
  const server = await fake([0, 1, 2].map(() => ({ status: 429, headers: { "retry-after": "0" }, body: RATE_LIMITED })));
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url, maxRetries: 2 });

  const error = await klarefi.me().catch((e: unknown) => e);

  await server.close();
  assert.equal(server.seen.length, 3);
  assert.ok(error instanceof KlarefiApiError);
  assert.deepEqual([error.status, error.type, error.code, error.requestId, error.retryAfter], [429, "rate_limit_error", "rate_limited", "req_1", 0]);
});

test("a Retry-After longer than allowed is thrown at once", async () => {
  const server = await fake([{ status: 429, headers: { "retry-after": "3600" }, body: RATE_LIMITED }]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url, maxRetryAfterSeconds: 60 });
  const error = await klarefi.me().catch((e: unknown) => e);
  await server.close();
  assert.equal(server.seen.length, 1);
  assert.ok(error instanceof KlarefiApiError && error.retryAfter === 3600);
});

test("a client error is not retried", async () => {
  const invalid = { error: { type: "validation_error", code: "invalid_field", message: "no", request_id: "req_2" } };
  const server = await fake([{ status: 400, body: invalid }]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url });
  const error = await klarefi.sessions.create({ case_type_id: "motor_claim" }).catch((e: unknown) => e);
  await server.close();
  assert.equal(server.seen.length, 1);
  assert.ok(error instanceof KlarefiApiError && error.code === "invalid_field");
});

test("a slow answer times out as a connection error", async () => {
  const server = await fake([{ sleepMs: 2000 }]);
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });
  const error = await klarefi.me().catch((e: unknown) => e);
  await server.close();
  assert.ok(error instanceof KlarefiConnectionError, String(error));
  assert.match(error.message, /timed out/);
});

test("ids that would change the path are refused before any request", () => {
  const klarefi = new Klarefi({ apiKey: "sk_test_x", baseUrl: "http://127.0.0.1:9" });
  for (const bad of ["../me", "a/b", "", "x?y=1", "a".repeat(81)]) {
    assert.throws(() => klarefi.cases.get(bad), /not a Klarefi id/);
  }
});

test("the signature matches the server's known vector", () => {
  // The same vector as src/webhooks/mod.rs.
  assert.equal(
    signPayload("{}", "whsec_test", 1_700_000_000),
    "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91",
  );
});

test("bad signatures are refused with the reason", () => {
  const rows: Array<[string, string | undefined, string, string, number, WebhookSignatureError["code"]]> = [
    ["no header", undefined, "{}", "whsec_a", 100, "missing_signature"],
    ["empty header", "", "{}", "whsec_a", 100, "missing_signature"],
    ["no timestamp", `v1=${"0".repeat(64)}`, "{}", "whsec_a", 100, "malformed_signature"],
    ["timestamp not a number", `t=abc,v1=${"0".repeat(64)}`, "{}", "whsec_a", 100, "malformed_signature"],
    ["no signature", "t=100", "{}", "whsec_a", 100, "malformed_signature"],
    ["body changed", signPayload("{}", "whsec_a", 100), '{"x":1}', "whsec_a", 100, "signature_mismatch"],
    ["other secret", signPayload("{}", "whsec_a", 100), "{}", "whsec_b", 100, "signature_mismatch"],
    ["too old", signPayload("{}", "whsec_a", 100), "{}", "whsec_a", 401, "timestamp_outside_tolerance"],
    ["from the future", signPayload("{}", "whsec_a", 1000), "{}", "whsec_a", 699, "timestamp_outside_tolerance"],
  ];
  for (const [why, header, payload, secret, now, code] of rows) {
    assert.throws(
      () => verifyWebhook(payload, header, secret, { now }),
      (e: unknown) => e instanceof WebhookSignatureError && e.code === code,
      why,
    );
    assert.equal(verifyWebhookSignature(payload, header, secret, { now }), false, why);
  }
});

test("a rotation header with two signatures verifies with either secret", () => {
  const old = signPayload("{}", "whsec_old", 100);
  const fresh = signPayload("{}", "whsec_new", 100);
  const header = `${old},${fresh.split(",")[1]}`;
  verifyWebhook("{}", header, "whsec_old", { now: 100 });
  verifyWebhook("{}", header, "whsec_new", { now: 100 });
  assert.equal(verifyWebhookSignature("{}", header, "whsec_other", { now: 100 }), false);
});

test("constructEvent refuses a signed payload that is not an object", () => {
  const now = Math.floor(Date.now() / 1000);
  assert.throws(
    () => constructEvent("[1]", signPayload("[1]", "whsec_a", now), "whsec_a"),
    (e: unknown) => e instanceof WebhookSignatureError && e.code === "invalid_payload",
  );
});
