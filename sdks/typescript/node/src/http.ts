// The one place requests are made: the bearer key, JSON in and out, a timeout per attempt,
// and retries on 429 (honouring Retry-After), 502/503/504 and network errors. A POST that
// creates something always carries an idempotency_key (generated when the caller gives none),
// and every retry of it sends the same key, so a retried create never makes two.

import { randomUUID } from "node:crypto";

import { KlarefiApiError, KlarefiConnectionError } from "./errors.js";

export const VERSION = "0.1.0";

/** What the server runs on by default; override with `baseUrl` or KLAREFI_API_BASE_URL. */
export const DEFAULT_BASE_URL = "http://127.0.0.1:8080";

export interface ClientOptions {
  /** `sk_test_…` or `sk_live_…`; default: KLAREFI_API_KEY. */
  apiKey?: string;
  /** Default: KLAREFI_API_BASE_URL, else http://127.0.0.1:8080. */
  baseUrl?: string;
  /** Per attempt, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Attempts after the first on 429, 502, 503, 504 and network errors (default 2). */
  maxRetries?: number;
  /** The longest Retry-After that is waited for, in seconds (default 60); a longer one is thrown. */
  maxRetryAfterSeconds?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** For POST /sessions and /process; default: a fresh `sdk_<uuid>` reused by every retry. */
  idempotencyKey?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function newIdempotencyKey(): string {
  return `sdk_${randomUUID()}`;
}

export class Transport {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #maxRetryAfter: number;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    const apiKey = options.apiKey ?? process.env.KLAREFI_API_KEY;
    if (!apiKey) throw new TypeError("an API key is required (apiKey or KLAREFI_API_KEY)");
    this.#apiKey = apiKey;
    this.baseUrl = (options.baseUrl ?? process.env.KLAREFI_API_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxRetryAfter = options.maxRetryAfterSeconds ?? 60;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /**
   * One API call. `body` is sent as JSON; `idempotent` marks a create that needs a key.
   * Resolves with the parsed JSON of a 2xx answer; throws {@link KlarefiApiError} or
   * {@link KlarefiConnectionError}.
   */
  async request<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    init: {
      query?: Record<string, string | number | undefined>;
      body?: unknown;
      idempotent?: boolean;
      options?: RequestOptions;
    } = {},
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: "application/json",
      "user-agent": `klarefi-node/${VERSION}`,
    };
    let body = init.body;
    if (init.idempotent) {
      // In the body, where the API document requires it; the caller's key wins.
      const given = body as { idempotency_key?: unknown } | undefined;
      const key = typeof given?.idempotency_key === "string" ? given.idempotency_key : init.options?.idempotencyKey;
      body = { ...(body as object), idempotency_key: key ?? newIdempotencyKey() };
    }
    let payload: string | undefined;
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      // Parameters left undefined are not sent.
      payload = JSON.stringify(body);
    }
    const timeoutMs = init.options?.timeoutMs ?? this.#timeoutMs;

    for (let attempt = 0; ; attempt++) {
      const signals = [AbortSignal.timeout(timeoutMs)];
      if (init.options?.signal) signals.push(init.options.signal);
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body: payload, signal: AbortSignal.any(signals) });
      } catch (cause) {
        if (init.options?.signal?.aborted) throw cause;
        if (attempt < this.#maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        const what = cause instanceof Error && cause.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : "failed";
        throw new KlarefiConnectionError(`${method} ${url.pathname} ${what}`, { cause });
      }
      if (response.ok) {
        return (await response.json()) as T;
      }
      const retryAfter = retryAfterSeconds(response.headers.get("retry-after"));
      if (RETRY_STATUSES.has(response.status) && attempt < this.#maxRetries) {
        if (retryAfter === undefined || retryAfter <= this.#maxRetryAfter) {
          await response.body?.cancel();
          await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoffMs(attempt));
          continue;
        }
      }
      throw await apiError(response, retryAfter);
    }
  }
}

function backoffMs(attempt: number): number {
  const base = 500 * 2 ** attempt;
  return base / 2 + Math.random() * (base / 2);
}

async function apiError(response: Response, retryAfter: number | undefined): Promise<KlarefiApiError> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  const text = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);
  return new KlarefiApiError(
    response.status,
    text(error?.type, "api_error"),
    text(error?.code, `http_${response.status}`),
    text(error?.message, response.statusText || "the API answered with an error"),
    text(error?.request_id, requestId ?? "") || undefined,
    retryAfter,
  );
}
