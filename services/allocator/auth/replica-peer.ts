/**
 * Replica-to-replica calls for a caller another replica already
 * authenticated (a trace check forwarded for a client-certificate caller,
 * who has no header to forward: trace/forward.ts). The forwarding replica
 * presents its own client certificate from the cluster CA (O=marina-replica,
 * CN=<replica id>; issued at start, kept in memory only) and names the
 * caller in FORWARDED_IDENTITY_HEADER. The receiving replica believes that
 * header only from such a certificate and only on POST /v1/trace/checks,
 * then authorises the named caller as if it had called itself; from anyone
 * else the header is ignored. The replica certificate is no role: alone it
 * authenticates nothing (authenticate.ts refuses O=marina-replica).
 */
import { MarinaError } from '../../../lib/errors';
import { ROLES, type Identity, type Role } from '../../../lib/auth/identity';
import { CLIENT_CERT_SECONDS, issueClientCert, newKeyAndCsr, type TlsFiles } from '../../../lib/tls/ca';
import type { Presented } from './authenticate';

export const REPLICA_ORG = 'marina-replica';
export const FORWARDED_IDENTITY_HEADER = 'x-marina-forwarded-identity';
/** The one route a replica forwards to (trace checks, task logs). */
export const PEER_ROUTE = '/v1/trace/checks';

export interface ReplicaCert {
  cert: string;
  key: string;
}

/** A client certificate for this replica from the cluster CA (needs the CA key: not with operator certificates). */
export async function issueReplicaCert(files: TlsFiles, replicaId: string): Promise<ReplicaCert> {
  const { keyPem, csrPem } = await newKeyAndCsr(replicaId);
  return { key: keyPem, cert: await issueClientCert(files, csrPem, replicaId, REPLICA_ORG, CLIENT_CERT_SECONDS) };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The caller is a replica: a trusted, unexpired certificate with O=marina-replica. */
export function isReplicaCert(cert: Presented['cert']): boolean {
  if (!cert || !cert.authorized) return false;
  if (cert.validTo && Date.parse(cert.validTo) <= Date.now()) return false;
  return first(cert.subject.O) === REPLICA_ORG && Boolean(first(cert.subject.CN));
}

/** The header value for an identity (what a holder needs to authorise it: name, role, prefixes). */
export function encodeForwardedIdentity(id: Identity): string {
  return Buffer.from(JSON.stringify({ name: id.name, role: id.role, ...(id.prefixes ? { prefixes: id.prefixes } : {}) })).toString('base64url');
}

const FORWARDABLE: readonly Role[] = ROLES.filter((r) => r !== 'agent');

/** The identity a peer replica forwarded, checked field by field; `replica` is the peer's CN (for logs). */
export function decodeForwardedIdentity(value: string, replica: string): Identity {
  let o: { name?: unknown; role?: unknown; prefixes?: unknown };
  try {
    o = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as typeof o;
  } catch {
    throw new MarinaError('MARINA_ERR_UNAUTHENTICATED', `${FORWARDED_IDENTITY_HEADER}: not base64url JSON`);
  }
  if (typeof o.name !== 'string' || o.name === '' || o.name.length > 256) throw new MarinaError('MARINA_ERR_UNAUTHENTICATED', `${FORWARDED_IDENTITY_HEADER}: name must be a non-empty string`);
  if (typeof o.role !== 'string' || !FORWARDABLE.includes(o.role as Role)) throw new MarinaError('MARINA_ERR_UNAUTHENTICATED', `${FORWARDED_IDENTITY_HEADER}: role must be one of ${FORWARDABLE.join(', ')}`);
  if (o.prefixes !== undefined && !(Array.isArray(o.prefixes) && o.prefixes.every((p) => typeof p === 'string'))) throw new MarinaError('MARINA_ERR_UNAUTHENTICATED', `${FORWARDED_IDENTITY_HEADER}: prefixes must be strings`);
  return { name: `${o.name} (via replica ${replica})`, role: o.role as Role, via: 'cert', ...(o.prefixes ? { prefixes: o.prefixes as string[] } : {}) };
}

/** The peer's CN (its replica id). */
export function replicaName(cert: Presented['cert']): string {
  return first(cert?.subject.CN) ?? 'unknown';
}
