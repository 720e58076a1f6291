import { ChunkedScanner, MAX_HEAD, parseRequestHead, parseResponseHead } from './http1';

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('parseRequestHead (the fast path takes only what it parses without doubt)', () => {
  it('parses a keep-alive GET: method, target, raw headers in order, node:http-style joined headers', () => {
    const text = head(['GET /a?b=1 HTTP/1.1', 'Host: web.example.com', 'Cookie: a=1', 'cookie: b=2', 'X-Forwarded-For: 198.18.0.1', 'X-Forwarded-For: 198.18.0.2']);
    const p = parseRequestHead(text);
    expect(p).toEqual({
      kind: 'request',
      length: text.length,
      head: {
        method: 'GET',
        url: '/a?b=1',
        close: false,
        rawHeaders: ['Host', 'web.example.com', 'Cookie', 'a=1', 'cookie', 'b=2', 'X-Forwarded-For', '198.18.0.1', 'X-Forwarded-For', '198.18.0.2'],
        headers: { host: 'web.example.com', cookie: 'a=1; b=2', 'x-forwarded-for': '198.18.0.1, 198.18.0.2' },
      },
    });
  });

  it('reads pipelined requests one at a time from an offset', () => {
    const a = head(['GET /1 HTTP/1.1', 'Host: h']);
    const b = head(['DELETE /2 HTTP/1.1', 'Host: h', 'Content-Length: 0', 'Connection: keep-alive, close']);
    const first = parseRequestHead(a + b);
    expect(first.kind === 'request' && first.length).toBe(a.length);
    const second = parseRequestHead(a + b, a.length);
    expect(second.kind === 'request' && [second.head.method, second.head.url, second.head.close, second.length]).toEqual(['DELETE', '/2', true, b.length]);
  });

  it('waits for the rest of a head', () => {
    expect(parseRequestHead('GET / HTTP/1.1\r\nHost: h\r\n')).toEqual({ kind: 'incomplete' });
  });

  it.each([
    ['a body (Content-Length)', head(['POST / HTTP/1.1', 'Host: h', 'Content-Length: 5'])],
    ['Transfer-Encoding', head(['POST / HTTP/1.1', 'Host: h', 'Transfer-Encoding: chunked'])],
    ['Content-Length with Transfer-Encoding', head(['POST / HTTP/1.1', 'Content-Length: 0', 'Transfer-Encoding: chunked'])],
    ['an upgrade', head(['GET /ws HTTP/1.1', 'Host: h', 'Connection: Upgrade', 'Upgrade: websocket'])],
    ['Expect', head(['GET / HTTP/1.1', 'Expect: 100-continue'])],
    ['HTTP/1.0', head(['GET / HTTP/1.0', 'Host: h'])],
    ['an absolute-form target', head(['GET http://h/ HTTP/1.1', 'Host: h'])],
    ['obs-fold', head(['GET / HTTP/1.1', 'Host: h', 'X-A: 1', ' folded'])],
    ['a bare LF', 'GET / HTTP/1.1\nHost: h\r\n\r\n'],
    ['a space before the colon', head(['GET / HTTP/1.1', 'Host : h'])],
    ['a control character in a value', head(['GET / HTTP/1.1', 'X-A: a\x00b'])],
    ['a bare CR in a value', head(['GET / HTTP/1.1', 'X-A: a\rb'])],
    ['a bare LF ending a field', 'GET / HTTP/1.1\r\nX-A: 1\nHost: h\r\n\r\n'],
    ['two spaces in the request line', head(['GET  / HTTP/1.1', 'Host: h'])],
    ['a target with a space', head(['GET /a b HTTP/1.1', 'Host: h'])],
    ['two Host headers', head(['GET / HTTP/1.1', 'Host: a', 'Host: b'])],
    ['a lower-case method token with a bad character', head(['GE(T / HTTP/1.1', 'Host: h'])],
    ['a head longer than node:http accepts', head(['GET / HTTP/1.1', `X-Big: ${'a'.repeat(MAX_HEAD)}`])],
    ['an endless head', `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(MAX_HEAD + 10)}`],
  ])('leaves %s to node:http', (_what, text) => {
    expect(parseRequestHead(text)).toEqual({ kind: 'fallback' });
  });
});

