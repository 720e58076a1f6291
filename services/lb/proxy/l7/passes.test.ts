import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { isRetryable, refuseSmuggling, stripHopByHop, upstreamHeaders, upstreamHeadText } from './passes';

function req(method: string, raw: string[]): IncomingMessage {
  const m = new IncomingMessage(new Socket());
  m.method = method;
  m.rawHeaders = raw;
  for (let i = 0; i < raw.length; i += 2) m.headers[raw[i].toLowerCase()] = raw[i + 1];
  return m;
}

describe('edge passes', () => {
  it.each([
    [['Content-Length', '5', 'Transfer-Encoding', 'chunked'], 'both Content-Length and Transfer-Encoding'],
    [['Content-Length', '5', 'Content-Length', '6'], 'conflicting Content-Length values'],
    [['Content-Length', '5, 6'], 'conflicting Content-Length values'],
    [['Content-Length', '-1'], 'invalid Content-Length'],
    [['Transfer-Encoding', 'chunked, identity'], 'Transfer-Encoding not ending in chunked'],
    [['Content-Length', '5'], undefined],
    [['Transfer-Encoding', 'gzip, chunked'], undefined],
  ])('refuseSmuggling(%j) = %s', (raw, want) => {
    expect(refuseSmuggling(req('POST', raw))).toBe(want);
  });

  it('strips hop-by-hop headers and those named in Connection (RFC 9110 §7.6.1)', () => {
    const out = stripHopByHop({ connection: 'keep-alive, x-secret', 'keep-alive': 'timeout=5', 'x-secret': '1', te: 'trailers', upgrade: 'h2c', host: 'a', accept: '*/*' });
    expect(out).toEqual({ host: 'a', accept: '*/*' });
  });

  it('appends X-Forwarded-For and sets -Proto and -Host', () => {
    const r = req('GET', ['Host', 'web.example.com', 'X-Forwarded-For', '198.18.9.9']);
    Object.defineProperty(r.socket, 'remoteAddress', { value: '198.18.2.7' });
    expect(upstreamHeaders(r, false)).toMatchObject({ 'x-forwarded-for': '198.18.9.9, 198.18.2.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'web.example.com' });
  });

  it.each([
    ['GET', [], true],
    ['PUT', ['Content-Length', '0'], true],
    ['POST', [], false],
    ['PUT', ['Content-Length', '10'], false],
  ])('isRetryable %s %j = %s', (method, raw, want) => {
    expect(isRetryable(req(method as string, raw as string[]))).toBe(want);
  });
});

describe('upstreamHeadText (the fast path) forwards what upstreamHeaders (node:http) forwards', () => {
  it.each([
    [['Host', 'web.example.com', 'X-Forwarded-For', '198.18.9.9', 'Connection', 'keep-alive, X-Secret', 'X-Secret', '1', 'TE', 'trailers', 'Accept', '*/*']],
    [['X-Forwarded-Host', 'spoofed', 'X-Forwarded-Proto', 'https', 'Accept', '*/*']],
  ])('%j', (raw) => {
    const r = req('GET', raw);
    r.url = '/p?q=1';
    Object.defineProperty(r.socket, 'remoteAddress', { value: '198.18.2.7' });
    const text = upstreamHeadText(r, '198.18.2.7', false);
    expect(text.startsWith('GET /p?q=1 HTTP/1.1\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
    const lines = text.slice(0, -4).split('\r\n').slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]);
    expect(Object.fromEntries(lines)).toEqual(upstreamHeaders(r, false));
  });
});
