/** Small, pure statistics for the benchmark's figures. */

/** The nearest-rank percentile `p` (0–1) of `values`, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number | null => percentile(values, 0.5);

/** A write's channel and when it happened (milliseconds). */
export interface TimedWrite {
  readonly channel: string;
  readonly at: number;
}

/** How hard one channel was written to: the mean over its active span and the busiest second. */
export interface ChannelRate {
  readonly channel: string;
  readonly writes: number;
  /** Seconds from the channel's first write to its last (at least 1). */
  readonly spanSeconds: number;
  /** writes ÷ spanSeconds. */
  readonly averagePerSecond: number;
  /** Most writes within any 1-second window (sliding, not calendar seconds). */
  readonly peakPerSecond: number;
}

/**
 * Writes per second for each channel, busiest first. The active span runs from a channel's first
 * write to its last and counts as at least one second, so a channel written to once has 1/s.
 */
export function channelRates(writes: readonly TimedWrite[]): ChannelRate[] {
  const byChannel = new Map<string, number[]>();
  for (const w of writes) byChannel.set(w.channel, [...(byChannel.get(w.channel) ?? []), w.at]);
  return [...byChannel]
    .map(([channel, times]) => {
      times.sort((a, b) => a - b);
      const spanSeconds = Math.max(1, (times.at(-1)! - times[0]!) / 1000);
      return { channel, writes: times.length, spanSeconds, averagePerSecond: times.length / spanSeconds, peakPerSecond: busiestSecond(times) };
    })
    .sort((a, b) => b.averagePerSecond - a.averagePerSecond || b.peakPerSecond - a.peakPerSecond);
}

/** The most instants of sorted `times` (ms) that fall within one second of each other. */
function busiestSecond(times: readonly number[]): number {
  let peak = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= 1000) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}
