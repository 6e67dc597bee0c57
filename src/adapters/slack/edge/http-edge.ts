import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../../app/ports/runtime.ts';

/** Where Bolt's HTTPReceiver takes Slack's requests (its default `endpoints`). */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The largest Slack request body taken (bytes), for the guard and Bolt's receiver alike. Slack's
 * payloads are a few kB; the largest, a view_submission, carries a view of at most 250 kB
 * (slack.md §4.6 `view_too_large`). Bolt's default, 4 MB, let a signed body of deeply nested JSON
 * hold the event loop for seconds.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** The deepest nesting of JSON arrays and objects taken; Slack's payloads stay under ten levels. */
export const SLACK_JSON_DEPTH_LIMIT = 64;

/**
 * Puts a check in front of Bolt's HTTP receiver, for what Bolt itself does not survive: a signed
 * body that parses but is not an object (JSON `null`, an array, a number, a string) makes Bolt
 * read `body.ssl_check` of it and end the process; JSON nested deeper than SLACK_JSON_DEPTH_LIMIT
 * holds the event loop while it is parsed. Such requests get HTTP 400 and change nothing. The
 * path is read as Bolt reads it (`new URL(req.url, base).pathname`), so no spelling of it
 * (`/slack/./events`, an absolute form, a fragment) reaches Bolt unchecked.
 * Everything else goes to Bolt as it came, already read (Bolt uses a request's `rawBody` when
 * present), so unsigned, badly signed and stale requests keep Bolt's 401, unparsable bodies its
 * 400, oversized ones its 413. A failure of the check itself answers 400, never crashes.
 */
/** `onRefused` hears every request answered 400 or 413 here (for the metrics). */
export function guardHttpEdge(receiver: HTTPReceiver, options: EdgeOptions): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = pathOf(req.url);
    if (path === undefined) {
      res.writeHead(400).end();
      return;
    }
    if (req.method?.toUpperCase() !== 'POST' || path !== SLACK_EVENTS_PATH) return bolt(req, res);
    void screenBody(req, res, bolt, options).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'Slack request refused at the HTTP edge');
      if (!res.headersSent) res.writeHead(400).end();
    });
  };
}

interface EdgeOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  readonly bodyLimit?: number;
  readonly onRefused?: () => void;
}

async function screenBody(req: IncomingMessage, res: ServerResponse, bolt: HTTPReceiver['requestListener'], options: EdgeOptions): Promise<void> {
  const refuse = (status: number) => {
    options.onRefused?.();
    res.writeHead(status).end();
  };
  let buffered: IncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
      { signingSecret: options.signingSecret, bodyLimit: options.bodyLimit ?? SLACK_BODY_LIMIT },
      req,
    );
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error)) {
      // The body could not be read whole (too large, aborted): Bolt could not read it again either.
      refuse((error as { statusCode: number }).statusCode === 413 ? 413 : 400);
      return;
    }
    // Unsigned, badly signed or stale: the body is read (req.rawBody), Bolt verifies it again and answers 401.
    return bolt(req, res);
  }
  if (tooDeep(buffered)) {
    options.logger.warn({ depthLimit: SLACK_JSON_DEPTH_LIMIT }, 'signed Slack request nested deeper than any Slack payload: answered 400');
    refuse(400);
    return;
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
  } catch {
    return bolt(buffered, res); // Bolt answers a malformed body 400 itself.
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    options.logger.warn({ bodyType: body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body }, 'signed Slack request whose body is not an object: answered 400');
    refuse(400);
    return;
  }
  return bolt(buffered, res);
}

/** The request path as Bolt's HTTPReceiver reads it, or undefined when the target is no URL at all. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Whether the JSON the body carries (the body itself, or a form's `payload` field, as Bolt's
 * parseHTTPRequestBody reads it) nests arrays and objects deeper than SLACK_JSON_DEPTH_LIMIT. A
 * linear scan that skips strings, so it costs far less than the parse it spares.
 */
function tooDeep(req: IncomingMessage): boolean {
  const raw = (req as IncomingMessage & { rawBody: Buffer }).rawBody.toString();
  const json = req.headers['content-type'] === 'application/x-www-form-urlencoded' ? new URLSearchParams(raw).get('payload') ?? '' : raw;
  return jsonDepth(json, SLACK_JSON_DEPTH_LIMIT) > SLACK_JSON_DEPTH_LIMIT;
}

/** The nesting depth of arrays and objects in `json`, counted up to `stopAbove` + 1. */
export function jsonDepth(json: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
