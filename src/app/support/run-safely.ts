import type { Logger } from '../ports/runtime.ts';

/**
 * Runs a side effect whose failure must not undo what is already committed (a Slack post after a
 * decision, say): the failure is logged and swallowed. Returns whether it succeeded.
 */
export async function runSafely(logger: Logger, what: string, effect: () => Promise<unknown>): Promise<boolean> {
  try {
    await effect();
    return true;
  } catch (error) {
    logger.error({ err: error, effect: what }, `${what} failed`);
    return false;
  }
}
