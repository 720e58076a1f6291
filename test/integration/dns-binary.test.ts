/**
 * `marina dns` as users run it: the built binary with a JSON config file
 * (--config, flags override it) serving the Mesos /state fixture on two
 * loopback addresses, read with dig (UDP and TCP) and curl; bad option
 * values exit non-zero with a message naming the option.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { dig, values } from '../../services/dns/testing/dig';
import { run, runOk } from '../helpers/exec';
import { freePorts } from '../helpers/ports';
import { nodeBinary, spawnMarina, stopAllMarina } from '../helpers/process';

jest.setTimeout(60_000);

const FIXTURE = join(__dirname, '..', 'fixtures', 'mesos', 'state.json');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marina-dns-bin-'));
});

afterAll(async () => {
  await stopAllMarina();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, body: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}

test('config file + --mesos-state fixture: dig on every listen address, curl /v1/version and /v1/config', async () => {
  const [p1, p2, http] = await freePorts(3);
  const file = writeConfig('dns.json', {
    listen: [`127.0.0.1:${p1}`, `127.0.0.2:${p2}`],
    'http-listen': `127.0.0.1:${http}`,
    'mesos-state': FIXTURE,
    masters: ['198.18.0.1:5050', '198.18.0.2:5050'],
    'ip-sources': ['netinfo', 'host'],
    ttl: 30,
    'soa-rname': 'admin.example.mesos',
  });
  // A flag beats the config file.
  const proc = spawnMarina(['dns', '--config', file, '--ttl', '45']);
  await proc.waitForHttp(`http://127.0.0.1:${http}/ready`, { ok: (r) => r.status === 200 });

  for (const server of [{ host: '127.0.0.1', port: p1! }, { host: '127.0.0.2', port: p2! }]) {
    for (const extra of [[], ['+tcp']]) {
      const a = await dig(server, 'web-g.marathon.mesos', 'A', extra);
      expect(a.status).toBe('NOERROR');
      expect(a.flags).toContain('aa');
      expect(values(a)).toEqual(['198.19.0.21']);
      expect(a.answer[0]![1]).toBe('45');
    }
    expect(values(await dig(server, 'leader.mesos'))).toEqual(['198.18.0.1']);
    expect((await dig(server, 'nope.marathon.mesos')).status).toBe('NXDOMAIN');
  }
  const soa = await dig({ host: '127.0.0.1', port: p1! }, 'mesos', 'SOA');
  expect(soa.answer[0]!.slice(4, 6)).toEqual(['ns1.mesos.', 'admin.example.mesos.']);

  const version = JSON.parse((await runOk('curl', ['-sf', `http://127.0.0.1:${http}/v1/version`])).stdout);
  expect(version).toMatchObject({ Service: 'Mesos-DNS', URL: 'https://github.com/mesosphere/mesos-dns' });
  expect(version.Version).toMatch(/^marina-/);
  const config = JSON.parse((await runOk('curl', ['-sf', `http://127.0.0.1:${http}/v1/config`])).stdout);
  expect(config).toMatchObject({ TTL: 45, Domain: 'mesos', Port: p1, HttpPort: http, Masters: ['198.18.0.1:5050', '198.18.0.2:5050'] });
  expect(config.Listeners).toEqual([`127.0.0.1:${p1}`, `127.0.0.2:${p2}`]);
  const hosts = JSON.parse((await runOk('curl', ['-sf', `http://127.0.0.1:${http}/v1/hosts/web-g.marathon.mesos`])).stdout);
  expect(hosts).toEqual([{ host: 'web-g.marathon.mesos.', ip: '198.19.0.21' }]);

  expect(await proc.stop()).toBe(0);
});

async function marinaDns(args: string[]): Promise<{ code: number; stderr: string }> {
  const res = await run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'dns', ...args], { timeoutMs: 20_000 });
  return { code: res.code, stderr: res.stderr };
}

test.each([
  [['--ttl', '-5'], /ttl/],
  [['--ttl', 'soon'], /ttl/],
  [['--listen', '127.0.0.1'], /listen/],
  [['--listen', 'localhost:53'], /listen/],
  [['--ip-sources', 'netinfo,dns'], /ip-sources?/],
  [['--recursion-networks', '198.18.0.0/40'], /recursion-networks/],
  [['--forward-zones', 'corp'], /forward-zones/],
  [['--resolvers', 'not-an-ip'], /resolvers/],
  [['--timeout', '0'], /timeout/],
  [['--allocator', '127.0.0.1:1', '--mesos-state', FIXTURE], /mesos-state/],
])('bad option %j exits non-zero naming the option', async (args, pattern) => {
  const [port, http] = await freePorts(2);
  const res = await marinaDns([...args, ...(args.includes('--listen') ? [] : ['--listen', `127.0.0.1:${port}`]), '--http-listen', `127.0.0.1:${http}`]);
  expect(res.code).not.toBe(0);
  expect(res.stderr).toMatch(/MARINA_ERR_CONFIG/);
  expect(res.stderr).toMatch(pattern);
});

test('a config file with an unknown key or a bad value is rejected naming the key', async () => {
  const unknown = writeConfig('unknown.json', { listen: ['127.0.0.1:0'], 'ttl-seconds': 5 });
  let res = await marinaDns(['--config', unknown]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/ttl-seconds/);
  const bad = writeConfig('bad.json', { listen: ['127.0.0.1:0'], 'soa-retry': 'often' });
  res = await marinaDns(['--config', bad]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/soa-retry/);
});

test('an unreadable --mesos-state: keeps running, not ready, SERVFAIL, and logs the path (Mesos-DNS retries too)', async () => {
  const [port, http] = await freePorts(2);
  const missing = join(dir, 'no-such-state.json');
  const proc = spawnMarina(['dns', '--listen', `127.0.0.1:${port}`, '--http-listen', `127.0.0.1:${http}`, '--mesos-state', missing, '--refresh-seconds', '1']);
  await proc.waitForOutput(missing);
  expect(proc.output()).toMatch(/failed to load Mesos state/);
  const ready = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${http}/ready`]);
  expect(ready.stdout).toBe('503');
  expect((await dig({ host: '127.0.0.1', port: port! }, 'leader.mesos')).status).toBe('SERVFAIL');
  // The file appears: the next refresh serves it.
  writeFileSync(missing, readFileSync(FIXTURE));
  await proc.waitForHttp(`http://127.0.0.1:${http}/ready`, { ok: (r) => r.status === 200 });
  expect(values(await dig({ host: '127.0.0.1', port: port! }, 'leader.mesos'))).toEqual(['198.18.0.1']);
  expect(await proc.stop()).toBe(0);
});
