/** The test helpers others build on: real etcd, redis, netns, processes. */
import { existsSync } from 'node:fs';
import { startEtcd, stopAllEtcd } from '../helpers/etcd';
import { startRedis, stopAllRedis } from '../helpers/redis';
import { run, runOk } from '../helpers/exec';
import { freePorts } from '../helpers/ports';
import { spawnMarina } from '../helpers/process';
import { startTcpServer, tcpRequest } from '../helpers/tcp';
import { cleanupMarinaLeftovers, cleanupNetns, createNetns, listNetns, netnsExec, vethPair } from '../helpers/netns';

afterAll(async () => {
  await stopAllEtcd();
  await stopAllRedis();
  await cleanupNetns();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ports and exec', () => {
  it('freePorts returns distinct bindable ports', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const p of ports) expect(p).toBeGreaterThan(0);
  });

  it('run reports exit code, stdout, stderr and stdin', async () => {
    const res = await run('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'hello' });
    expect(res).toEqual({ stdout: 'hello', stderr: 'err\n', code: 3 });
    await expect(runOk('sh', ['-c', 'echo boom >&2; exit 2'])).rejects.toThrow(/exited 2: boom/);
  });
});

describe('startEtcd', () => {
  it('answers etcdctl, survives restart with its data, and leaves no process', async () => {
    const etcd = await startEtcd();
    const ctl = (...args: string[]) => runOk('etcdctl', ['--endpoints', etcd.endpoint, ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
    await ctl('put', '/marina/t', 'v1');
    expect((await ctl('get', '--print-value-only', '/marina/t')).stdout.trim()).toBe('v1');
    const firstPid = etcd.pid;
    await etcd.restart();
    expect(etcd.pid).not.toBe(firstPid);
    expect(alive(firstPid)).toBe(false);
    expect((await ctl('get', '--print-value-only', '/marina/t')).stdout.trim()).toBe('v1');
    const pid = etcd.pid;
    await etcd.destroy();
    expect(alive(pid)).toBe(false);
    expect(existsSync(etcd.dataDir)).toBe(false);
  });
});

describe('startRedis', () => {
  it('answers redis-cli and stops', async () => {
    const redis = await startRedis();
    const cli = (...args: string[]) => runOk('redis-cli', ['-p', String(redis.port), ...args]);
    await cli('SET', 'marina:k', 'v');
    expect((await cli('GET', 'marina:k')).stdout.trim()).toBe('v');
    await redis.stop();
    expect(alive(redis.pid)).toBe(false);
  });
});

describe('netns helpers', () => {
  it('wires two namespaces with a veth pair and removes them', async () => {
    const a = await createNetns(`marina-th-a${process.pid}`);
    const b = await createNetns(`marina-th-b${process.pid}`);
    await vethPair({ ns: a, name: 'marina-va', address: '198.18.0.1/30' }, { ns: b, name: 'marina-vb', address: '198.18.0.2/30' });
    const server = await startTcpServer(b, '198.18.0.2', 8080, 'hello');
    expect(await tcpRequest(a, '198.18.0.2', 8080)).toBe('hello 198.18.0.1\n');
    await server.stop();
    expect((await netnsExec(a, ['ip', '-o', 'addr', 'show', 'marina-va'])).stdout).toMatch(/198\.18\.0\.1\/30/);
    // The root namespace has no such link.
    expect((await run('ip', ['link', 'show', 'marina-va'])).code).not.toBe(0);
    await cleanupNetns();
    const left = await listNetns();
    expect(left).not.toContain(a);
    expect(left).not.toContain(b);
  });

  it('refuses non-marina names and addresses outside 198.18.0.0/15', async () => {
    await expect(createNetns('test1')).rejects.toThrow(/must start with "marina"/);
    const a = await createNetns(`marina-th-c${process.pid}`);
    await expect(vethPair({ ns: a, name: 'marina-x', address: '127.0.0.2/8' }, { ns: a, name: 'marina-y' })).rejects.toThrow(/outside 198.18.0.0\/15/);
    await cleanupNetns();
  });

  it('cleanupMarinaLeftovers deletes namespaces with the prefix only', async () => {
    const prefix = `marina-lo${process.pid}-`;
    await runOk('ip', ['netns', 'add', `${prefix}x`]);
    const removed = await cleanupMarinaLeftovers(prefix);
    expect(removed).toEqual([`netns ${prefix}x`]);
    expect(await listNetns()).not.toContain(`${prefix}x`);
    await expect(cleanupMarinaLeftovers('kube')).rejects.toThrow(/must start with "marina"/);
  });
});

describe('spawnMarina', () => {
  it('runs the built CLI with Node 24 and captures its output', async () => {
    const proc = spawnMarina(['--version']);
    const exit = await new Promise<number | null>((resolve) => proc.child.once('exit', (code) => resolve(code)));
    expect(exit).toBe(0);
    await proc.stop();
    expect(proc.output().trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(proc.running()).toBe(false);
  });
});
