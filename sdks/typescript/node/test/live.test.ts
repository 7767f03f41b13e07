// The SDK against a real `klarefi serve` (see harness.ts): the Mode-1 guide's example
// unchanged, typed case reads, a processed document's facts, erasure, and webhooks delivered
// by the server and verified here.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";

import {
  type CasePackage,
  type Feature,
  Klarefi,
  KlarefiApiError,
  type PackageFact,
  WebhookSignatureError,
  verifyWebhookSignature,
} from "../src/index.js";
// The guide's import: the thin package that re-exports this one (built by `npm run build`).
import { KlarefiClient } from "@klarefi/sdk";
import { type Started, binary, startServer } from "./harness.js";

const bin = binary();
const required = process.env.KLAREFI_REQUIRE_SDK_SERVER === "1";
if (!bin && required) throw new Error("no klarefi binary (set KLAREFI_BIN or build with cargo build)");

describe("against klarefi serve", { skip: bin ? false : "no klarefi binary (set KLAREFI_BIN or build with cargo build)" }, () => {
  let server: Started;
  let klarefi: Klarefi;

  before(async () => {
    server = await startServer(bin!);
    klarefi = new Klarefi({ apiKey: server.apiKey, baseUrl: server.baseUrl });
  });
  after(async () => {
    await server?.stop();
  });

  test("the Mode-1 guide's example runs unchanged", async () => {
    // The guide sets the base URL in the environment (quickstart) and builds the client with
    // the key alone; the code below is the guide's TypeScript, word for word.
    process.env.KLAREFI_API_BASE_URL = server.baseUrl;
    const sk_live_your_api_key = server.apiKey;
    const logged: unknown[][] = [];
    const console = { log: (...args: unknown[]) => logged.push(args) };

    const klarefi = new KlarefiClient({
      apiKey: sk_live_your_api_key,
    });

    const session = await klarefi.createSession({
      case_type_id: "motor_claim",
      ttl_hours: 168, // 7 days
      locale: "nl",
    });

    console.log("Redirect claimant to:", session.signed_url);
    // session.session_id can be stored in your database for tracking

    delete process.env.KLAREFI_API_BASE_URL;
    assert.equal(logged[0]?.[0], "Redirect claimant to:");
    assert.ok(String(logged[0]?.[1]).startsWith(`${server.baseUrl}/s/${session.session_id}?token=`));
    assert.equal(session.idempotent_replay, false);
  });

  test("a session created with a key is replayed with that key", async () => {
    const key = `session_claim_${randomUUID().slice(0, 8)}`;
    const first = await klarefi.sessions.create({ case_type_id: "motor_claim", external_case_id: "claim_1" }, { idempotencyKey: key });
    const again = await klarefi.sessions.create({ case_type_id: "motor_claim", external_case_id: "claim_1", idempotency_key: key });
    assert.deepEqual([first.idempotent_replay, again.idempotent_replay], [false, true]);
    assert.equal(again.session_id, first.session_id);
  });

  test("case, events and package of a new session read typed", async () => {
    const created = await klarefi.sessions.create({ case_type_id: "motor_claim", external_case_id: "claim_typed", locale: "en" });

    const kase = await klarefi.cases.get(created.session_id);
    const page = await klarefi.cases.events(created.session_id);
    const pkg: CasePackage = await klarefi.cases.package(created.session_id);

    assert.equal(kase.case_id, created.session_id);
    assert.equal(kase.status, "created");
    assert.deepEqual(page.events.map((e) => e.event_type), ["intake.session_created"]);
    assert.equal(pkg.external_case_id, "claim_typed");
    assert.ok(pkg.case_file_url?.startsWith(server.baseUrl));
  });

  test("event iteration follows the cursor across pages", async () => {
    const { session_id } = await klarefi.sessions.create({ case_type_id: "motor_claim" });
    await klarefi.sessions.expire(session_id); // a second event

    const first = await klarefi.cases.events(session_id, { limit: 1 });
    const every = [];
    for await (const event of klarefi.cases.events(session_id, { limit: 1 })) every.push(event);

    assert.equal(first.has_more, true);
    assert.equal(first.events.length, 1);
    assert.ok(every.length >= 2);
    assert.deepEqual(every.map((e) => e.cursor), every.map((_, i) => i + 1));
    const rest = await klarefi.cases.events(session_id, { afterCursor: every.at(-1)!.cursor });
    assert.deepEqual(rest.events, []);
  });

  test("a processed document gives typed facts with evidence and can be erased", async () => {
    const accepted = await klarefi.process({
      document_url: `${server.baseUrl}/demo/claim-form.pdf`,
      case_type_id: "motor_claim",
      external_case_id: `claim_${randomUUID().slice(0, 8)}`,
      trace_id: "trace_sdk_node",
    });
    assert.equal(accepted.status, "queued");

    const deadline = Date.now() + 90_000;
    let types: string[] = [];
    while (!types.some((t) => ["case.completed", "case.needs_review", "case.failed"].includes(t))) {
      assert.ok(Date.now() < deadline, `the document was not read in time: ${types.join(", ")}`);
      await new Promise((r) => setTimeout(r, 500));
      types = [];
      for await (const e of klarefi.cases.events(accepted.case_id)) types.push(e.event_type);
    }
    const pkg = await klarefi.cases.package(accepted.case_id);
    const kase = await klarefi.cases.get(accepted.case_id);

    assert.ok(types.includes("document.processed"), types.join(", "));
    // Typed: these annotations fail to compile if a generator typed facts as Record<string, never>.
    const incident: PackageFact | undefined = pkg.facts.incident_date;
    assert.ok(incident, Object.keys(pkg.facts).join(", "));
    assert.equal(incident.decision, "keep");
    const value: string | null | undefined = incident.value;
    assert.match(String(value), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(incident.evidence[0]?.doc_id, accepted.doc_id);
    assert.ok(incident.evidence[0]?.quote);
    const feature: Feature | undefined = kase.features.incident_date;
    assert.ok(feature?.candidates.some((c) => c.candidate_id === feature.decision.selected_candidate_id));
    assert.equal(pkg.documents[0]?.status, "processed");

    const { erasure_receipt } = await klarefi.documents.erase(accepted.doc_id);
    assert.equal(erasure_receipt.doc_id, accepted.doc_id);
    assert.equal(erasure_receipt.deleted_document, true);
    assert.ok(erasure_receipt.deleted_evidence > 0);
    const again = await klarefi.documents.erase(accepted.doc_id).catch((e: unknown) => e);
    assert.ok(again instanceof KlarefiApiError && again.status === 404 && again.type === "not_found");
    const afterErasure = await klarefi.cases.package(accepted.case_id);
    for (const fact of Object.values(afterErasure.facts)) {
      assert.ok(fact.evidence.every((e) => e.doc_id !== accepted.doc_id));
    }
  });

  test("a webhook delivered by the server verifies and a tampered one is refused", async () => {
    const { session_id } = await klarefi.sessions.create({ case_type_id: "motor_claim", external_case_id: "claim_hook" });

    const delivery = await server.hooks.nextWhere((d) => JSON.parse(d.body.toString()).case_id === session_id);

    const event = klarefi.webhooks.constructEvent(delivery.body, delivery.signature, server.webhookSecret);
    assert.deepEqual([event.event_type, event.event, event.case_id], ["v1.intake.session_created", "intake.session_created", session_id]);
    assert.equal(verifyWebhookSignature(delivery.body, delivery.signature, server.webhookSecret), true);
    const tampered = Buffer.from(delivery.body.toString().replace(session_id, randomUUID()));
    assert.equal(verifyWebhookSignature(tampered, delivery.signature, server.webhookSecret), false);
    assert.throws(
      () => klarefi.webhooks.constructEvent(tampered, delivery.signature, server.webhookSecret),
      (e: unknown) => e instanceof WebhookSignatureError && e.code === "signature_mismatch",
    );
    assert.throws(() => klarefi.webhooks.verify(delivery.body, delivery.signature, "whsec_not_the_secret"), WebhookSignatureError);
  });

  test("the test webhook is signed with the given secret", async () => {
    const secret = `whsec_sdk_${randomUUID().replaceAll("-", "")}`;

    const result = await klarefi.webhooks.test({ endpoint_url: server.hooks.url, signing_secret: secret });

    assert.deepEqual([result.success, result.status_code], [true, 200]);
    const delivery = await server.hooks.nextWhere((d) => JSON.parse(d.body.toString()).event_type === "v1.webhook.test");
    klarefi.webhooks.verify(delivery.body, delivery.signature, secret);
    assert.equal(verifyWebhookSignature(delivery.body, delivery.signature, server.webhookSecret), false);
  });

  test("API errors arrive typed", async () => {
    const unknown = await klarefi.cases.get("case_nope").catch((e: unknown) => e);
    const unauthenticated = await new Klarefi({ apiKey: "sk_test_wrong", baseUrl: server.baseUrl, maxRetries: 0 }).me().catch((e: unknown) => e);
    const invalid = await klarefi.sessions.create({ case_type_id: "no_such_case_type" }).catch((e: unknown) => e);

    assert.ok(unknown instanceof KlarefiApiError && unknown.status === 404 && unknown.type === "not_found");
    assert.match(String(unknown.requestId), /^req_/);
    assert.ok(unauthenticated instanceof KlarefiApiError && unauthenticated.status === 401 && unauthenticated.type === "authentication_error");
    assert.ok(invalid instanceof KlarefiApiError && invalid.status === 400 && invalid.type === "validation_error");
  });
});
