/**
 * Strict HTTP/1.1 message heads for the edge's fast path (RFC 9112). The fast
 * path takes only what it can parse without doubt: a request head it does not
 * fully accept is not an error here but a `fallback` — the connection then goes
 * to node:http (llhttp), which serves everything else (bodies, upgrades,
 * HTTP/1.0, odd framing) and answers malformed input with 400.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** node:http's default --max-http-header-size; a longer head is left to node:http (431). */
export const MAX_HEAD = 16 * 1024;

export interface RequestHead {
  method: string;
  url: string;
  /** [name, value, name, value, …] as received (IncomingMessage.rawHeaders). */
  rawHeaders: string[];
  /** Lower-case names, duplicates joined as node:http does for the ones the passes read. */
  headers: IncomingHttpHeaders;
  /** Client sent `Connection: close`: answer, then close. */
  close: boolean;
}

export type ParsedRequest = { kind: 'incomplete' } | { kind: 'fallback' } | { kind: 'request'; head: RequestHead; length: number };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values: visible ASCII, obs-text, SP and HTAB (RFC 9110 §5.5); no CR, LF or NUL.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const TARGET = /^\/[\x21-\x7e]*$/;
const INCOMPLETE = { kind: 'incomplete' } as const;
const FALLBACK = { kind: 'fallback' } as const;
/** Headers whose presence means a body, an upgrade or an expectation: node:http's job. */
const NOT_FAST = new Set(['transfer-encoding', 'upgrade', 'expect']);
/** Headers node:http keeps the first of (others are joined with ", "; cookie with "; "). */
const FIRST_WINS = new Set(['host', 'content-length', 'content-type', 'user-agent', 'referer', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

/**
 * One request head at `text[start…]` (latin1: one char per byte). A request
 * with a body, an upgrade, HTTP/1.0, an absolute-form target, obs-fold, bare
 * LF or any byte outside the grammar is `fallback`.
 */
export function parseRequestHead(text: string, start = 0): ParsedRequest {
  const end = text.indexOf('\r\n\r\n', start);
  if (end < 0) return text.length - start > MAX_HEAD ? FALLBACK : INCOMPLETE;
  if (end - start > MAX_HEAD) return FALLBACK;
  let eol = text.indexOf('\r\n', start);
  const line = text.slice(start, eol);
  const sp1 = line.indexOf(' ');
  const sp2 = line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || line.slice(sp2 + 1) !== 'HTTP/1.1') return FALLBACK;
  const method = line.slice(0, sp1);
  const url = line.slice(sp1 + 1, sp2);
  if (!TOKEN.test(method) || !TARGET.test(url)) return FALLBACK;
  const rawHeaders: string[] = [];
  const headers: IncomingHttpHeaders = {};
  let close = false;
  while (eol < end) {
    const from = eol + 2;
    eol = text.indexOf('\r\n', from);
    const colon = text.indexOf(':', from);
    if (colon <= from || colon > eol) return FALLBACK;
    const name = text.slice(from, colon);
    const value = text.slice(colon + 1, eol).trim();
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return FALLBACK;
    const lower = name.toLowerCase();
    if (NOT_FAST.has(lower)) return FALLBACK;
    if (lower === 'content-length' && value !== '0') return FALLBACK;
    if (lower === 'host' && headers.host !== undefined) return FALLBACK;
    if (lower === 'connection' && /(?:^|,)\s*close\s*(?:,|$)/i.test(value)) close = true;
    rawHeaders.push(name, value);
    const prior = headers[lower];
    if (prior === undefined) headers[lower] = value;
    else if (!FIRST_WINS.has(lower)) headers[lower] = `${String(prior)}${lower === 'cookie' ? '; ' : ', '}${value}`;
  }
  return { kind: 'request', head: { method, url, rawHeaders, headers, close }, length: end + 4 - start };
}

/** How the response body ends (RFC 9112 §6.3). */
export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export interface ResponseHead {
  status: number;
  reason: string;
  rawHeaders: string[];
  framing: Framing;
  /** The backend will close this connection after the response. */
  close: boolean;
}

export type ParsedResponse = { kind: 'incomplete' } | { kind: 'invalid'; why: string } | { kind: 'response'; head: ResponseHead; length: number };

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: ([\t\x20-\x7e\x80-\xff]*))?$/;

