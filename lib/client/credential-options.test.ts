import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config';
import { OPTIONS as DNS_OPTIONS, parseDnsConfig } from '../../services/dns/options';
import { OPTIONS as LB_OPTIONS, parseLbConfig } from '../../services/lb/options';
import { followerCredentials, parseCredentialFlags } from './credential-options';

const SECRET = 'marina.abcd1234.s3cr3tvalue';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marina-cred-'));
  writeFileSync(join(dir, 'token'), `${SECRET}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'empty'), '\n');
  writeFileSync(join(dir, 'client.json'), JSON.stringify({ api: 'https://127.0.0.1:8080', grpc: '127.0.0.1:8081', ca: '/cfg/ca.crt', token: 'marina.cfg00000.fromconfig' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--token, --token-file, --ca, --client-config', () => {
  it('reads the token from a file (first line, trimmed)', () => {
    expect(parseCredentialFlags({ tokenFile: join(dir, 'token') })).toEqual({ token: SECRET });
    expect(parseCredentialFlags({ token: SECRET, ca: '/x/ca.pem' })).toEqual({ token: SECRET, ca: '/x/ca.pem' });
  });

  it.each([
    [{ token: 'a', tokenFile: 'b' }, /token-file: give either --token or --token-file/],
    [{ tokenFile: '/nonexistent/marina-token' }, /token-file: cannot read \/nonexistent\/marina-token: ENOENT/],
    [{ tokenFile: 'EMPTY' }, /token-file: .* is empty/],
    [{ token: 'two words' }, /token: the token must be one word/],
  ])('refuses %j naming the option', (v, msg) => {
    const values = { ...v } as Record<string, string>;
    if (values.tokenFile === 'EMPTY') values.tokenFile = join(dir, 'empty');
    expect(() => parseCredentialFlags(values)).toThrow(msg);
  });

  it('never puts the token in an error message', () => {
    let message = '';
    try {
      parseCredentialFlags({ token: `${SECRET} x` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/token/);
    expect(message).not.toContain('s3cr3t');
  });

  it('flags win over MARINA_TOKEN / MARINA_CA, which win over the client config (--client-config or $MARINA_CLIENT_CONFIG)', () => {
    const cfg = join(dir, 'client.json');
    expect(followerCredentials({ clientConfig: cfg }, {})).toEqual({ token: 'marina.cfg00000.fromconfig', ca: '/cfg/ca.crt' });
    expect(followerCredentials({}, { MARINA_CLIENT_CONFIG: cfg })).toEqual({ token: 'marina.cfg00000.fromconfig', ca: '/cfg/ca.crt' });
    expect(followerCredentials({ clientConfig: cfg }, { MARINA_TOKEN: 'marina.env00000.x' })).toEqual({ token: 'marina.env00000.x', ca: '/cfg/ca.crt' });
    expect(followerCredentials({ clientConfig: cfg, token: SECRET, ca: '/flag/ca.pem' }, { MARINA_TOKEN: 'marina.env00000.x' })).toEqual({ token: SECRET, ca: '/flag/ca.pem' });
    expect(followerCredentials({}, { MARINA_CLIENT_CONFIG: join(dir, 'none.json') })).toEqual({});
  });

  it('marina dns and marina lb take them as flags and as MARINA_TOKEN_FILE / MARINA_CA', () => {
    const env = { MARINA_TOKEN_FILE: join(dir, 'token'), MARINA_CA: '/env/ca.pem' };
    expect(parseDnsConfig(resolveConfig(DNS_OPTIONS, {}, env)).credentials).toEqual({ token: SECRET, ca: '/env/ca.pem' });
    expect(parseLbConfig(resolveConfig(LB_OPTIONS, {}, env)).credentials).toEqual({ token: SECRET, ca: '/env/ca.pem' });
    expect(parseDnsConfig(resolveConfig(DNS_OPTIONS, { token: SECRET, clientConfig: join(dir, 'client.json') }, {})).credentials).toEqual({ token: SECRET, clientConfig: join(dir, 'client.json') });
    expect(() => parseLbConfig(resolveConfig(LB_OPTIONS, { token: 'a', tokenFile: 'b' }, {}))).toThrow(/token-file/);
  });
});
