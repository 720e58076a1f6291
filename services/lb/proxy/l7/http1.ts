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

// Character classes by code (the text is latin1: one char per byte), looked up
// in tables: this runs for every request and response, and one pass of table
// lookups is several times faster than a regular expression per field.
/** RFC 9110 §5.6.2 tchar. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) (TCHAR[c] = 1), (TCHAR[c + 0x20] = 1);
/** RFC 9110 §5.5 field-value bytes: visible ASCII, obs-text, SP, HTAB (no CR, LF, NUL or other controls). */
const VCHAR = new Uint8Array(256).fill(1);
for (let c = 0; c < 0x20; c++) VCHAR[c] = 0;
VCHAR[0x09] = 1;
VCHAR[0x7f] = 0;

function isToken(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (TCHAR[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/** The field value between `from` and `to` without leading/trailing SP/HTAB, or undefined when a byte is not allowed. */
function fieldValue(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) if (VCHAR[text.charCodeAt(i)] !== 1) return undefined;
  while (from < to && (text.charCodeAt(from) === 0x20 || text.charCodeAt(from) === 0x09)) from++;
  while (to > from && (text.charCodeAt(to - 1) === 0x20 || text.charCodeAt(to - 1) === 0x09)) to--;
  return text.slice(from, to);
}

/** 1 to 15 decimal digits as a number, else -1. */
function contentLength(v: string): number {
  if (v.length === 0 || v.length > 15) return -1;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Whether comma-separated `list` holds `token` (lower-case), case-insensitively. */
function hasToken(list: string, token: string): boolean {
  for (const t of list.split(',')) if (t.trim().toLowerCase() === token) return true;
  return false;
}

const INCOMPLETE = { kind: 'incomplete' } as const;
const FALLBACK = { kind: 'fallback' } as const;
/** Headers whose presence means a body, an upgrade or an expectation: node:http's job. */
const NOT_FAST = new Set(['transfer-encoding', 'upgrade', 'expect']);
/** Headers node:http keeps the first of (others are joined with ", "; cookie with "; "). */
const FIRST_WINS = new Set(['host', 'content-length', 'content-type', 'user-agent', 'referer', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

/**
 * One request head at `text[start…]` (latin1: one char per byte). A request
 * with a body, an upgrade, HTTP/1.0, an absolute-form target, obs-fold, bare
 * CR or LF, or any byte outside the grammar is `fallback`.
 */
export function parseRequestHead(text: string, start = 0): ParsedRequest {
  const end = text.indexOf('\r\n\r\n', start);
  if (end < 0) return text.length - start > MAX_HEAD ? FALLBACK : INCOMPLETE;
  if (end - start > MAX_HEAD) return FALLBACK;
  let eol = text.indexOf('\r\n', start);
  const sp1 = text.indexOf(' ', start);
  const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || sp2 > eol || eol - sp2 !== 9 || text.slice(sp2 + 1, eol) !== 'HTTP/1.1' || !isToken(text, start, sp1)) return FALLBACK;
  // origin-form only: "/" then visible ASCII
  if (text.charCodeAt(sp1 + 1) !== 0x2f) return FALLBACK;
  for (let i = sp1 + 2; i < sp2; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return FALLBACK;
  }
  const method = text.slice(start, sp1);
  const url = text.slice(sp1 + 1, sp2);
  const rawHeaders: string[] = [];
  const headers: IncomingHttpHeaders = {};
  let close = false;
  while (eol < end) {
    const from = eol + 2;
    eol = text.indexOf('\r\n', from);
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon > eol || !isToken(text, from, colon)) return FALLBACK;
    const value = fieldValue(text, colon + 1, eol);
    if (value === undefined) return FALLBACK;
    const name = text.slice(from, colon);
    const lower = name.toLowerCase();
    if (NOT_FAST.has(lower)) return FALLBACK;
    if (lower === 'content-length' && value !== '0') return FALLBACK;
    if (lower === 'host' && headers.host !== undefined) return FALLBACK;
    if (lower === 'connection' && hasToken(value, 'close')) close = true;
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
  /** The header lines to relay, each ending in CRLF, as received minus Connection and Keep-Alive. */
  fields: string;
  framing: Framing;
  /** The backend will close this connection after the response. */
  close: boolean;
}

export type ParsedResponse = { kind: 'incomplete' } | { kind: 'invalid'; why: string } | { kind: 'response'; head: ResponseHead; length: number };

const HEAD_END = Buffer.from('\r\n\r\n');
const NONE: Framing = { kind: 'none' };
const CHUNKED: Framing = { kind: 'chunked' };
const CLOSE: Framing = { kind: 'close' };

/** "HTTP/1.x NNN[ reason]" ending at `eol`; minor is the version digit's character code. */
function statusLine(text: string, eol: number): { status: number; reason: string; minor: number } | undefined {
  const minor = text.charCodeAt(7);
  if (eol < 12 || !text.startsWith('HTTP/1.') || (minor !== 0x30 && minor !== 0x31) || text.charCodeAt(8) !== 0x20 || (eol > 12 && text.charCodeAt(12) !== 0x20)) return undefined;
  let status = 0;
  for (let i = 9; i < 12; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    status = status * 10 + d;
  }
  const reason = eol > 12 ? fieldValue(text, 13, eol) : '';
  return reason === undefined ? undefined : { status, reason, minor };
}

/** A backend's response head at the start of `buf`; `requestMethod` decides whether a body follows (HEAD: none). */
export function parseResponseHead(buf: Buffer, requestMethod: string): ParsedResponse {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return buf.length > MAX_HEAD ? { kind: 'invalid', why: 'response head too long' } : INCOMPLETE;
  if (end > MAX_HEAD) return { kind: 'invalid', why: 'response head too long' };
  const text = buf.toString('latin1', 0, end + 2); // with the last line's CRLF
  let eol = text.indexOf('\r\n');
  const line = statusLine(text, eol);
  if (!line) return { kind: 'invalid', why: 'bad status line' };
  const { status, reason, minor } = line;
  let length: number | undefined;
  let te: string | undefined;
  let close = minor === 0x30;
  let fields = '';
  let kept = eol + 2;
  while (eol < end) {
    const from = eol + 2;
    eol = text.indexOf('\r\n', from);
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon > eol || !isToken(text, from, colon)) return { kind: 'invalid', why: 'bad header line' };
    const value = fieldValue(text, colon + 1, eol);
    if (value === undefined) return { kind: 'invalid', why: 'bad header line' };
    const n = colon - from;
    // Only names of these lengths can matter: skip lower-casing the rest.
    if (n !== 14 && n !== 17 && n !== 10) continue;
    const lower = text.slice(from, colon).toLowerCase();
    if (lower === 'content-length') {
      for (const v of value.includes(',') ? value.split(',') : [value]) {
        const n = contentLength(v.trim());
        if (n < 0 || (length !== undefined && length !== n)) return { kind: 'invalid', why: 'bad Content-Length' };
        length = n;
      }
    } else if (lower === 'transfer-encoding') te = te === undefined ? value : `${te}, ${value}`;
    else if (lower === 'connection' || lower === 'keep-alive') {
      if (lower === 'connection' && hasToken(value, 'close')) close = true;
      if (lower === 'connection' && minor === 0x30 && hasToken(value, 'keep-alive')) close = false;
      // Hop-by-hop: not relayed.
      fields += text.slice(kept, from);
      kept = eol + 2;
    }
  }
  fields += text.slice(kept, end + 2);
  if (te !== undefined && length !== undefined) return { kind: 'invalid', why: 'both Content-Length and Transfer-Encoding' };
  let framing: Framing;
  if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) framing = NONE;
  else if (te !== undefined) framing = te.split(',').pop()!.trim().toLowerCase() === 'chunked' ? CHUNKED : CLOSE;
  else if (length !== undefined) framing = length === 0 ? NONE : { kind: 'length', length };
  else framing = CLOSE;
  if (framing === CLOSE) close = true;
  return { kind: 'response', head: { status, reason, fields, framing, close }, length: end + 4 };
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
        case 'trailer':
          // The rest of a chunk-size line (extensions), or a trailer line / the empty line that ends the message.
          if (c === 0x0d) this.state = this.state === 'ext' ? 'size-lf' : 'trailer-lf';
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
