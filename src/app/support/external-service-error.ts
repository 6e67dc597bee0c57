import { scrubText } from '../../shared/credential-shapes.ts';

export type ExternalService = 'slack' | 'graph' | 'defender' | 'entra' | 'sentinel';

/**
 * What kind of failure it was. The kind alone decides `retryable`:
 * - `unauthorized`: the service refused our identity (Entra refused to issue a token, or the API
 *   refused the token it issued). Not retryable: see RETRYABLE.
 * - `forbidden`: HTTP 403, a permission or licence is missing. Not retryable.
 * - `rejected`: any other 4xx (400, 404, 409 …): the service refused this request as such. Not retryable.
 * - `throttled`: HTTP 429. Retryable, no sooner than `retryAfterSeconds`.
 * - `unavailable`: 5xx, or no answer at all (connection refused, reset, DNS). Retryable.
 * - `timeout`: 408, 504, or our own deadline passed. Retryable.
 * - `invalid_response`: a 2xx whose body is not the documented shape. Not retryable: it needs a person.
 */
export type ExternalFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'rejected'
  | 'invalid_response';

/**
 * Whether trying the same call again later can succeed, by failure kind.
 *
 * `unauthorized` is not retryable: @azure/identity refreshes a token well before it expires, so an
 * API refusing a freshly issued token (401), or Entra refusing to issue one (400/401), means the
 * token is for the wrong resource or tenant, or the credential is wrong: DEFENDER_API_SCOPE,
 * GRAPH_BASE_URL or an AZURE_* setting needs fixing, which waiting does not do. Entra being down
 * or throttling is `unavailable` / `throttled` instead, and stays retryable.
 */
const RETRYABLE: Readonly<Record<ExternalFailure, boolean>> = {
  unauthorized: false,
  forbidden: false,
  rejected: false,
  invalid_response: false,
  throttled: true,
  unavailable: true,
  timeout: true,
};

/** Longest vendor reason kept, in characters (code points); longer ones end in "…". */
export const VENDOR_MESSAGE_MAX = 300;
/** Longest vendor error code or correlation id kept, in characters. */
const VENDOR_ID_MAX = 80;

/**
 * A call to Slack, Graph, Defender or Entra failed. Adapters translate every vendor error into
 * this one shape at the edge; use-cases read `retryable` to decide between backing off and
 * alerting people at once, and show `userMessage`.
 */
export class ExternalServiceError extends Error {
  /** The service that failed. */
  readonly service: ExternalService;
  /** The kind of failure; decides `retryable` (see ExternalFailure). */
  readonly failure: ExternalFailure;
  /**
   * One line for people (Slack thread, private replies, logs): what failed, the vendor's own
   * reason in quotes, its error code and correlation id in brackets, and what to fix, e.g.
   * `Defender rejected the request (HTTP 400): "…15000…" [BadRequest, ref 9f…]`. Plain text, no
   * tokens or raw bodies; NOT escaped for Slack (the renderer escapes it, once). Bounded length:
   * the vendor parts are clipped (VENDOR_MESSAGE_MAX, 80 for code and ref).
   */
  readonly userMessage: string;
  /** True when trying again later can succeed (throttled, unavailable, timeout). */
  readonly retryable: boolean;
  /** The HTTP status the service answered with; undefined when no answer arrived. */
  readonly status: number | undefined;
  /** Seconds the service asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  /** The vendor's error code: Defender/Graph `error.code` (`BadRequest`), Entra's OAuth `error` (`invalid_scope`). */
  readonly vendorCode: string | undefined;
  /**
   * The vendor's own reason: Defender/Graph `error.message`, or Entra's AADSTS code with its first
   * sentence. Control and invisible format characters removed, whitespace collapsed, at most
   * VENDOR_MESSAGE_MAX characters. Plain text, not escaped. Undefined when the vendor gave none.
   */
  readonly vendorMessage: string | undefined;
  /** The vendor's correlation or request id (Defender `error.target`, Graph `request-id`), to quote to its support. */
  readonly correlationId: string | undefined;
  /** What the operator should change, as given (also the end of `userMessage`); undefined when none was given. */
  readonly fix: string | undefined;

  /**
   * @param input.userMessage our own sentence: what failed (and, when `fix` is absent, nothing
   *   else); the vendor's reason, code and correlation id are appended here, then `fix`.
   * @param input.fix what the operator should change (a setting or a permission), appended last.
   * @param input.vendorMessage / vendorCode / correlationId raw vendor text; cleaned and clipped here.
   */
  constructor(input: {
    service: ExternalService;
    failure: ExternalFailure;
    userMessage: string;
    fix?: string | undefined;
    status?: number | undefined;
    retryAfterSeconds?: number | undefined;
    vendorCode?: string | undefined;
    vendorMessage?: string | undefined;
    correlationId?: string | undefined;
    cause?: unknown;
  }) {
    const vendorMessage = vendorText(input.vendorMessage, VENDOR_MESSAGE_MAX);
    const vendorCode = vendorText(input.vendorCode, VENDOR_ID_MAX);
    const correlationId = vendorText(input.correlationId, VENDOR_ID_MAX);
    const details = [vendorCode, correlationId && `ref ${correlationId}`].filter(Boolean).join(', ');
    const userMessage =
      input.userMessage +
      (vendorMessage ? `: "${vendorMessage}"` : '') +
      (details ? ` [${details}]` : '') +
      (input.fix ? `; ${input.fix}` : '');
    super(`${input.service} ${input.failure}${input.status ? ` (HTTP ${input.status})` : ''}: ${userMessage}`, { cause: input.cause });
    this.name = 'ExternalServiceError';
    this.service = input.service;
    this.failure = input.failure;
    this.userMessage = userMessage;
    this.retryable = RETRYABLE[input.failure];
    this.status = input.status;
    this.retryAfterSeconds = input.retryAfterSeconds;
    this.vendorCode = vendorCode;
    this.vendorMessage = vendorMessage;
    this.correlationId = correlationId;
    this.fix = input.fix;
  }
}

// Cc: C0/C1 controls (newlines, ESC for terminal escapes); Cf: invisible format characters
// (bidirectional overrides, zero-width joiners) that could make a message read differently.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/**
 * Vendor text made safe to carry: anything shaped like a credential redacted, unprintable characters
 * become spaces, runs of whitespace one space, trimmed, and clipped to `max` characters (code
 * points, so no surrogate pair is split) with a trailing "…". Undefined for absent or blank text.
 */
function vendorText(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  // Vendor text is shown in Slack: anything shaped like a credential a vendor echoed goes first.
  const clean = scrubText(text).replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  if (clean === '') return undefined;
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
