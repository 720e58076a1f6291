/**
 * Names of Marina's kernel objects, derived only from what they serve so
 * cleanup needs no stored state (kube-proxy hashAndTruncate, CNI FormatChainName):
 * the nft table `marina`, iptables chains `MARINA-<KIND>-<HASH>`.
 */
import { hash } from 'node:crypto';

export const NFT_TABLE = 'marina';
export const IPT_PREFIX = 'MARINA-';

/** 16 upper-case base32-ish characters of sha256(parts): stable, short, collision-safe enough. */
export function shortHash(...parts: string[]): string {
  // crypto.hash: a third of createHash's cost, which rendering 10,000 VIPs felt.
  return hash('sha256', parts.join('\0'), 'base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16).toUpperCase();
}

/**
 * The one predicate recognising the lb's iptables chains (and nft table).
 * Only the lb's own chain kinds: the agent owns other MARINA-* chains
 * (MARINA-EGRESS, MARINA-ISOLATE) on the same host, which lb cleanup must
 * leave alone.
 */
// NET-/HP-: per-prefix dispatch and hairpin chains; SVC-<svc>-<ep> and SEP-*: earlier versions' endpoint chains.
const LB_CHAIN = new RegExp(`^${IPT_PREFIX}(SERVICES|POSTROUTING|MARK-MASQ|EXTERNAL|HAIRPIN|(NET|HP)-[A-Z0-9]+|SVC-[A-Z0-9]+(-[A-Z0-9]+)?|SEP-[A-Z0-9]+)$`);

export function isMarinaObject(name: string): boolean {
  return name === NFT_TABLE || LB_CHAIN.test(name);
}
