/**
 * HTTP client for the allocator's API (the CLI uses it), over http or https
 * (trusting the cluster CA), sending `Authorization: Bearer <token>`. Error
 * bodies (`{message, code, details}`) come back as MarinaErrors; TLS and
 * auth failures say what to do about them.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { ERRORS, MarinaError, type ErrorCode, type FieldError } from '../errors';

export interface HttpClientOptions {
  token?: string;
  /** Path of a CA PEM to trust for https. */
  ca?: string;
  /** Client certificate and key PEM paths (mTLS). */
  cert?: string;
  key?: string;
  /** Keep connections open between requests (long-lived callers); a CLI run does not, so it exits at once. */
  keepAlive?: boolean;
}

const TLS_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO|altnames|certificate/i;

/** Explain a connection failure: TLS problems name the CA to pass. */
export function connectError(base: string, err: Error, ca: string | undefined): MarinaError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (TLS_ERRORS.test(code) || TLS_ERRORS.test(err.message)) {
    const hint = ca ? `the CA ${ca} did not verify it (run marina ca rotate? or fix "ca" in the client config)` : 'pass --ca <cluster CA PEM> or set "ca" in ~/.marina/client.json';
    return new MarinaError('MARINA_ERR_UNAUTHENTICATED', `TLS to ${base} failed (${code || err.message}): ${hint}`, { cause: err });
  }
  return new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `cannot reach the allocator at ${base}: ${err.message}`, { cause: err });
}

export class AllocatorHttpClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    readonly base: string = process.env.MARINA_API ?? 'http://127.0.0.1:8080',
    private readonly opts: HttpClientOptions = {},
  ) {
    this.url = new URL(base);
    const read = (p?: string) => (p ? readFileSync(p) : undefined);
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: opts.keepAlive ?? false, ca: read(opts.ca), cert: read(opts.cert), key: read(opts.key) })
        : new http.Agent({ keepAlive: opts.keepAlive ?? false });
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await this.send(method, path, headers, payload);
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* plain text (e.g. /ping) */
    }
    if (status >= 400) {
      const b = (parsed ?? {}) as { message?: string; code?: string; details?: FieldError[] };
      const code = (b.code && b.code in ERRORS ? b.code : status === 404 ? 'MARINA_ERR_NOT_FOUND' : 'MARINA_ERR_INTERNAL') as ErrorCode;
      let message = b.message ?? `HTTP ${status}`;
      if (status === 401) message += this.opts.token ? ' (the token was refused: check --token, MARINA_TOKEN or ~/.marina/client.json)' : ' (no token: run marina up, which writes ~/.marina/client.json, or pass --token / MARINA_TOKEN)';
      throw new MarinaError(code, message, { details: b.details });
    }
    return parsed as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Close idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** One raw exchange (tests, tools): status, body text and response headers; no error mapping. */
  exchange(method: string, path: string, headers: Record<string, string> = {}, payload?: string): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    return this.send(method, path, this.opts.token ? { authorization: `Bearer ${this.opts.token}`, ...headers } : headers, payload);
  }

  /**
   * A streaming GET (the event stream): resolves with the response once its head has arrived; the
   * caller reads the body. No timeout: the stream is meant to stay open until `signal` aborts it.
   */
  openStream(path: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const mod = this.url.protocol === 'https:' ? https : http;
    const target = new URL(this.url.pathname.replace(/\/+$/, '') + path, this.url);
    const all = this.opts.token ? { authorization: `Bearer ${this.opts.token}`, ...headers } : headers;
    return new Promise((resolve, reject) => {
      const req = mod.request(target, { method: 'GET', headers: all, agent: this.agent, signal }, resolve);
      req.on('error', (err) => reject(signal?.aborted ? err : connectError(this.base, err, this.opts.ca)));
      req.end();
    });
  }

  private send(method: string, path: string, headers: Record<string, string>, payload?: string): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    const mod = this.url.protocol === 'https:' ? https : http;
    const target = new URL(this.url.pathname.replace(/\/+$/, '') + path, this.url);
    return new Promise((resolve, reject) => {
      const req = mod.request(target, { method, headers, agent: this.agent, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', (err) => reject(connectError(this.base, err, this.opts.ca)));
      });
      req.on('timeout', () => req.destroy(new Error('timed out after 60 s')));
      req.on('error', (err) => reject(connectError(this.base, err, this.opts.ca)));
      req.end(payload);
    });
  }
}
