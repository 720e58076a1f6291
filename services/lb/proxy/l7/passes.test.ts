import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { isRetryable, refuseSmuggling, stripHopByHop, upstreamHeaders } from './passes';

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
