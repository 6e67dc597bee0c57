import { appendFileSync } from 'node:fs';

/**
 * Opt-in recorder of what the bot sends Slack, for the sandbox page's render tests
 * (sandbox/web/fixtures/e2e-messages.json, refreshed by `npm run sandbox:corpus`): when
 * SLACK_MESSAGE_CORPUS names a file, every message the fake Slack accepts is appended to it as one
 * JSON line `{ method, blocks, text }`. Unset (the default), it records nothing.
 */
export function recordForCorpus(method: string, content: { blocks?: unknown; text?: unknown }, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.SLACK_MESSAGE_CORPUS;
  if (!file) return;
  const line = { method, blocks: Array.isArray(content.blocks) ? content.blocks : undefined, text: typeof content.text === 'string' ? content.text : undefined };
  // Appending one line in one write keeps lines whole when several test files record at once.
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
