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
/**
 * Bytes no head may hold (RFC 9110 §5.5, RFC 9112 §2.2): controls other than
 * HTAB, and CR or LF other than as a CRLF pair. One scan of the whole head
 * instead of one per field value.
 */
const BAD_HEAD_BYTE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n/;
const TARGET = /^\/[\x21-\x7e]*$/;
const CLOSE_TOKEN = /(?:^|,)\s*close\s*(?:,|$)/i;
const INCOMPLETE = { kind: 'incomplete' } as const;
const FALLBACK = { kind: 'fallback' } as const;
/** Headers whose presence means a body, an upgrade or an expectation: node:http's job. */
const NOT_FAST = new Set(['transfer-encoding', 'upgrade', 'expect']);
/** Headers node:http keeps the first of (others are joined with ", "; cookie with "; "). */
const FIRST_WINS = new Set(['host', 'content-length', 'content-type', 'user-agent', 'referer', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

/**
 * Calls `field` for each `name: value` line of the head text between the end
 * of its first line (`eol`) and `end`; false when a line is not a field (no
 * colon, a name that is not a token: obs-fold, space before the colon) or
 * `field` said stop.
 */
function eachField(text: string, eol: number, end: number, field: (name: string, lower: string, value: string) => boolean): boolean {
  while (eol < end) {
    const from = eol + 2;
    eol = text.indexOf('\r\n', from);
    const colon = text.indexOf(':', from);
    if (colon <= from || colon > eol) return false;
    const name = text.slice(from, colon);
    if (!TOKEN.test(name)) return false;
    if (!field(name, name.toLowerCase(), text.slice(colon + 1, eol).trim())) return false;
  }
  return true;
}

/**
 * One request head at `text[start…]` (latin1: one char per byte). A request
 * with a body, an upgrade, HTTP/1.0, an absolute-form target, obs-fold, bare
 * LF or any byte outside the grammar is `fallback`.
 */
export function parseRequestHead(text: string, start = 0): ParsedRequest {
  const end = text.indexOf('\r\n\r\n', start);
  if (end < 0) return text.length - start > MAX_HEAD ? FALLBACK : INCOMPLETE;
  if (end - start > MAX_HEAD || BAD_HEAD_BYTE.test(text.slice(start, end))) return FALLBACK;
  const eol = text.indexOf('\r\n', start);
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
  const ok = eachField(text, eol, end, (name, lower, value) => {
    if (NOT_FAST.has(lower)) return false;
    if (lower === 'content-length' && value !== '0') return false;
    if (lower === 'host' && headers.host !== undefined) return false;
    if (lower === 'connection' && CLOSE_TOKEN.test(value)) close = true;
    rawHeaders.push(name, value);
    const prior = headers[lower];
    if (prior === undefined) headers[lower] = value;
    else if (!FIRST_WINS.has(lower)) headers[lower] = `${String(prior)}${lower === 'cookie' ? '; ' : ', '}${value}`;
    return true;
  });
  if (!ok) return FALLBACK;
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

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: ([^\r\n]*))?$/;
const KEEP_ALIVE_TOKEN = /(?:^|,)\s*keep-alive\s*(?:,|$)/i;
const CHUNKED_LAST = /(?:^|,)\s*chunked\s*$/i;
const HEAD_END = Buffer.from('\r\n\r\n');

/** A backend's response head at the start of `buf`; `requestMethod` decides whether a body follows (HEAD: none). */
export function parseResponseHead(buf: Buffer, requestMethod: string): ParsedResponse {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return buf.length > MAX_HEAD ? { kind: 'invalid', why: 'response head too long' } : INCOMPLETE;
  if (end > MAX_HEAD) return { kind: 'invalid', why: 'response head too long' };
  const text = buf.toString('latin1', 0, end + 2); // with the last line's CRLF
  if (BAD_HEAD_BYTE.test(text)) return { kind: 'invalid', why: 'bad header line' };
  const eol = text.indexOf('\r\n');
  const m = STATUS_LINE.exec(text.slice(0, eol));
  if (!m) return { kind: 'invalid', why: 'bad status line' };
  const status = Number(m[2]);
  const rawHeaders: string[] = [];
  let length: number | undefined;
  let te: string | undefined;
  let close = m[1] === '0';
  let badLength = false;
  const ok = eachField(text, eol, end, (name, lower, value) => {
    if (lower === 'content-length') {
      for (const v of value.split(',')) {
        const n = v.trim();
        if (!/^\d{1,15}$/.test(n) || (length !== undefined && length !== Number(n))) return !(badLength = true);
        length = Number(n);
      }
    } else if (lower === 'transfer-encoding') te = te === undefined ? value : `${te}, ${value}`;
    else if (lower === 'connection') {
      if (CLOSE_TOKEN.test(value)) close = true;
      if (m[1] === '0' && KEEP_ALIVE_TOKEN.test(value)) close = false;
    }
    rawHeaders.push(name, value);
    return true;
  });
  if (badLength) return { kind: 'invalid', why: 'bad Content-Length' };
  if (!ok) return { kind: 'invalid', why: 'bad header line' };
  if (te !== undefined && length !== undefined) return { kind: 'invalid', why: 'both Content-Length and Transfer-Encoding' };
  let framing: Framing;
  if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) framing = { kind: 'none' };
  else if (te !== undefined) framing = CHUNKED_LAST.test(te) ? { kind: 'chunked' } : { kind: 'close' };
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
