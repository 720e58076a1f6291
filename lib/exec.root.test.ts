// Root-only (creates a netns): runs in the integration project (see test/README.md).
import { MarinaError } from './errors';
import { exec, execOk } from './exec';
import { useScratchNetns } from '../test/helpers/netns';

const NS = `marina-lx${process.pid % 100000}`;

useScratchNetns(NS, ['marina-lx0', 'marina-lx1']);

describe('exec in a netns', () => {
  test.each(['ip', 'nsenter'] as const)('runs inside the named netns (enter via %s)', async (enter) => {
    const res = await exec('ip', ['-o', 'link', 'show'], { netns: NS, enter });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('marina-lx0');
    const host = await exec('ip', ['-o', 'link', 'show']);
    expect(host.stdout).not.toContain('marina-lx0');
  });
});

describe('execOk in a netns', () => {
  test('rejects with "<cmd args> (netns X) exited N: stderr"', async () => {
    const err = await execOk('sh', ['-c', 'echo boom >&2; exit 2'], { netns: NS }).catch((e: unknown) => e);
    expect((err as MarinaError).code).toBe('MARINA_ERR_EXEC');
    expect((err as Error).message).toBe(`sh -c echo boom >&2; exit 2 (netns ${NS}) exited 2: boom`);
  });
});
