import type { Clock } from '../../app/ports/runtime.ts';

/** The real time; tests use a fake Clock instead. */
export const systemClock: Clock = { now: () => new Date() };
