// Webhook signatures: `X-Klarefi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
// keyed with the endpoint's whsec_… secret; during a secret rotation the header carries one
// v1= per secret and any of them may match. The construction is Stripe's, so Stripe-style
// verifiers accept it; Standard Webhooks libraries do not (they read other headers).

import { createHmac, timingSafeEqual } from "node:crypto";

import type { WebhookEvent } from "./generated/types.gen.js";

/** The header Klarefi signs deliveries with (lower-cased, as Node's `req.headers` has it). */
export const SIGNATURE_HEADER = "x-klarefi-signature";

/** How far the signature's timestamp may be from now, in seconds (replay protection). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Why a delivery was refused: `code` says which check failed. */
export class WebhookSignatureError extends Error {
  readonly code:
    | "missing_signature"
    | "malformed_signature"
    | "timestamp_outside_tolerance"
    | "signature_mismatch"
    | "invalid_payload";

  constructor(code: WebhookSignatureError["code"], message: string) {
    super(message);
    this.name = "WebhookSignatureError";
    this.code = code;
  }
}

export interface VerifyOptions {
  /** Seconds the timestamp may differ from now (default 300); 0 or less turns the check off. */
  toleranceSeconds?: number;
  /** Unix seconds to check against (default: now); for tests. */
  now?: number;
}

type Payload = string | Uint8Array;

function bytes(payload: Payload): Buffer {
  return typeof payload === "string" ? Buffer.from(payload, "utf8") : Buffer.from(payload);
}

function parseHeader(header: string): { t: number; signatures: Buffer[] } {
  let t: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (!/^\d{1,12}$/.test(value)) {
        throw new WebhookSignatureError("malformed_signature", "the signature's timestamp is not a number");
      }
      t = Number(value);
    } else if (key === "v1" && /^[0-9a-fA-F]{64}$/.test(value)) {
      signatures.push(Buffer.from(value, "hex"));
    }
  }
  if (t === undefined) {
    throw new WebhookSignatureError("malformed_signature", "the signature header has no t=");
  }
  if (signatures.length === 0) {
    throw new WebhookSignatureError("malformed_signature", "the signature header has no v1= signature");
  }
  return { t, signatures };
}

/** The header value Klarefi would send for `payload` at `t` (unix seconds); for tests. */
export function signPayload(payload: Payload, secret: string, t: number): string {
  const mac = createHmac("sha256", secret).update(`${t}.`).update(bytes(payload)).digest("hex");
  return `t=${t},v1=${mac}`;
}

/**
 * Checks a delivery's signature against the raw body (the bytes as received, before any JSON
 * parsing) and throws a {@link WebhookSignatureError} saying why when it does not hold.
 */
export function verify(
  payload: Payload,
  header: string | string[] | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): void {
  const value = Array.isArray(header) ? header.join(",") : header;
  if (!value) {
    throw new WebhookSignatureError("missing_signature", "no X-Klarefi-Signature header");
  }
  const { t, signatures } = parseHeader(value);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - t) > tolerance) {
    throw new WebhookSignatureError(
      "timestamp_outside_tolerance",
      `the signature is ${Math.abs(now - t)} s old, more than the tolerance of ${tolerance} s`,
    );
  }
  const expected = createHmac("sha256", secret).update(`${t}.`).update(bytes(payload)).digest();
  // Every candidate is compared (in constant time), so timing tells nothing about which matched.
  let matched = false;
  for (const signature of signatures) {
    if (timingSafeEqual(signature, expected)) matched = true;
  }
  if (!matched) {
    throw new WebhookSignatureError("signature_mismatch", "no signature matches the payload and secret");
  }
}

/** Verifies the signature, then parses the payload into a typed webhook event. */
export function constructEvent(
  payload: Payload,
  header: string | string[] | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): WebhookEvent {
  verify(payload, header, secret, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes(payload).toString("utf8"));
  } catch {
    throw new WebhookSignatureError("invalid_payload", "the payload is not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new WebhookSignatureError("invalid_payload", "the payload is not a JSON object");
  }
  return parsed as WebhookEvent;
}

/**
 * The Mode-1 guide's check: `true` when the signature holds for the payload and secret (and
 * the timestamp is within the tolerance), `false` otherwise. Never throws.
 */
export function verifyWebhookSignature(
  payload: Payload,
  header: string | string[] | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): boolean {
  try {
    verify(payload, header, secret, options);
    return true;
  } catch (e) {
    if (e instanceof WebhookSignatureError) return false;
    throw e;
  }
}
