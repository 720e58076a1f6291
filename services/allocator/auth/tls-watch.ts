/**
 * Serve new TLS files without a restart: after `marina ca rotate` (or an
 * operator replacing --tls-cert/--tls-key/--client-ca) the running
 * allocator re-reads them and hands them to the HTTPS server
 * (setSecureContext) and the gRPC server (its certificate provider, which
 * grpc-js applies the same way). fs.watch on the files' directories, with a
 * debounce (a rotation writes several files), plus a periodic look in case
 * an event was missed. A half-written state (a key that does not match the
 * certificate) is skipped: the next write brings the rest. New connections
 * get the new files; kept ones keep the context they were made with.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../../../lib/errors';
import { logger } from '../../../lib/log';
import type { ServingTls } from './tls';

const DEBOUNCE_MS = 300;
const POLL_MS = 30_000;

export class TlsWatcher {
  private readonly listeners = new Set<(tls: ServingTls) => void>();
  private readonly watchers: FSWatcher[] = [];
  private debounce?: NodeJS.Timeout;
  private poll?: NodeJS.Timeout;
  private readonly log = logger('tls-watch');
  /** Reloads applied since start. */
  reloads = 0;

  /** refresh: run before each periodic look (the cluster CA's end of overlap, lib/tls/ca.ts). */
  constructor(
    readonly tls: ServingTls,
    private readonly refresh?: () => void,
  ) {}

  /** cb gets the serving TLS after each reload (also the current one, at once). */
  subscribe(cb: (tls: ServingTls) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  start(): void {
    const dirs = new Set([this.tls.files.key, this.tls.files.cert, this.tls.files.ca].map((f) => dirname(f)));
    for (const dir of dirs) {
      try {
        const w = watch(dir, { persistent: false }, () => this.soon());
        w.on('error', (err) => this.log.warn({ err: errorMessage(err), dir }, 'watching TLS files failed; checking every 30 s'));
        this.watchers.push(w);
      } catch (err) {
        this.log.warn({ err: errorMessage(err), dir }, 'cannot watch TLS files; checking every 30 s');
      }
    }
    this.poll = setInterval(() => {
      try {
        this.refresh?.();
      } catch (err) {
        this.log.warn({ err: errorMessage(err) }, 'refreshing the TLS files failed');
      }
      this.reload();
    }, POLL_MS);
    this.poll.unref();
  }

  stop(): void {
    for (const w of this.watchers.splice(0)) w.close();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poll) clearInterval(this.poll);
  }

  private soon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.reload(), DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** Re-read the files; apply them when they changed and the key matches the certificate. */
  reload(): boolean {
    let key: Buffer, cert: Buffer, ca: Buffer;
    try {
      key = readFileSync(this.tls.files.key);
      cert = readFileSync(this.tls.files.cert);
      ca = readFileSync(this.tls.files.ca);
      if (key.equals(this.tls.key) && cert.equals(this.tls.cert) && ca.equals(this.tls.ca)) return false;
      if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) return false; // mid-rotation: wait for the rest
    } catch {
      return false; // a file missing or half-written mid-rotation
    }
    Object.assign(this.tls, { key, cert, ca });
    this.reloads += 1;
    this.log.info({ cert: this.tls.files.cert, validTo: new X509Certificate(cert).validTo }, 'serving TLS reloaded');
    for (const cb of this.listeners) {
      try {
        cb(this.tls);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'applying reloaded TLS failed');
      }
    }
    return true;
  }
}