describe('parseResponseHead', () => {
  const res = (lines: string[], method = 'GET') => parseResponseHead(Buffer.from(head(lines), 'latin1'), method);

  it.each([
    [['HTTP/1.1 200 OK', 'Content-Length: 12'], 'GET', { kind: 'length', length: 12 }, false],
    [['HTTP/1.1 200 OK', 'Transfer-Encoding: gzip, chunked'], 'GET', { kind: 'chunked' }, false],
    [['HTTP/1.1 200 OK'], 'GET', { kind: 'close' }, true],
    [['HTTP/1.1 200 OK', 'Content-Length: 12'], 'HEAD', { kind: 'none' }, false],
    [['HTTP/1.1 204 No Content'], 'GET', { kind: 'none' }, false],
    [['HTTP/1.1 304 Not Modified', 'ETag: "x"'], 'GET', { kind: 'none' }, false],
    [['HTTP/1.1 200 OK', 'Content-Length: 0', 'Connection: close'], 'GET', { kind: 'none' }, true],
    [['HTTP/1.0 200 OK', 'Content-Length: 2'], 'GET', { kind: 'length', length: 2 }, true],
    [['HTTP/1.0 200 OK', 'Content-Length: 2', 'Connection: keep-alive'], 'GET', { kind: 'length', length: 2 }, false],
    [['HTTP/1.1 200 OK', 'Content-Length: 7, 7'], 'GET', { kind: 'length', length: 7 }, false],
  ])('%j to %s: framing %j, close %s', (lines, method, framing, close) => {
    const p = res(lines, method);
    expect(p.kind === 'response' && [p.head.framing, p.head.close]).toEqual([framing, close]);
  });

  it('keeps status, reason and header lines as sent, minus Connection and Keep-Alive', () => {
    const p = res(['HTTP/1.1 404 Not Here', 'X-A: 1', 'Connection: keep-alive', 'Set-Cookie: a=1', 'keep-alive: timeout=5', 'Set-Cookie: b=2']);
    expect(p.kind === 'response' && [p.head.status, p.head.reason, p.head.fields]).toEqual([404, 'Not Here', 'X-A: 1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n']);
    const bare = res(['HTTP/1.1 204']);
    expect(bare.kind === 'response' && [bare.head.status, bare.head.reason, bare.head.fields]).toEqual([204, '', '']);
  });

  it.each([
    [['HTTP/1.1 200 OK', 'Content-Length: 5', 'Transfer-Encoding: chunked'], 'both Content-Length and Transfer-Encoding'],
    [['HTTP/1.1 200 OK', 'Content-Length: 5', 'Content-Length: 6'], 'bad Content-Length'],
    [['HTTP/1.1 200 OK', 'Content-Length: -1'], 'bad Content-Length'],
    [['HTTP/2 200'], 'bad status line'],
    [['HTTP/1.1 2x0 OK'], 'bad status line'],
    [['HTTP/1.1 200 O\x00K'], 'bad status line'],
    [['HTTP/1.1 200 OK', 'X-A: a\nb'], 'bad header line'],
    [['HTTP/1.1 200 OK', ' X-Folded: 1'], 'bad header line'],
    [['HTTP/1.1 200 OK', 'Bad Header: x'], 'bad header line'],
  ])('refuses %j: %s', (lines, why) => {
    expect(res(lines)).toEqual({ kind: 'invalid', why });
  });
});

describe('ChunkedScanner', () => {
  const body = '3\r\nabc\r\n10;name=value\r\n0123456789abcdef\r\n0\r\nX-Trailer: 1\r\n\r\n';

  it('finds the end of a chunked body fed in any pieces, trailers included', () => {
    for (const size of [1, 2, 5, 7, body.length]) {
      const s = new ChunkedScanner();
      let consumed = 0;
      for (let i = 0; i < body.length; i += size) {
        const piece = Buffer.from(body.slice(i, i + size));
        const n = s.scan(piece);
        consumed += n;
        if (s.done) break;
        expect(n).toBe(piece.length);
      }
      expect([s.done, consumed]).toEqual([true, body.length]);
    }
  });

  it('stops at the end and leaves what follows', () => {
    const s = new ChunkedScanner();
    expect(s.scan(Buffer.from('1\r\na\r\n0\r\n\r\nHTTP/1.1 200 OK'))).toBe(11);
    expect(s.done).toBe(true);
  });

  it.each(['x\r\n', '3\r\nabcX\r\n', '3\nabc\r\n', '1234567890abc\r\n'])('refuses bad framing %j', (bad) => {
    expect(new ChunkedScanner().scan(Buffer.from(bad))).toBe(-1);
  });
});
