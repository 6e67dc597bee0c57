/**
 * The id of a block on the App Home tab that carries controls for one request: the block id the
 * same controls have on the channel message (DECISION_BLOCK_ID, REMINDER_BLOCK_ID …), `:`, and the
 * request's id. Block ids must be unique within a view (≤255 characters: slack.md §Block Kit
 * limits), and a click's block names the request it was drawn for (parseClick checks it against the
 * button's value).
 */
export function homeBlockId(base: string, requestId: string): string {
  return `${base}:${requestId}`;
}
