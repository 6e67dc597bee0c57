/**
 * What an event was: a block or warning the user met, or an audit, which Defender only recorded and
 * did not enforce (audit mode), and which feature produced it. An audit is never a block, whatever
 * the event's ActionType says (defender-api.md §8: "`IsAudit` true / `…Audited`: audit mode: the
 * user was not blocked by NP").
 */
export const BLOCK_KINDS = ['network_protection_block', 'network_protection_audit', 'smartscreen_warning', 'smartscreen_audit'] as const;

/** One of BLOCK_KINDS. */
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** The kinds that record what Defender would have done without doing it. */
export const AUDIT_KINDS: readonly BlockKind[] = ['network_protection_audit', 'smartscreen_audit'];

/** One Defender advanced-hunting row about the target, normalised and vendor-neutral. */
export interface BlockEvent {
  readonly timestamp: Date;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly kind: BlockKind;
  readonly remoteUrl: string | null;
  readonly remoteIp: string | null;
  readonly remotePort: number | null;
  readonly processName: string | null;
  readonly accountName: string | null;
  /** Why Defender acted: ResponseCategory (Network Protection) or Experience (SmartScreen). */
  readonly category: string | null;
  /**
   * The device group (Defender's MachineGroup) of the device, from its latest DeviceInfo row; null
   * when the device is in no group (`UnassignedGroup`, empty, or no DeviceInfo row).
   */
  readonly deviceGroup: string | null;
}
