// Root-only (creates network namespaces): runs in the integration project (see test/README.md).
import { execFileSync } from 'node:child_process';
import { addNetns, delNetns, listNetns, netnsExists } from './netns';

const NS = `marina-nst${process.pid}`;

function loFlags(ns: string): string {
  return execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'lo']).toString();
}

afterAll(async () => {
  await delNetns(NS);
  await delNetns(`${NS}b`);
});

describe('netns', () => {
  test('add creates the netns with loopback up (one ip batch), reuses an existing one, del is idempotent', async () => {
    expect(await addNetns(NS)).toBe(`/run/netns/${NS}`);
    expect(await netnsExists(NS)).toBe(true);
    expect(loFlags(NS)).toMatch(/<LOOPBACK,UP/);
    expect(listNetns(NS)).toEqual([NS]);
    // an existing netns (lo down) is reused and its lo brought up
    execFileSync('ip', ['-n', NS, 'link', 'set', 'lo', 'down']);
    await addNetns(NS);
    expect(loFlags(NS)).toMatch(/<LOOPBACK,UP/);
    await delNetns(NS);
    await delNetns(NS);
    expect(await netnsExists(NS)).toBe(false);
  });

  test('two netns created back to back are distinct (ip returns to its own netns after add)', async () => {
    await addNetns(NS);
    await addNetns(`${NS}b`);
    const inode = (ns: string) => execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${ns}`]).toString().trim();
    expect(inode(NS)).not.toBe(inode(`${NS}b`));
    expect(loFlags(`${NS}b`)).toMatch(/<LOOPBACK,UP/);
  });

  test('a name ip could misread is refused naming the field', async () => {
    await expect(addNetns('marina x')).rejects.toThrow(/netns name/);
  });
});
