/**
 * Slack's `<!date^SECONDS^{format}|fallback>` as Slack's clients show it
 * (docs.slack.dev "Formatting text for app surfaces" → "Date formatting"), in the viewer's time
 * zone, with "Today" / "Yesterday" / "Tomorrow" said against the sandbox clock rather than the
 * browser's, since the sandbox may run days ahead of real time.
 */

/** Where and when a date is read: the sandbox's "now" and the time zone (the browser's when undefined). */
export interface DateContext {
  readonly now: Date;
  readonly timeZone?: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The calendar fields of `date` in `timeZone` (local when undefined). */
function partsOf(date: Date, timeZone: string | undefined): Parts {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const field = (type: Intl.DateTimeFormatPartTypes): string => format.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(field('year')),
    month: Number(field('month')) - 1,
    day: Number(field('day')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(field('weekday')),
    hour: Number(field('hour')),
    minute: Number(field('minute')),
    second: Number(field('second')),
  };
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th'}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

function clock(p: Parts, seconds: boolean): string {
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${hour12}:${two(p.minute)}${seconds ? `:${two(p.second)}` : ''} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

const longDate = (p: Parts): string => `${MONTHS[p.month]} ${ordinal(p.day)}, ${p.year}`;
const shortDate = (p: Parts): string => `${MONTHS[p.month]!.slice(0, 3)} ${p.day}, ${p.year}`;

/** Whole calendar days from `now`'s day to `date`'s day (both in the same time zone). */
function dayOffset(date: Parts, now: Parts): number {
  return Math.round((Date.UTC(date.year, date.month, date.day) - Date.UTC(now.year, now.month, now.day)) / 86_400_000);
}

function relativeDay(date: Parts, now: Parts): string | undefined {
  return ({ [-1]: 'Yesterday', 0: 'Today', 1: 'Tomorrow' } as Record<number, string>)[dayOffset(date, now)];
}

/** "3 minutes ago", "in 2 hours", "2 days ago": Slack's `{ago}`. */
export function ago(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60 ? [abs, 'second'] : abs < 3600 ? [Math.floor(abs / 60), 'minute'] : abs < 86_400 ? [Math.floor(abs / 3600), 'hour'] : [Math.floor(abs / 86_400), 'day'];
  const amount = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return seconds < 0 ? `${amount} ago` : `in ${amount}`;
}

/** Each token Slack documents, as a function of the date's and now's calendar fields. */
const TOKENS: Readonly<Record<string, (p: Parts, now: Parts, date: Date, context: DateContext) => string>> = {
  date_num: (p) => `${p.year}-${two(p.month + 1)}-${two(p.day)}`,
  date: (p) => longDate(p),
  date_short: (p) => shortDate(p),
  date_long: (p) => `${WEEKDAYS[p.weekday]}, ${longDate(p)}`,
  date_pretty: (p, now) => relativeDay(p, now) ?? longDate(p),
  date_short_pretty: (p, now) => relativeDay(p, now) ?? shortDate(p),
  date_long_pretty: (p, now) => relativeDay(p, now) ?? `${WEEKDAYS[p.weekday]}, ${longDate(p)}`,
  time: (p) => clock(p, false),
  time_secs: (p) => clock(p, true),
  ago: (_p, _now, date, context) => ago(date, context.now),
};

/**
 * The text Slack shows for `<!date^seconds^format|fallback>`: every `{token}` replaced, unknown
 * tokens left as written; the fallback when the timestamp is not a number.
 */
export function formatSlackDate(seconds: string | number, format: string, fallback: string, context: DateContext): string {
  const epochSeconds = Number(seconds);
  if (!Number.isFinite(epochSeconds)) return fallback;
  const date = new Date(epochSeconds * 1000);
  const parts = partsOf(date, context.timeZone);
  const now = partsOf(context.now, context.timeZone);
  return format.replace(/\{(\w+)\}/g, (whole, token: string) => TOKENS[token]?.(parts, now, date, context) ?? whole);
}

/**
 * A message's time as Slack's client shows it beside the author: "11:31 AM" on the sandbox's today,
 * "Dec 2, 11:31 AM" on another day, "Dec 2, 2025, 11:31 AM" in another year.
 */
export function messageTime(iso: string, context: DateContext): string {
  const p = partsOf(new Date(iso), context.timeZone);
  const now = partsOf(context.now, context.timeZone);
  if (dayOffset(p, now) === 0) return clock(p, false);
  const day = `${MONTHS[p.month]!.slice(0, 3)} ${p.day}`;
  return p.year === now.year ? `${day}, ${clock(p, false)}` : `${day}, ${p.year}, ${clock(p, false)}`;
}

/** The day divider Slack draws above a day's first message: "Today", "Yesterday", "Wednesday, December 2nd" (with the year when not this year's). */
export function dayDivider(iso: string, context: DateContext): string {
  const p = partsOf(new Date(iso), context.timeZone);
  const now = partsOf(context.now, context.timeZone);
  const near = ({ [-1]: 'Yesterday', 0: 'Today' } as Record<number, string>)[dayOffset(p, now)];
  if (near) return near;
  return `${WEEKDAYS[p.weekday]}, ${MONTHS[p.month]} ${ordinal(p.day)}${p.year === now.year ? '' : `, ${p.year}`}`;
}

/** The calendar day of `iso` (in the context's zone), to tell when a divider is due. */
export function dayKey(iso: string, context: Pick<DateContext, 'timeZone'>): string {
  const p = partsOf(new Date(iso), context.timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}
