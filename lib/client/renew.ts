/**
 * An agent's certificate renewal (kubelet's client-certificate rotation):
 * at 2/3 of the certificate's lifetime (at once when already past it) the
 * agent sends a CSR for a new key to Agents.Renew, authorised by its current
 * certificate (no join token), writes key, certificate and CA bundle
 * atomically (0600), and tells its gRPC clients to reconnect with them. A
 * failed renewal is retried (backoff, capped) while the old one is valid.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeSecretFile } from '../auth/secret-file';
import { errorMessage } from '../errors';
import { logger } from '../log';
import { newKeyAndCsr } from '../tls/ca';
import { makeClient, unary } from './grpc-call';

export interface IdentityFiles {
  key: string;
  cert: string;
  ca: string;
}

/** When the certificate in `certPem` should be renewed: 2/3 into its lifetime (epoch ms). */
export function renewAt(certPem: string | Buffer): number {
  const cert = new X509Certificate(certPem);
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return from + ((to - from) * 2) / 3;
}

const MAX_RETRY_MS = 60_000;

export class CertRenewal {
  private readonly listeners = new Set<() => void>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private failures = 0;
  /** Renewals done since start. */
  renewals = 0;
  private readonly log = logger('cert-renewal');

  constructor(
    private readonly address: string,
    private readonly hostname: string,
    readonly files: IdentityFiles,
  ) {}

  /** Call cb after each renewal (to reconnect with the new certificate); returns the unsubscribe. */
  subscribe(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    const at = renewAt(readFileSync(this.files.cert));
    // setTimeout holds at most ~24.8 days: wake up then and look again.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => void this.tick(at), delay);
    this.timer.unref();
  }

  private async tick(at: number): Promise<void> {
    if (this.stopped) return;
    if (Date.now() < at) return this.schedule();
    try {
      await this.renewNow();
      this.failures = 0;
      this.schedule();
    } catch (err) {
      this.failures += 1;
      const retryMs = Math.min(1000 * 2 ** Math.min(this.failures, 6), MAX_RETRY_MS);
      this.log.warn({ err: errorMessage(err), retryInMs: retryMs }, 'certificate renewal failed; retrying');
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick(at), retryMs);
      this.timer.unref();
    }
  }

  /** Renew now: a new key and certificate for this host, written atomically; listeners reconnect. */
  async renewNow(): Promise<void> {
    const { keyPem, csrPem } = await newKeyAndCsr(this.hostname);
    const client = makeClient('Agents', this.address, {}, { ca: this.files.ca, cert: this.files.cert, key: this.files.key });
    try {
      const res = await unary<{ certPem: string; caPem: string }>(client, 'renew', { csrPem }, 15_000);
      // The CA bundle first (it may carry a new CA), then key and certificate; a reader checks the pair matches.
      writeSecretFile(this.files.ca, res.caPem);
      writeSecretFile(this.files.key, keyPem);
      writeSecretFile(this.files.cert, res.certPem);
    } finally {
      client.close();
    }
    this.renewals += 1;
    this.log.info({ validTo: new X509Certificate(readFileSync(this.files.cert)).validTo }, 'certificate renewed');
    for (const cb of this.listeners) cb();
  }
}
