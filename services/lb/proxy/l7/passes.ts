/**
 * The request passes of the HTTP edge, in order (see README):
 *   1. refuseSmuggling   — conflicting Content-Length / Transfer-Encoding → 400
 *   2. upstreamHeaders   — hop-by-hop headers stripped, X-Forwarded-* added
 *   3. redirectToHttps   — HAPROXY_{n}_REDIRECT_TO_HTTPS on plain HTTP → 301
 *   4. stickyKey         — the backend a HAPROXY_{n}_STICKY cookie names
 *   5. isRetryable       — idempotent requests without a body may retry on connect failure
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/**
 * RFC 9112 §6.1/§6.3: a message with both Transfer-Encoding and Content-Length,
 * several differing Content-Length values, or a Transfer-Encoding whose final
 * coding is not chunked, is a request-smuggling vector (CVE-2019-15605,
 * CVE-2022-32213 class): refuse it instead of forwarding.
 */
export function refuseSmuggling(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  const cl: string[] = [];
  const te: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i].toLowerCase();
    if (k === 'content-length') cl.push(...raw[i + 1].split(',').map((s) => s.trim()));
    if (k === 'transfer-encoding') te.push(...raw[i + 1].split(',').map((s) => s.trim().toLowerCase()));
  }
  if (cl.length > 0 && te.length > 0) return 'both Content-Length and Transfer-Encoding';
  if (new Set(cl).size > 1) return 'conflicting Content-Length values';
  if (cl.some((v) => !/^\d+$/.test(v))) return 'invalid Content-Length';
  if (te.length > 0 && te[te.length - 1] !== 'chunked') return 'Transfer-Encoding not ending in chunked';
  return undefined;
}

/** RFC 9110 §7.6.1: connection-specific headers are not forwarded. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authorization', 'proxy-authenticate'];

export function stripHopByHop(headers: IncomingHttpHeaders, keepUpgrade = false): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...headers };
  const named = String(headers.connection ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const h of [...HOP_BY_HOP, ...named]) {
    if (keepUpgrade && (h === 'upgrade' || h === 'connection')) continue;
    delete out[h];
  }
  return out;
}

/** X-Forwarded-For (appended), -Proto and -Host (de-facto, RFC 7239 in spirit). */
export function forwardedHeaders(headers: OutgoingHttpHeaders, req: IncomingMessage, encrypted: boolean): OutgoingHttpHeaders {
  const client = req.socket.remoteAddress ?? '';
  const prior = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
  headers['x-forwarded-proto'] = encrypted ? 'https' : 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

export function upstreamHeaders(req: IncomingMessage, encrypted: boolean, keepUpgrade = false): OutgoingHttpHeaders {
  return forwardedHeaders(stripHopByHop(req.headers, keepUpgrade), req, encrypted);
}

export function redirectToHttps(req: IncomingMessage, wanted: boolean, encrypted: boolean): string | undefined {
  if (!wanted || encrypted) return undefined;
  return `https://${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url ?? '/'}`;
}

export const STICKY_COOKIE = 'MARINA_BACKEND';

export function stickyKey(req: IncomingMessage): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : undefined;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** RFC 9110 §9.2.2: idempotent methods may be retried; only without a body, which is already consumed. */
export function isRetryable(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return IDEMPOTENT.has(req.method ?? '') && !req.headers['transfer-encoding'] && (len === undefined || len === '0');
}
