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
import type { TlsWatcher } from './tls-watch';

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
  /** Where key, cert and ca are read from (tls-watch.ts re-reads them when they change). */
  files: { key: string; cert: string; ca: string };
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
    return { key: read(opts.key, '--tls-key'), cert: read(opts.cert, '--tls-cert'), ca: read(opts.clientCa, '--client-ca'), caFile: opts.clientCa, files: { key: opts.key, cert: opts.cert, ca: opts.clientCa } };
  }
  const files = await ensureClusterTls(dataDir, namesFor(listens));
  return {
    key: readFileSync(files.serverKey),
    cert: readFileSync(files.serverCert),
    ca: readFileSync(files.caBundle),
    caFile: files.caBundle,
    files: { key: files.serverKey, cert: files.serverCert, ca: files.caBundle },
    cluster: files,
  };
}

/**
 * A certificate provider over the serving TLS: the way to have grpc-js ask for a client
 * certificate without requiring one (createSsl does both or neither), and to hand it new files
 * after a rotation (tls-watch.ts). Updates go out on the next tick: grpc-js registers its
 * watcher only after adding the listeners, so a synchronous update would be lost.
 */
class ServingCertificates implements grpc.experimental.CertificateProvider {
  private readonly ca = new Set<grpc.experimental.CaCertificateUpdateListener>();
  private readonly id = new Set<grpc.experimental.IdentityCertificateUpdateListener>();

  constructor(private readonly tls: ServingTls, watcher?: TlsWatcher) {
    watcher?.subscribe(() => this.push());
  }
  private push(): void {
    for (const l of this.id) l({ certificate: this.tls.cert, privateKey: this.tls.key });
    for (const l of this.ca) l({ caCertificate: this.tls.ca });
  }
  addCaCertificateListener(l: grpc.experimental.CaCertificateUpdateListener): void {
    this.ca.add(l);
    setImmediate(() => l({ caCertificate: this.tls.ca }));
  }
  removeCaCertificateListener(l: grpc.experimental.CaCertificateUpdateListener): void {
    this.ca.delete(l);
  }
  addIdentityCertificateListener(l: grpc.experimental.IdentityCertificateUpdateListener): void {
    this.id.add(l);
    setImmediate(() => l({ certificate: this.tls.cert, privateKey: this.tls.key }));
  }
  removeIdentityCertificateListener(l: grpc.experimental.IdentityCertificateUpdateListener): void {
    this.id.delete(l);
  }
}

/** gRPC server credentials: TLS asking for (not requiring) a client certificate; follows `watcher`'s reloads. */
export function grpcServerCredentials(tls: ServingTls | undefined, watcher?: TlsWatcher): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const p = new ServingCertificates(tls, watcher);
  return grpc.experimental.createCertificateProviderServerCredentials(p, p, false);
}
