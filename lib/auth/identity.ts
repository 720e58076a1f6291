/**
 * Who is calling: the roles of the API (kube-apiserver's authenticators
 * produce a user; Marina's produce an Identity) and the token format.
 * Only a token's SHA-256 is ever stored (as kube's bootstrap tokens and
 * etcd's auth do with passwords); the token itself is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';

/** admin: everything; deployer: apps/pods under prefixes; viewer: read-only; agent: its own node. */
export type Role = 'admin' | 'deployer' | 'viewer' | 'agent';
export const ROLES: readonly Role[] = ['admin', 'deployer', 'viewer', 'agent'];

export interface Identity {
  /** Token id, Basic user name or certificate common name (for logs, never a secret). */
  name: string;
  role: Role;
  /** deployer: app-id prefixes it may write (`/shop`). */
  prefixes?: string[];
  /** agent: the only agent name it may act as (certificate CN or the token's --node). */
  node?: string;
  /** How it authenticated. */
  via: 'basic' | 'token' | 'cert' | 'none';
  /** agent join tokens: a token that is only good for Agents.Join. */
  joinOnly?: boolean;
}

/** What is stored per token, under <prefix>/auth/tokens/<sha256>. */
export interface TokenRecord {
  id: string;
  role: Role;
  prefixes?: string[];
  node?: string;
  description?: string;
  createdAt: string;
  /** ISO time after which the token is refused. */
  expiresAt?: string;
  /** Join tokens: consumed by the first successful join. */
  singleUse?: boolean;
  /** When a single-use token was used (it is then refused). */
  usedAt?: string;
}

/** `marina.<id>.<secret>`: the id part names the token in lists and logs without revealing it. */
export function newToken(): { id: string; token: string } {
  const id = randomBytes(4).toString('hex');
  return { id, token: `marina.${id}.${randomBytes(24).toString('base64url')}` };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The loggable id of a token (`marina.<id>.…`), or undefined for foreign strings. */
export function tokenId(token: string): string | undefined {
  return /^marina\.([0-9a-f]{8})\./.exec(token)?.[1];
}

/** Is appId inside one of the prefixes (`/shop` holds `/shop` and `/shop/web`, not `/shopping`)? */
export function underPrefix(appId: string, prefixes: readonly string[]): boolean {
  const id = '/' + appId.replace(/^\/+/, '');
  return prefixes.some((p) => {
    const q = '/' + p.replace(/^\/+|\/+$/g, '');
    return q === '/' || id === q || id.startsWith(q + '/');
  });
}
