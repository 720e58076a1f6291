/**
 * API tokens in the store: <prefix>/auth/tokens/<sha256 of the token>, a
 * TokenRecord as value. The view mirrors the prefix, so a lookup is a map
 * read; a miss falls back to the store (a token just created by another
 * replica). Single-use join tokens are consumed by a delete under a compare,
 * so two agents racing with one token cannot both join.
 */
import { MarinaError } from '../../../lib/errors';
import { hashToken, newToken, ROLES, type Role, type TokenRecord } from '../../../lib/auth/identity';
import type { AllocatorContext } from '../context';

const DIR = 'auth/tokens/';

export interface TokenSpec {
  role: Role;
  prefixes?: string[];
  node?: string;
  description?: string;
  /** Seconds until the token expires (none: it lives until revoked). */
  ttlSeconds?: number;
  singleUse?: boolean;
}

function invalid(field: string, msg: string): MarinaError {
  return new MarinaError('MARINA_ERR_INVALID', `${field}: ${msg}`, { details: [{ path: `/${field}`, errors: [msg] }] });
}

/** Check a token request; errors name the field. */
export function parseTokenSpec(body: unknown): TokenSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('role', 'the body must be a JSON object with a role');
  const b = body as Record<string, unknown>;
  if (typeof b.role !== 'string' || !ROLES.includes(b.role as Role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  const role = b.role as Role;
  const prefixes = b.prefixes === undefined ? undefined : b.prefixes;
  if (prefixes !== undefined && (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string' || !p.startsWith('/')))) {
    throw invalid('prefixes', 'must be a list of app-id prefixes starting with /');
  }
  if (role === 'deployer' && (!prefixes || prefixes.length === 0)) throw invalid('prefixes', 'a deployer token needs at least one app-id prefix (use / for all apps)');
  if (role !== 'deployer' && prefixes && prefixes.length > 0) throw invalid('prefixes', `only deployer tokens take prefixes, not ${role}`);
  if (b.node !== undefined && (typeof b.node !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/.test(b.node))) throw invalid('node', 'must be an agent name (letters, digits, . _ -)');
  if (b.node !== undefined && role !== 'agent') throw invalid('node', 'only agent tokens are bound to a node');
  if (b.ttlSeconds !== undefined && !(typeof b.ttlSeconds === 'number' && b.ttlSeconds > 0 && b.ttlSeconds <= 10 * 365 * 86400)) throw invalid('ttlSeconds', 'must be a positive number of seconds (at most 10 years)');
  if (b.singleUse !== undefined && typeof b.singleUse !== 'boolean') throw invalid('singleUse', 'must be true or false');
  if (b.singleUse && role !== 'agent') throw invalid('singleUse', 'only agent join tokens can be single-use');
  if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 200)) throw invalid('description', 'must be a string of at most 200 characters');
  return {
    role,
    ...(prefixes ? { prefixes: prefixes as string[] } : {}),
    ...(b.node ? { node: b.node as string } : {}),
    ...(b.description ? { description: b.description as string } : {}),
    ...(b.ttlSeconds ? { ttlSeconds: b.ttlSeconds as number } : {}),
    ...(b.singleUse ? { singleUse: true } : {}),
  };
}

export class TokenStore {
  constructor(private readonly ctx: AllocatorContext) {}

  private key(hash: string): string {
    return `${this.ctx.settings.prefix}/${DIR}${hash}`;
  }

  /** Create a token; the plain token is returned once and never stored. */
  async create(spec: TokenSpec, now = Date.now()): Promise<{ token: string; record: TokenRecord }> {
    const { id, token } = newToken();
    const record: TokenRecord = {
      id,
      role: spec.role,
      ...(spec.prefixes ? { prefixes: spec.prefixes } : {}),
      ...(spec.node ? { node: spec.node } : {}),
      ...(spec.description ? { description: spec.description } : {}),
      createdAt: new Date(now).toISOString(),
      ...(spec.ttlSeconds ? { expiresAt: new Date(now + spec.ttlSeconds * 1000).toISOString() } : {}),
      ...(spec.singleUse ? { singleUse: true } : {}),
    };
    const rev = await this.ctx.store.put(this.key(hashToken(token)), JSON.stringify(record));
    await this.ctx.view.waitFor(rev);
    return { token, record };
  }

  async list(): Promise<TokenRecord[]> {
    const res = await this.ctx.store.range(`${this.ctx.settings.prefix}/${DIR}`);
    return res.kvs.map((kv) => JSON.parse(kv.value) as TokenRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revoke by id; false when no token has that id. */
  async revoke(id: string): Promise<boolean> {
    const res = await this.ctx.store.range(`${this.ctx.settings.prefix}/${DIR}`);
    const kv = res.kvs.find((k) => (JSON.parse(k.value) as TokenRecord).id === id);
    if (!kv) return false;
    const rev = await this.ctx.store.delete(kv.key);
    await this.ctx.view.waitFor(rev);
    return true;
  }

  /** The record of a token, or undefined (unknown or revoked). */
  async lookup(token: string): Promise<TokenRecord | undefined> {
    const hash = hashToken(token);
    const cached = this.ctx.view.value<TokenRecord>(DIR + hash);
    if (cached) return cached;
    const kv = await this.ctx.store.get(this.key(hash));
    return kv ? (JSON.parse(kv.value) as TokenRecord) : undefined;
  }

  /** Mark a single-use token used (kept, so a reuse is refused as such); false when another caller used it first. */
  async consume(token: string): Promise<boolean> {
    const key = this.key(hashToken(token));
    const kv = await this.ctx.store.get(key);
    if (!kv) return false;
    const rec = JSON.parse(kv.value) as TokenRecord;
    if (rec.usedAt) return false;
    const res = await this.ctx.store.txn({
      compares: [{ key, target: 'modRevision', op: '==', value: kv.modRevision }],
      success: [{ type: 'put', key, value: JSON.stringify({ ...rec, usedAt: new Date().toISOString() }) }],
    });
    if (res.succeeded) await this.ctx.view.waitFor(res.revision);
    return res.succeeded;
  }
}
