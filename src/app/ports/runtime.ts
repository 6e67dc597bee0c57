/** The runtime the use-cases run in: the clock, new ids and the logger (counters: metrics.ts). */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new random UUID. */
  newId(): string;
}

/** The structured-logging subset the use-cases need (pino's signature). */
export interface Logger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}
