import { MarinaError } from './errors';
import { exec, execArgv, execError, execOk } from './exec';

describe('exec', () => {
  test('passes input on stdin and returns stdout, stderr and the exit code without rejecting', async () => {
    const res = await exec('sh', ['-c', 'tr a-z A-Z; echo oops >&2; exit 3'], { input: 'hello\n' });
    expect(res).toEqual({ stdout: 'HELLO\n', stderr: 'oops\n', code: 3 });
  });

  test('passes env and cwd', async () => {
    const res = await exec('sh', ['-c', 'echo "$MARINA_X $(pwd)"'], { env: { PATH: process.env.PATH, MARINA_X: 'x1' }, cwd: '/tmp' });
    expect(res.stdout).toBe('x1 /tmp\n');
  });

  test('kills the command after timeoutMs (code 137)', async () => {
    const res = await exec('sleep', ['5'], { timeoutMs: 100 });
    expect(res.code).toBe(137);
  });

  test('a command that cannot start rejects with MARINA_ERR_EXEC naming it', async () => {
    const err = await exec('marina-no-such-tool', ['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MarinaError);
    expect((err as MarinaError).code).toBe('MARINA_ERR_EXEC');
    expect((err as MarinaError).message).toMatch(/^failed to run marina-no-such-tool: /);
  });
});

describe('execOk', () => {
  test('resolves on exit 0', async () => {
    await expect(execOk('sh', ['-c', 'echo fine'])).resolves.toMatchObject({ stdout: 'fine\n', code: 0 });
  });

  test('rejects with "<cmd args> exited N: output" (no netns)', async () => {
    await expect(execOk('sh', ['-c', 'echo out; exit 1'])).rejects.toThrow(/^sh -c echo out; exit 1 exited 1: out$/);
  });

  test('maxErrorLines keeps the first lines of the message joined with " | "', () => {
    const res = { stdout: '', stderr: 'l1\nl2\nl3\n', code: 1 };
    expect(execError('nft', ['-f', '-'], res, { maxErrorLines: 2 }).message).toBe('nft -f - exited 1: l1 | l2');
    expect(execError('nft', ['-f', '-'], res).message).toBe('nft -f - exited 1: l1\nl2\nl3');
  });
});

test('execArgv wraps only when a netns is given', () => {
  expect(execArgv('nft', ['-f', '-'])).toEqual(['nft', ['-f', '-']]);
  expect(execArgv('nft', ['-f', '-'], { netns: 'marina-a' })).toEqual(['ip', ['netns', 'exec', 'marina-a', 'nft', '-f', '-']]);
  expect(execArgv('nft', ['-f', '-'], { netns: 'marina-a', enter: 'nsenter' })).toEqual(['nsenter', ['--net=/run/netns/marina-a', '--', 'nft', '-f', '-']]);
});
