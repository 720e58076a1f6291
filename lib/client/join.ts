/**
 * An agent's identity (k3s agent join): with --join-token, generate a key,
 * send a CSR to Agents.Join over TLS (trusting --ca), keep the certificate
 * the cluster CA signs for this hostname in <data-dir>/identity (0600 in a
 * 0700 dir), and from then on speak mTLS with it. A certificate already
 * there for this hostname, matching its key and still valid is reused, so a
 * restart needs no token; the agent renews it at 2/3 of its lifetime
 * (renew.ts, Agents.Renew), so only an agent down past its expiry needs a
 * token again. Without a join token: --token / --ca, else MARINA_TOKEN /
 * MARINA_CA / the client config.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeSecretFile } from '../auth/secret-file';
import { join } from 'node:path';
import type { OptionSpec, ConfigValues } from '../config';
import { MarinaError } from '../errors';
import { newKeyAndCsr } from '../tls/ca';
import { makeClient, unary, type GrpcCredentials } from './grpc-call';
import { CertRenewal } from './renew';

export const AGENT_IDENTITY_OPTIONS: OptionSpec[] = [
  { name: 'join-token', type: 'string', description: 'join the cluster with this token (marina tokens create --role agent): get a certificate for --hostname, then speak mTLS' },
  { name: 'ca', type: 'string', description: 'cluster CA PEM to trust (the allocator\'s <data-dir>/tls/ca-bundle.crt)' },
  { name: 'token', type: 'string', description: 'API token instead of a certificate (an agent token bound with --node)' },
];

/** The certificate names this host, matches the key next to it and is valid for a few more seconds. */
function usable(files: { key: string; cert: string }, hostname: string): boolean {
  if (!existsSync(files.cert) || !existsSync(files.key)) return false;
  try {
    const cert = new X509Certificate(readFileSync(files.cert));
    return cert.subject.split('\n').includes(`CN=${hostname}`) && cert.checkPrivateKey(createPrivateKey(readFileSync(files.key))) && Date.parse(cert.validTo) > Date.now() + 5_000;
  } catch {
    return false; // unreadable or half-written: join again
  }
}

export interface JoinOptions {
  address: string;
  hostname: string;
  /** Where key, certificate and CA are kept. */
  dir: string;
  joinToken?: string;
  ca?: string;
}

/** Join (or reuse the identity from an earlier join); returns mTLS credentials with their renewal (not started). */
export async function agentCredentials(o: JoinOptions): Promise<GrpcCredentials & { renewal: CertRenewal }> {
  const files = { key: join(o.dir, 'agent.key'), cert: join(o.dir, 'agent.crt'), ca: join(o.dir, 'ca.crt') };
  const withRenewal = () => ({ ...files, renewal: new CertRenewal(o.address, o.hostname, files) });
  if (usable(files, o.hostname) && existsSync(files.ca)) return withRenewal();
  if (!o.joinToken) throw new MarinaError('MARINA_ERR_CONFIG', `no certificate for ${o.hostname} in ${o.dir}: start the agent with --join-token (marina tokens create --role agent)`);
  if (!o.ca) throw new MarinaError('MARINA_ERR_CONFIG', '--join-token needs --ca: the cluster CA to trust (the allocator\'s <data-dir>/tls/ca-bundle.crt)');
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  chmodSync(o.dir, 0o700);
  const { keyPem, csrPem } = await newKeyAndCsr(o.hostname);
  const client = makeClient('Agents', o.address, {}, { token: o.joinToken, ca: o.ca });
  try {
    const res = await unary<{ certPem: string; caPem: string }>(client, 'join', { hostname: o.hostname, csrPem }, 15_000);
    writeSecretFile(files.key, keyPem);
    writeSecretFile(files.cert, res.certPem);
    writeSecretFile(files.ca, res.caPem);
  } finally {
    client.close();
  }
  return withRenewal();
}

/** Credentials from --token / --ca, or undefined (then MARINA_TOKEN / MARINA_CA / the client config). */
export function tokenCredentials(v: ConfigValues): GrpcCredentials | undefined {
  if (!v.token && !v.ca) return undefined;
  return { ...(v.token ? { token: String(v.token) } : {}), ...(v.ca ? { ca: String(v.ca) } : {}) };
}
