/**
 * The request passes of the HTTP edge, in order (see README):
 *   1. refuseSmuggling   — conflicting Content-Length / Transfer-Encoding → 400
 *   2. upstreamHeaders   — hop-by-hop headers stripped, X-Forwarded-* added
 *   3. redirectToHttps   — HAPROXY_{n}_REDIRECT_TO_HTTPS on plain HTTP → 301
 *   4. stickyKey         — the backend a HAPROXY_{n}_STICKY cookie names
 *   5. isRetryable       — idempotent requests without a body may retry on connect failure
 * Each takes the request head, from node:http (IncomingMessage) or from the
 * fast path (http1.ts RequestHead), so both paths run the same passes.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** What the passes read of a request: IncomingMessage and RequestHead both have it. */
export interface HeadView {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
}

/**
 * RFC 9112 §6.1/§6.3: a message with both Transfer-Encoding and Content-Length,
 * several differing Content-Length values, or a Transfer-Encoding whose final
 * coding is not chunked, is a request-smuggling vector (CVE-2019-15605,
 * CVE-2022-32213 class): refuse it instead of forwarding.
 */
export function refuseSmuggling(req: HeadView): string | undefined {
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

/** The headers named in Connection, lower-case. */
function connectionNamed(headers: IncomingHttpHeaders): string[] {
  return headers.connection === undefined ? [] : String(headers.connection).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

export function stripHopByHop(headers: IncomingHttpHeaders, keepUpgrade = false): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...headers };
  for (const h of [...HOP_BY_HOP, ...connectionNamed(headers)]) {
    if (keepUpgrade && (h === 'upgrade' || h === 'connection')) continue;
    delete out[h];
  }
  return out;
}

/** X-Forwarded-For (appended), -Proto and -Host (de-facto, RFC 7239 in spirit). */
export function forwardedHeaders(headers: OutgoingHttpHeaders, req: IncomingMessage, encrypted: boolean): OutgoingHttpHeaders {
  return Object.assign(headers, forwardedValues(headers['x-forwarded-for'], req.headers.host, req.socket.remoteAddress ?? '', encrypted));
}

function forwardedValues(prior: unknown, host: string | undefined, client: string, encrypted: boolean): Record<string, string> {
  const out: Record<string, string> = { 'x-forwarded-for': prior ? `${String(prior)}, ${client}` : client, 'x-forwarded-proto': encrypted ? 'https' : 'http' };
  if (host) out['x-forwarded-host'] = host;
  return out;
}

export function upstreamHeaders(req: IncomingMessage, encrypted: boolean, keepUpgrade = false): OutgoingHttpHeaders {
  return forwardedHeaders(stripHopByHop(req.headers, keepUpgrade), req, encrypted);
}

/**
 * The fast path's request head for the backend, as text: the same headers as
 * upstreamHeaders (hop-by-hop and Connection-named ones dropped, X-Forwarded-*
 * set), kept in the client's order and spelling.
 */
export function upstreamHeadText(req: HeadView, client: string, encrypted: boolean): string {
  const forwarded = forwardedValues(req.headers['x-forwarded-for'], req.headers.host, client, encrypted);
  const named = connectionNamed(req.headers);
  let text = `${req.method} ${req.url} HTTP/1.1\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP_BY_HOP.includes(lower) || forwarded[lower] !== undefined || (named.length > 0 && named.includes(lower))) continue;
    text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  for (const k in forwarded) text += `${k}: ${forwarded[k]}\r\n`;
  return text + '\r\n';
}

export function redirectToHttps(req: HeadView, wanted: boolean, encrypted: boolean): string | undefined {
  if (!wanted || encrypted) return undefined;
  return `https://${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url ?? '/'}`;
}

export const STICKY_COOKIE = 'MARINA_BACKEND';

const STICKY_RE = new RegExp(`(?:^|;\\s*)${STICKY_COOKIE}=([^;]+)`);

export function stickyKey(req: HeadView): string | undefined {
  const m = STICKY_RE.exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : undefined;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** RFC 9110 §9.2.2: idempotent methods may be retried; only without a body, which is already consumed. */
export function isRetryable(req: HeadView): boolean {
  const len = req.headers['content-length'];
  return IDEMPOTENT.has(req.method ?? '') && !req.headers['transfer-encoding'] && (len === undefined || len === '0');
}
