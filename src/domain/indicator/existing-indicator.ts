/** An indicator as Defender reports it, reduced to what Unblock decides on. */
export interface ExistingIndicator {
  readonly id: string;
  readonly type: string;
  readonly value: string;
  readonly action: string;
  /** null means the indicator never expires. */
  readonly expiresAt: Date | null;
  readonly title?: string | null;
  /** Unblock's descriptions name the request id, which identifies its own indicators. */
  readonly description?: string | null;
}
