import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../lib/paths';
import { runIpam } from './plugin';

const env = (cmd: string) => ({ CNI_COMMAND: cmd, CNI_CONTAINERID: 'c1', CNI_NETNS: '/run/netns/x', CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' });
const conf = (ipam: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ cniVersion: '1.0.0', name: 'n', type: 'bridge', ipam, ...extra });

describe('marina-ipam', () => {
  test('ADD returns the addresses, routes and dns given in the ipam section', () => {
    const out = runIpam(env('ADD'), conf({ type: 'marina-ipam', addresses: [{ address: '198.19.0.66/20', gateway: '198.19.0.1' }], routes: [{ dst: '0.0.0.0/0' }] }));
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ cniVersion: '1.0.0', ips: [{ address: '198.19.0.66/20', gateway: '198.19.0.1' }], routes: [{ dst: '0.0.0.0/0' }], dns: {} });
  });

  test('ADD takes runtimeConfig.ips (the "ips" capability) when the section has none', () => {
    const out = runIpam(env('ADD'), conf({ type: 'marina-ipam' }, { runtimeConfig: { ips: ['198.18.16.9/24'] } }));
    expect(JSON.parse(out.stdout).ips).toEqual([{ address: '198.18.16.9/24' }]);
  });

  test.each([
    ['no address', conf({ type: 'marina-ipam' }), 7, /ipam.addresses: no address/],
    ['bad address', conf({ type: 'marina-ipam', addresses: [{ address: '198.19.0.300/20' }] }), 7, /ipam.addresses\[0\].address/],
    ['bad gateway', conf({ type: 'marina-ipam', addresses: [{ address: '198.19.0.3/20', gateway: 'x' }] }), 7, /ipam.addresses\[0\].gateway/],
    ['bad json', '{', 6, /failed to decode/],
    ['old version', JSON.stringify({ cniVersion: '0.2.0', ipam: {} }), 1, /cniVersion/],
  ])('ADD with %s fails with a CNI error code naming the field', (_n, stdin, code, msg) => {
    const out = runIpam(env('ADD'), stdin);
    expect(out.code).toBe(1);
    const body = JSON.parse(out.stdout);
    expect(body.code).toBe(code);
    expect(body.msg).toMatch(msg);
  });

  test('DEL always succeeds (the allocator owns the allocation); bad CNI_COMMAND is error 4', () => {
    expect(runIpam(env('DEL'), conf({ type: 'marina-ipam' }))).toEqual({ code: 0, stdout: '' });
    expect(JSON.parse(runIpam(env('BOGUS'), '{}').stdout).code).toBe(4);
    expect(JSON.parse(runIpam(env('VERSION'), '').stdout).supportedVersions).toContain('1.0.0');
  });

  const shim = join(repoRoot(), 'bin', 'marina-ipam');
  const built = existsSync(join(repoRoot(), 'dist', 'services', 'agent', 'ipam', 'main.js'));
  (built ? test : test.skip)('bin/marina-ipam is an executable plugin speaking the protocol on stdin/stdout', () => {
    const ok = execFileSync(shim, [], { env: { ...process.env, ...env('ADD') }, input: conf({ type: 'marina-ipam', addresses: [{ address: '198.19.0.5/20' }] }) }).toString();
    expect(JSON.parse(ok).ips[0].address).toBe('198.19.0.5/20');
    const bad = spawnSync(shim, [], { env: { ...process.env, ...env('ADD') }, input: '{' });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout.toString()).code).toBe(6);
  });
});
