/** Request helpers: JSON bodies, ids, flags. */
import type { FastifyInstance } from 'fastify';
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

/**
 * Marathon clients send `Content-Type: application/json` with an empty body
 * on DELETE and on POSTs without one (restart, leader): accept it as no body.
 * Non-empty bodies go through fastify's own parser (prototype-poisoning safe).
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    return parse(req, text, done);
  });
}
