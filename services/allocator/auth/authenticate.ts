/**
 * Authentication: turn what a request carries into an Identity, or refuse
 * it with a reason counted in marina_auth_failures_total{reason}. Accepted,
 * in this order (kube-apiserver tries its authenticators in turn too):
 *   - a client certificate signed by the cluster CA: CN = name, O = role
 *     (agents: O=agent, CN=their hostname, the node they may act as);
 *   - `Authorization: Basic` for a --http-credentials user (Marathon);
 *   - `Authorization: token=<t>` (DC/OS clients) or `Bearer <t>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MarinaError } from '../../../lib/errors';
import { ROLES, tokenId, type Identity, type Role } from '../../../lib/auth/identity';
import type { Counter } from '../../../lib/metrics';
import type { TokenStore } from './tokens';

export type FailureReason = 'missing' | 'malformed' | 'bad_password' | 'unknown_token' | 'expired' | 'join_token' | 'untrusted_cert' | 'forbidden' | 'name_mismatch' | 'join_token_used';

/** What the transport tells us about the caller. */
export interface Presented {
  authorization?: string;
  /** The peer certificate, when the client sent one. */
  cert?: { subject: Record<string, string | string[] | undefined>; authorized: boolean; error?: string; validTo?: string };
}

export interface BasicUser {
  user: string;
  /** sha256 of the password (compared in constant time). */
  passwordHash: Buffer;
}

/** Parse `user:pass` lines (--http-credentials, or its file) into users. */
export function parseBasicUsers(specs: string[], source: string): BasicUser[] {
  return specs.map((spec) => {
    const i = spec.indexOf(':');
    if (i <= 0 || i === spec.length - 1) throw new MarinaError('MARINA_ERR_CONFIG', `${source}: expected user:password, got an entry without both parts`);
    return { user: spec.slice(0, i), passwordHash: sha(spec.slice(i + 1)) };
  });
}

function sha(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export class AuthFailure extends MarinaError {
  constructor(readonly reason: FailureReason, message: string) {
    super(reason === 'forbidden' || reason === 'name_mismatch' ? 'MARINA_ERR_FORBIDDEN' : 'MARINA_ERR_UNAUTHENTICATED', message);
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export class Authenticator {
  constructor(
    private readonly tokens: TokenStore,
    private readonly basic: BasicUser[],
    private readonly failures: Counter<'reason'>,
  ) {}

  /** Count and throw an authentication or authorisation failure. */
  fail(reason: FailureReason, message: string): never {
    this.failures.inc({ reason });
    throw new AuthFailure(reason, message);
  }

  async authenticate(p: Presented, opts: { allowJoin?: boolean } = {}): Promise<Identity> {
    if (p.cert) {
      if (!p.cert.authorized) this.fail('untrusted_cert', `client certificate not trusted (${p.cert.error ?? 'not signed by the cluster CA'}); get one from this cluster (marina agent --join-token) or use a token`);
      // Checked per request too: a kept connection outlives the handshake that verified the certificate.
      if (p.cert.validTo && Date.parse(p.cert.validTo) <= Date.now()) this.fail('expired', `client certificate expired at ${new Date(Date.parse(p.cert.validTo)).toISOString()}; an agent renews it before then (Agents.Renew), else re-join with --join-token`);
      const name = first(p.cert.subject.CN);
      const role = first(p.cert.subject.O) as Role | undefined;
      if (!name || !role || !ROLES.includes(role)) this.fail('untrusted_cert', 'client certificate needs CN=<name> and O=<role> (admin, deployer, viewer or agent)');
      if (role === 'deployer') this.fail('untrusted_cert', 'deployer identities use tokens (a certificate carries no app-id prefixes)');
      return { name, role, via: 'cert', ...(role === 'agent' ? { node: name } : {}) };
    }
    const h = p.authorization?.trim();
    if (!h) this.fail('missing', 'authentication required: send Authorization: Bearer <token> (see marina tokens create, or the token in ~/.marina/client.json)');
    if (/^basic\s/i.test(h)) return this.basicUser(h.slice(6).trim());
    let token: string | undefined;
    if (/^bearer\s/i.test(h)) token = h.slice(7).trim();
    else if (/^token=/i.test(h)) token = h.slice(6).trim().replace(/^"|"$/g, '');
    if (!token) this.fail('malformed', 'Authorization header must be Basic, Bearer <token> or token=<token>');
    return this.tokenUser(token, opts.allowJoin ?? false);
  }

  private basicUser(b64: string): Identity {
    const text = Buffer.from(b64, 'base64').toString('utf8');
    const i = text.indexOf(':');
    if (i < 0) this.fail('malformed', 'Basic credentials must be base64 of user:password');
    const user = text.slice(0, i);
    const given = sha(text.slice(i + 1));
    const match = this.basic.find((u) => u.user === user);
    // Compare even when the user is unknown, so timing does not tell users apart.
    const ok = timingSafeEqual(given, match?.passwordHash ?? sha('\0')) && match !== undefined;
    if (!ok) this.fail('bad_password', `wrong user name or password for ${JSON.stringify(user)}`);
    return { name: user, role: 'admin', via: 'basic' };
  }

  private async tokenUser(token: string, allowJoin: boolean): Promise<Identity> {
    const rec = token.length <= 256 ? await this.tokens.lookup(token) : undefined;
    const id = tokenId(token) ?? 'unknown';
    if (!rec) this.fail('unknown_token', `token ${id} is unknown or was revoked; create one with marina tokens create`);
    if (rec.expiresAt && Date.parse(rec.expiresAt) <= Date.now()) this.fail('expired', `token ${id} expired at ${rec.expiresAt}; create a new one with marina tokens create`);
    if (rec.usedAt) this.fail('join_token_used', `join token ${id} was already used at ${rec.usedAt} (it was single-use): create another with marina tokens create --role agent`);
    if (rec.role === 'agent' && !rec.node && !allowJoin) this.fail('join_token', `token ${id} is an agent join token: it is only good for joining (marina agent --join-token)`);
    return {
      name: `token:${rec.id}`,
      role: rec.role,
      via: 'token',
      ...(rec.prefixes ? { prefixes: rec.prefixes } : {}),
      ...(rec.node ? { node: rec.node } : {}),
      ...(rec.role === 'agent' && !rec.node ? { joinOnly: true } : {}),
    };
  }
}