/** A backend's response head; `requestMethod` decides whether a body follows (HEAD: none). */
export function parseResponseHead(text: string, requestMethod: string): ParsedResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return text.length > MAX_HEAD ? { kind: 'invalid', why: 'response head too long' } : INCOMPLETE;
  const lines = text.slice(0, end).split('\r\n');
  const m = STATUS_LINE.exec(lines[0]);
  if (!m) return { kind: 'invalid', why: 'bad status line' };
  const status = Number(m[2]);
  const rawHeaders: string[] = [];
  let length: number | undefined;
  let te: string | undefined;
  let close = m[1] === '0';
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const colon = l.indexOf(':');
    if (colon <= 0) return { kind: 'invalid', why: 'bad header line' };
    const name = l.slice(0, colon);
    const value = l.slice(colon + 1).trim();
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return { kind: 'invalid', why: 'bad header line' };
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      for (const v of value.split(',')) {
        const n = v.trim();
        if (!/^\d{1,15}$/.test(n) || (length !== undefined && length !== Number(n))) return { kind: 'invalid', why: 'bad Content-Length' };
        length = Number(n);
      }
    } else if (lower === 'transfer-encoding') te = te === undefined ? value : `${te}, ${value}`;
    else if (lower === 'connection') {
      if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) close = true;
      if (/(?:^|,)\s*keep-alive\s*(?:,|$)/i.test(value) && m[1] === '0') close = false;
    }
    rawHeaders.push(name, value);
  }
  if (te !== undefined && length !== undefined) return { kind: 'invalid', why: 'both Content-Length and Transfer-Encoding' };
  let framing: Framing;
  if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) framing = { kind: 'none' };
  else if (te !== undefined) framing = /(?:^|,)\s*chunked\s*$/i.test(te) ? { kind: 'chunked' } : { kind: 'close' };
  else if (length !== undefined) framing = length === 0 ? { kind: 'none' } : { kind: 'length', length };
  else framing = { kind: 'close' };
  if (framing.kind === 'close') close = true;
  return { kind: 'response', head: { status, reason: m[3] ?? '', rawHeaders, framing, close }, length: end + 4 };
}

/**
 * Finds where a chunked body ends without decoding it (the bytes are relayed
 * as they are). Feed it the body bytes in order; `scan` returns how many bytes
 * of `buf` belong to the body (all of them until the end is seen), -1 on bad
 * framing; `done` turns true after the last CRLF of the trailer section.
 */
export class ChunkedScanner {
  done = false;
  private state: 'size' | 'ext' | 'size-lf' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'trailer-lf' = 'size';
  private size = 0;
  private digits = 0;
  private remaining = 0;
  private lineLength = 0;

  scan(buf: Buffer): number {
    let i = 0;
    while (i < buf.length && !this.done) {
      const c = buf[i];
      switch (this.state) {
        case 'size': {
          const d = hexValue(c);
          if (d >= 0) {
            if (++this.digits > 12) return -1;
            this.size = this.size * 16 + d;
          } else if (this.digits === 0) return -1;
          else if (c === 0x0d) this.state = 'size-lf';
          else if (c === 0x3b || c === 0x20 || c === 0x09) this.state = 'ext';
          else return -1;
          i++;
          break;
        }
        case 'ext':
          if (c === 0x0d) this.state = 'size-lf';
          else if (c === 0x0a || ++this.lineLength > 4096) return -1;
          i++;
          break;
        case 'size-lf':
          if (c !== 0x0a) return -1;
          this.state = this.size === 0 ? 'trailer' : 'data';
          this.remaining = this.size;
          this.size = this.digits = this.lineLength = 0;
          i++;
          break;
        case 'data': {
          const take = Math.min(this.remaining, buf.length - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = 'data-cr';
          break;
        }
        case 'data-cr':
          if (c !== 0x0d) return -1;
          this.state = 'data-lf';
          i++;
          break;
        case 'data-lf':
          if (c !== 0x0a) return -1;
          this.state = 'size';
          i++;
          break;
        case 'trailer':
          // A trailer line, or the empty line that ends the message.
          if (c === 0x0d) this.state = 'trailer-lf';
          else if (c === 0x0a || ++this.lineLength > 4096) return -1;
          i++;
          break;
        case 'trailer-lf':
          if (c !== 0x0a) return -1;
          if (this.lineLength === 0) this.done = true;
          this.lineLength = 0;
          this.state = 'trailer';
          i++;
          break;
      }
    }
    return i;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
