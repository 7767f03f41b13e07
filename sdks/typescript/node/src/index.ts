export { EventPages, Klarefi, KlarefiClient } from "./client.js";
export type { CaseEvent, CreateSessionParams, EventsParams, ProcessParams } from "./client.js";
export { KlarefiApiError, KlarefiConnectionError, KlarefiError } from "./errors.js";
export { DEFAULT_BASE_URL, VERSION, newIdempotencyKey } from "./http.js";
export type { ClientOptions, RequestOptions } from "./http.js";
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  WebhookSignatureError,
  constructEvent,
  signPayload,
  verify as verifyWebhook,
  verifyWebhookSignature,
} from "./webhooks.js";
export type { VerifyOptions } from "./webhooks.js";
export type * from "./generated/types.gen.js";
