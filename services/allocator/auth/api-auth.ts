/**
 * The allocator's authn/authz in one object: the token store, the
 * authenticator, the failure counter and whether auth is on at all
 * (`--auth=false` turns it off; it is on by default).
 */
import { Counter } from '../../../lib/metrics';
import type { AllocatorCore } from '../core';
import { Authenticator, type BasicUser } from './authenticate';
import { TokenStore } from './tokens';
import type { ServingTls } from './tls';

export interface AuthConfig {
  enabled: boolean;
  basicUsers: BasicUser[];
  /** Lifetime of the agent certificates Join and Renew issue (--agent-cert-ttl). */
  agentCertTtlSeconds: number;
}

export class ApiAuth {
  readonly tokens: TokenStore;
  readonly authn: Authenticator;
  readonly failures: Counter<'reason'>;

  constructor(
    core: AllocatorCore,
    readonly config: AuthConfig,
    /** The serving TLS (and cluster CA, which signs agents' certificates on join), when on. */
    readonly tls?: ServingTls,
  ) {
    this.tokens = new TokenStore(core.ctx);
    this.failures = new Counter({
      name: 'marina_auth_failures_total',
      help: 'Refused API requests by reason (missing, malformed, bad_password, unknown_token, expired, join_token, join_token_used, untrusted_cert, name_mismatch, forbidden).',
      labelNames: ['reason'],
      registers: [core.ctx.metrics.registry],
    });
    this.authn = new Authenticator(this.tokens, config.basicUsers, this.failures);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }
}
