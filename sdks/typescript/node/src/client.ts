// Klarefi's names over the API: `new Klarefi({ apiKey })` with sessions, cases, process,
// documents and webhooks, and the Mode-1 guide's `KlarefiClient` with `createSession`. The
// shapes are the generated types of the OpenAPI document (src/generated), so a case's
// features and a package's facts come typed.

import type {
  Case,
  CaseEvents,
  CasePackage,
  CreateSessionRequest,
  Erasure,
  Me,
  ProcessAccepted,
  ProcessRequest,
  Session,
  SessionCreated,
  WebhookTestRequest,
  WebhookTestResult,
} from "./generated/types.gen.js";
import { type ClientOptions, type RequestOptions, Transport } from "./http.js";
import { constructEvent, verify } from "./webhooks.js";

/** One event of a case's feed. */
export type CaseEvent = CaseEvents["events"][number];

/** Session parameters (the generated request type's fields); the idempotency key may be left out. */
export type CreateSessionParams = Pick<
  CreateSessionRequest,
  | "ttl_hours"
  | "return_url"
  | "locale"
  | "external_case_id"
  | "external_applicant_id"
  | "external_customer_id"
  | "trace_id"
  | "metadata"
  | "prefill"
> & {
  /** A case type the server loads (motor_claim, home_damage, or one the operator added). */
  case_type_id: string;
  /** Default: a fresh key, reused by the client's retries. */
  idempotency_key?: string;
};

/** Processing parameters (the generated request type's fields); the idempotency key may be left out. */
export type ProcessParams = Pick<
  ProcessRequest,
  "document_url" | "case_id" | "external_case_id" | "external_applicant_id" | "external_customer_id" | "trace_id" | "metadata"
> & {
  case_type_id: string;
  /** Default: a fresh key, reused by the client's retries. */
  idempotency_key?: string;
};

export interface EventsParams {
  /** Return events after this cursor (default 0: from the start). */
  afterCursor?: number;
  /** Events per page, 1 to 100 (default 100). */
  limit?: number;
}

/** Ids go into paths: refuse what is not an id rather than send a different path. */
function id(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(value)) throw new TypeError(`not a Klarefi id: ${JSON.stringify(value)}`);
  return value;
}

/**
 * One page of a case's events that can also be iterated: `await` it for the page, or
 * `for await (const event of klarefi.cases.events(id))` for every event from the cursor on,
 * fetching further pages as needed.
 */
export class EventPages implements PromiseLike<CaseEvents>, AsyncIterable<CaseEvent> {
  #first: Promise<CaseEvents> | undefined;

  constructor(
    private readonly fetchPage: (afterCursor: number) => Promise<CaseEvents>,
    private readonly afterCursor: number,
  ) {}

  #page(): Promise<CaseEvents> {
    this.#first ??= this.fetchPage(this.afterCursor);
    return this.#first;
  }

  then<A = CaseEvents, B = never>(
    onfulfilled?: ((value: CaseEvents) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#page().then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CaseEvent> {
    let page = await this.#page();
    for (;;) {
      yield* page.events;
      if (!page.has_more || page.events.length === 0) return;
      page = await this.fetchPage(page.next_cursor);
    }
  }
}

/** The client: `new Klarefi({ apiKey, baseUrl })`. */
export class Klarefi {
  readonly #http: Transport;

  constructor(options: ClientOptions = {}) {
    this.#http = new Transport(options);
  }

  /** The server this client talks to. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** The organization and environment of the key. */
  me(options?: RequestOptions): Promise<Me> {
    return this.#http.request("GET", "/me", { options });
  }

  readonly sessions = {
    /** POST /sessions: a hosted intake session and its signed applicant link. */
    create: (params: CreateSessionParams, options?: RequestOptions): Promise<SessionCreated> =>
      this.#http.request("POST", "/sessions", { body: params, idempotent: true, options }),
    /** GET /sessions/{id}. */
    get: (sessionId: string, options?: RequestOptions): Promise<Session> =>
      this.#http.request("GET", `/sessions/${id(sessionId)}`, { options }),
    /** POST /sessions/{id}/expire: revoke the link at once. */
    expire: (sessionId: string, options?: RequestOptions): Promise<Session> =>
      this.#http.request("POST", `/sessions/${id(sessionId)}/expire`, { options }),
  };

  readonly cases = {
    /** GET /cases/{id}: the case with its features (facts), candidates and evidence. */
    get: (caseId: string, options?: RequestOptions): Promise<Case> =>
      this.#http.request("GET", `/cases/${id(caseId)}`, { options }),
    /** GET /cases/{id}/events: await for one page, or iterate for every event. */
    events: (caseId: string, params: EventsParams = {}, options?: RequestOptions): EventPages => {
      const path = `/cases/${id(caseId)}/events`;
      return new EventPages(
        (afterCursor) =>
          this.#http.request<CaseEvents>("GET", path, {
            query: { after_cursor: afterCursor, limit: params.limit },
            options,
          }),
        params.afterCursor ?? 0,
      );
    },
    /** GET /cases/{id}/package: case_package.v1 with a fresh case-file link. */
    package: (caseId: string, options?: RequestOptions): Promise<CasePackage> =>
      this.#http.request("GET", `/cases/${id(caseId)}/package`, { options }),
  };

  /** POST /process: send a document URL to be read (the processing API). */
  process(params: ProcessParams, options?: RequestOptions): Promise<ProcessAccepted> {
    return this.#http.request("POST", "/process", { body: params, idempotent: true, options });
  }

  readonly documents = {
    /** DELETE /documents/{id}: GDPR erasure of the document and everything read from it. */
    erase: (docId: string, options?: RequestOptions): Promise<Erasure> =>
      this.#http.request("DELETE", `/documents/${id(docId)}`, { options }),
  };

  readonly webhooks = {
    /** POST /webhooks/test: the server signs and sends a v1.webhook.test event to the URL. */
    test: (params: WebhookTestRequest, options?: RequestOptions): Promise<WebhookTestResult> =>
      this.#http.request("POST", "/webhooks/test", { body: params, options }),
    /** Throws a WebhookSignatureError unless the signature holds. */
    verify,
    /** Verifies, then parses the payload into a typed event. */
    constructEvent,
  };
}

/** The Mode-1 guide's client: `new KlarefiClient({ apiKey })`, `createSession`. */
export class KlarefiClient {
  readonly klarefi: Klarefi;

  constructor(options: ClientOptions = {}) {
    this.klarefi = new Klarefi(options);
  }

  /** A hosted intake session; redirect the claimant to `signed_url`, keep `session_id`. */
  createSession(params: CreateSessionParams, options?: RequestOptions): Promise<SessionCreated> {
    return this.klarefi.sessions.create(params, options);
  }

  getCase(caseId: string, options?: RequestOptions): Promise<Case> {
    return this.klarefi.cases.get(caseId, options);
  }

  getCasePackage(caseId: string, options?: RequestOptions): Promise<CasePackage> {
    return this.klarefi.cases.package(caseId, options);
  }
}
