/**
 * Request bodies the HTTP API accepts: JSON only, as Marathon's resources
 * (`@Consumes(application/json)`, 415 otherwise). `text/plain`,
 * form-encoded and multipart bodies are what a browser page may send to
 * another origin without a CORS preflight, so accepting them would let any
 * web page a user visits create or change apps on a reachable allocator.
 * Keys that could rewrite object prototypes (`__proto__`, and `prototype`
 * under `constructor`) are refused naming the key and where it is.
 */
import type { FastifyInstance } from 'fastify';
import { MarinaError } from '../../../lib/errors';

const FORBIDDEN = '__proto__';

/** JSON path (Marathon notation) of the first prototype-rewriting key, if any. */
export function forbiddenKeyPath(root: unknown): { path: string; key: string } | undefined {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}(${i})`]));
      continue;
    }
    for (const k of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[k];
      if (k === FORBIDDEN) return { path: `${path}/${k}`, key: k };
      if (k === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) {
        return { path: `${path}/${k}/prototype`, key: 'constructor.prototype' };
      }
      stack.push([child, `${path}/${k}`]);
    }
  }
  return undefined;
}

function parseJsonBody(text: string): unknown {
  // Marathon clients send `Content-Type: application/json` with an empty body on DELETE and
  // scale-less POSTs: no body, not an error (a route that needs one answers 422 naming it).
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `Invalid JSON: ${(err as Error).message}`);
  }
  const bad = forbiddenKeyPath(value);
  if (bad) {
    const why = `the key "${bad.key}" is refused: it could rewrite object prototypes (prototype pollution); rename or remove it`;
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `JSON body refused at ${bad.path}: ${why}`, { details: [{ path: bad.path, errors: [why] }] });
  }
  return value;
}

/** JSON bodies only: everything else is a 415 (see the error handler). */
export function jsonBodiesOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** The 415 for a body of another type, in Marathon's words. */
export function unsupportedMediaType(contentType: string | undefined): MarinaError {
  return new MarinaError('MARINA_ERR_UNSUPPORTED_MEDIA_TYPE', `Unsupported Media Type: ${contentType ? `Content-Type ${contentType}` : 'no Content-Type'}; send the body as application/json`);
}
