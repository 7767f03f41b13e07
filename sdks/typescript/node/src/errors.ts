// Errors the client throws. An API error carries the envelope's type, code and request id
// (quote the request id when asking for support); a connection error means no answer came.

/** Base class of every error this package throws (except {@link WebhookSignatureError}). */
export class KlarefiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KlarefiError";
  }
}

/** The API answered with an error envelope: `{"error": {type, code, message, request_id}}`. */
export class KlarefiApiError extends KlarefiError {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait (429), when it said. */
  readonly retryAfter: number | undefined;

  constructor(status: number, type: string, code: string, message: string, requestId?: string, retryAfter?: number) {
    super(`${status} ${code}: ${message}${requestId ? ` (request ${requestId})` : ""}`);
    this.name = "KlarefiApiError";
    this.status = status;
    this.type = type;
    this.code = code;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** No answer: the connection failed or the request timed out (after the retries). */
export class KlarefiConnectionError extends KlarefiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = "KlarefiConnectionError";
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
