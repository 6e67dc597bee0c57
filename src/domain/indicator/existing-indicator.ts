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
  /**
   * The device groups the indicator applies to (`rbacGroupNames`); empty means every device in the
   * tenant (defender-api.md "Device groups": "empty or absent = all devices").
   */
  readonly rbacGroupNames?: readonly string[];
  /** Who created it as Defender reports it (`createdBy`: a UPN, or an application id for app-created ones). */
  readonly createdBy?: string | null;
  /** When it was created (`creationTimeDateTimeUtc`, UTC). */
  readonly createdAt?: Date | null;
}
