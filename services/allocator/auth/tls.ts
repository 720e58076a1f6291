/**
 * When and how the allocator serves TLS. TLS is required as soon as the
 * HTTP or gRPC API listens on a non-loopback address; on loopback plain
 * HTTP stays the default (`--tls on` forces it). Certificates come from the
 * operator (--tls-cert, --tls-key, --client-ca) or from the cluster CA in
 * <data-dir>/tls (lib/tls/ca.ts), naming every address the API listens on.
 * Client certificates are asked for but not required: tokens work over TLS.
 */
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { MarinaError } from '../../../lib/errors';
import { ensureClusterTls, type TlsFiles } from '../../../lib/tls/ca';

export interface TlsOptions {
  mode: 'auto' | 'on' | 'off';
  cert?: string;
  key?: string;
  clientCa?: string;
}

export interface ServingTls {
  key: Buffer;
  cert: Buffer;
  /** CAs whose client certificates are accepted (and what clients should trust). */
  ca: Buffer;
  caFile: string;
  /** The cluster CA files (undefined with operator-provided certificates: no join then). */
  cluster?: TlsFiles;
}

const isLoopback = (host: string) => host === 'localhost' || /^127\./.test(host) || host === '::1';

function hostOf(listen: string): string {
  return listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '') || '0.0.0.0';
}

/** Every address a listen spec can be reached at (a wildcard: every local address). */
function namesFor(listens: string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', hostname()];
  for (const l of listens) {
    const h = hostOf(l);
    if (h === '0.0.0.0' || h === '::') {
      for (const addrs of Object.values(networkInterfaces())) for (const a of addrs ?? []) names.push(a.address.replace(/%.*$/, ''));
    } else names.push(h);
  }
  return names;
}

/** Undefined when the API serves plain text (loopback, default). */
export async function servingTls(opts: TlsOptions, dataDir: string, listens: string[]): Promise<ServingTls | undefined> {
  const exposed = listens.filter((l) => !isLoopback(hostOf(l)));
  if (opts.mode === 'off') {
    if (exposed.length > 0) throw new MarinaError('MARINA_ERR_CONFIG', `--tls off: TLS is required when the API listens on a non-loopback address (${exposed.join(', ')})`);
    return undefined;
  }
  if (opts.mode === 'auto' && exposed.length === 0 && !opts.cert) return undefined;
  if (opts.cert || opts.key) {
    if (!opts.cert || !opts.key || !opts.clientCa) throw new MarinaError('MARINA_ERR_CONFIG', '--tls-cert, --tls-key and --client-ca go together');
    const read = (f: string, flag: string) => {
      try {
        return readFileSync(f);
      } catch (err) {
        throw new MarinaError('MARINA_ERR_CONFIG', `${flag}: cannot read ${f}: ${(err as Error).message}`);
      }
    };
    return { key: read(opts.key, '--tls-key'), cert: read(opts.cert, '--tls-cert'), ca: read(opts.clientCa, '--client-ca'), caFile: opts.clientCa };
  }
  const files = await ensureClusterTls(dataDir, namesFor(listens));
  return { key: readFileSync(files.serverKey), cert: readFileSync(files.serverCert), ca: readFileSync(files.caBundle), caFile: files.caBundle, cluster: files };
}

/**
 * A certificate provider of fixed buffers: the way to have grpc-js ask for a
 * client certificate without requiring one (createSsl does both or neither).
 * Updates go out on the next tick: grpc-js registers its watcher only after
 * adding the listeners, so a synchronous update would be lost.
 */
class FixedCertificates implements grpc.experimental.CertificateProvider {
  constructor(private readonly tls: ServingTls) {}
  addCaCertificateListener(l: grpc.experimental.CaCertificateUpdateListener): void {
    setImmediate(() => l({ caCertificate: this.tls.ca }));
  }
  removeCaCertificateListener(): void {}
  addIdentityCertificateListener(l: grpc.experimental.IdentityCertificateUpdateListener): void {
    setImmediate(() => l({ certificate: this.tls.cert, privateKey: this.tls.key }));
  }
  removeIdentityCertificateListener(): void {}
}

/** gRPC server credentials: TLS asking for (not requiring) a client certificate. */
export function grpcServerCredentials(tls: ServingTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const p = new FixedCertificates(tls);
  return grpc.experimental.createCertificateProviderServerCredentials(p, p, false);
}
