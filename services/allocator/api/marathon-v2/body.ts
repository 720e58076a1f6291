/** Request helpers: JSON bodies, ids, flags. */
import { MarinaError } from '../../../../lib/errors';

/** The id path from a wildcard route param (`group/web` → `/group/web`). */
export function appIdParam(raw: string | undefined): string {
  const id = '/' + (raw ?? '').replace(/^\/+|\/+$/g, '');
  if (id === '/') throw new MarinaError('MARINA_ERR_INVALID', 'app id is empty', { details: [{ path: '/id', errors: ['must not be empty'] }] });
  return id;
}

export function flag(v: unknown): boolean {
  return v === 'true' || v === '1' || v === true || v === '';
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new MarinaError('MARINA_ERR_INVALID', 'expected a JSON object', { details: [{ path: '/', errors: ['expected a JSON object'] }] });
  }
  return body as Record<string, unknown>;
}

