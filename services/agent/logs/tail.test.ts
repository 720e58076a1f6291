import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogTailError, MAX_TAIL_BYTES, MAX_TAIL_LINES, readTail } from './tail';

describe('readTail', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marina-tail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the last lines of stdout and stderr', () => {
    writeFileSync(join(dir, 'stdout'), 'a\nb\nc\n');
    writeFileSync(join(dir, 'stderr'), 'oops\n');
    expect(readTail(dir, 'stdout', 2)).toEqual({ stream: 'stdout', lines: ['b', 'c'], truncated: true });
    expect(readTail(dir, 'stdout', 10)).toEqual({ stream: 'stdout', lines: ['a', 'b', 'c'], truncated: false });
    expect(readTail(dir, 'stderr', 10).lines).toEqual(['oops']);
  });

  it('reads at most 64 KiB and drops the partial first line', () => {
    const line = 'x'.repeat(99) + '\n';
    writeFileSync(join(dir, 'stdout'), 'first\n' + line.repeat(2000));
    const t = readTail(dir, 'stdout', MAX_TAIL_LINES);
    expect(t.truncated).toBe(true);
    expect(t.lines).toHaveLength(MAX_TAIL_LINES);
    expect(t.lines.every((l) => l === 'x'.repeat(99))).toBe(true);
    expect(t.lines.join('\n').length).toBeLessThanOrEqual(MAX_TAIL_BYTES);
  });

  it('gives no lines when the file is not there yet', () => {
    expect(readTail(dir, 'stdout', 5)).toEqual({ stream: 'stdout', lines: [], truncated: false });
  });

  it('rejects out-of-range lines and unknown streams', () => {
    for (const n of [0, -1, MAX_TAIL_LINES + 1, 1.5, NaN]) expect(() => readTail(dir, 'stdout', n)).toThrow(/lines/);
    expect(() => readTail(dir, 'env' as 'stdout', 5)).toThrow(/stream/);
  });

  it('refuses a stdout that is a symlink out of the sandbox', () => {
    const secret = join(dir, 'secret');
    writeFileSync(secret, 'key\n');
    const sb = join(dir, 'sb');
    mkdirSync(sb);
    symlinkSync(secret, join(sb, 'stdout'));
    expect(() => readTail(sb, 'stdout', 5)).toThrow(LogTailError);
    expect(() => readTail(sb, 'stdout', 5)).toThrow(/symlink/);
  });

  it('refuses a sandbox that is itself a symlink, and a missing one', () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    writeFileSync(join(real, 'stdout'), 'x\n');
    symlinkSync(real, join(dir, 'link'));
    expect(() => readTail(join(dir, 'link'), 'stdout', 5)).toThrow(/not a directory/);
    expect(() => readTail(join(dir, 'none'), 'stdout', 5)).toThrow(/no sandbox/);
  });

  it('refuses a fifo rather than blocking on it', () => {
    const r = spawnSync('mkfifo', [join(dir, 'stdout')]);
    if (r.status !== 0) return;
    expect(() => readTail(dir, 'stdout', 5)).toThrow(/regular file/);
  });
});
