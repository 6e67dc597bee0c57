import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../../app/ports.ts';

/** Where Bolt's HTTPReceiver takes Slack's requests (its default `endpoints`). */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Puts a check in front of Bolt's HTTP receiver, for what Bolt itself does not survive: a signed
 * body that parses but is not an object (JSON `null`, an array, a number, a string) makes Bolt
 * read `body.ssl_check` of it and end the process. Such requests get HTTP 400 and change nothing.
 * Everything else goes to Bolt as it came, already read (Bolt uses a request's `rawBody` when
 * present), so unsigned, badly signed and stale requests keep Bolt's 401, unparsable bodies its
 * 400, oversized ones its 413. A failure of the check itself answers 400, never crashes.
 */
export function guardHttpEdge(receiver: HTTPReceiver, options: { signingSecret: string; logger: Logger; bodyLimit?: number }): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== SLACK_EVENTS_PATH) return bolt(req, res);
    void screenBody(req, res, bolt, options).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'Slack request refused at the HTTP edge');
      if (!res.headersSent) res.writeHead(400).end();
    });
  };
}

async function screenBody(
  req: IncomingMessage,
  res: ServerResponse,
  bolt: HTTPReceiver['requestListener'],
  options: { signingSecret: string; logger: Logger; bodyLimit?: number },
): Promise<void> {
  let buffered: IncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
      { signingSecret: options.signingSecret, bodyLimit: options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit },
      req,
    );
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error)) {
      // The body could not be read whole (too large, aborted): Bolt could not read it again either.
      res.writeHead((error as { statusCode: number }).statusCode === 413 ? 413 : 400).end();
      return;
    }
    // Unsigned, badly signed or stale: the body is read (req.rawBody), Bolt verifies it again and answers 401.
    return bolt(req, res);
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
  } catch {
    return bolt(buffered, res); // Bolt answers a malformed body 400 itself.
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    options.logger.warn({ bodyType: body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body }, 'signed Slack request whose body is not an object: answered 400');
    res.writeHead(400).end();
    return;
  }
  return bolt(buffered, res);
}
