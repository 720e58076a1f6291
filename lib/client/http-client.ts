/**
 * HTTP client for the allocator's API (the CLI uses it). Error bodies
 * (`{message, code, details}`) come back as MarinaErrors.
 */
import { ERRORS, MarinaError, type ErrorCode, type FieldError } from '../errors';

export class AllocatorHttpClient {
  constructor(readonly base: string = process.env.MARINA_API ?? 'http://127.0.0.1:8080') {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base.replace(/\/+$/, '') + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `cannot reach the allocator at ${this.base}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      /* plain text (e.g. /ping) */
    }
    if (!res.ok) {
      const b = (parsed ?? {}) as { message?: string; code?: string; details?: FieldError[] };
      const code = (b.code && b.code in ERRORS ? b.code : res.status === 404 ? 'MARINA_ERR_NOT_FOUND' : 'MARINA_ERR_INTERNAL') as ErrorCode;
      throw new MarinaError(code, b.message ?? `HTTP ${res.status}`, { details: b.details });
    }
    return parsed as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
}
