export type ExternalService = 'slack' | 'graph' | 'defender' | 'entra';

export type ExternalFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'rejected'
  | 'invalid_response';

/**
 * A call to Slack, Graph, Defender or Entra failed. Adapters translate vendor errors into this at
 * the edge; `userMessage` is safe to show in Slack (no tokens, no raw vendor bodies), `retryable`
 * tells the caller whether trying again later can help.
 */
export class ExternalServiceError extends Error {
  readonly service: ExternalService;
  readonly failure: ExternalFailure;
  readonly userMessage: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** Seconds the service asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(input: {
    service: ExternalService;
    failure: ExternalFailure;
    userMessage: string;
    status?: number;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(`${input.service} ${input.failure}${input.status ? ` (HTTP ${input.status})` : ''}: ${input.userMessage}`, { cause: input.cause });
    this.name = 'ExternalServiceError';
    this.service = input.service;
    this.failure = input.failure;
    this.userMessage = input.userMessage;
    this.status = input.status;
    this.retryAfterSeconds = input.retryAfterSeconds;
    this.retryable = ['throttled', 'unavailable', 'timeout'].includes(input.failure);
  }
}
