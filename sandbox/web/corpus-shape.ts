/** One message the bot sent Slack during the end-to-end suites (test/http-fakes/message-corpus.ts). */
export interface CorpusMessage {
  readonly method: string;
  readonly blocks?: unknown[];
  readonly text?: string;
}

/** A text's first words with what varies from run to run (numbers, ids, hosts) masked. */
function gist(text: string): string {
  return text
    .replace(/<[^>]*>/g, '<>')
    .replace(/`[^`]*`/g, '``')
    .replace(/\d+/g, '#')
    .split(/\s+/)
    .slice(0, 5)
    .join(' ');
}

/**
 * What makes two messages the same for the page's render test: the method, and each block's type,
 * ids, element types and styles and the gist of its texts. Ids, times and hosts are left out, so
 * the corpus keeps one message of each kind the bot sends.
 */
export function shapeKey(message: CorpusMessage): string {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return undefined;
    const entries = Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
      if (key === 'text' && typeof v === 'string') return [[key, gist(v)]];
      if (key === 'value' || key === 'url' || key === 'alt_text') return [];
      if (typeof v === 'string') return key === 'type' || key === 'block_id' || key === 'action_id' || key === 'style' ? [[key, v]] : [];
      return [[key, walk(v)]];
    });
    return Object.fromEntries(entries);
  };
  return JSON.stringify([message.method, message.blocks ? walk(message.blocks) : gist(message.text ?? '')]);
}

/** The messages with one of each shape, in the order first seen. */
export function dedupeByShape(messages: readonly CorpusMessage[]): CorpusMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = shapeKey(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
