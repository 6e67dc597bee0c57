/** Which Defender feature produced an event. */
export type BlockKind = 'network_protection_block' | 'network_protection_audit' | 'smartscreen_warning';

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
}

/**
 * Categories meaning Defender's own threat intelligence judged the target dangerous, as opposed to a
 * policy decision (CustomBlockList, CustomPolicy, CasbPolicy). Values from the Defender docs'
 * ResponseCategory and toast tables; CmdCtrl has been observed for C2 blocks.
 */
export const THREAT_CATEGORIES: readonly string[] = ['Malicious', 'Phishing', 'C2', 'COCO', 'CmdCtrl', 'Untrusted'];
