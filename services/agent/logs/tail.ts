/**
 * The tail of a task's stdout or stderr, read from its sandbox for the map's
 * task detail (issue 12). Bounded (at most MAX_TAIL_BYTES read and
 * MAX_TAIL_LINES returned, whatever the file's size) and never through a
 * symlink: the sandbox is writable by the task's user, who could point
 * `stdout` at any file the agent may read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_TAIL_BYTES = 64 * 1024;
export const MAX_TAIL_LINES = 200;
export type LogStream = 'stdout' | 'stderr';

export interface LogTail {
  stream: LogStream;
  lines: string[];
  /** The file holds more than was read (older output left out). */
  truncated: boolean;
}

export class LogTailError extends Error {
  constructor(readonly code: 'invalid' | 'missing' | 'refused', message: string) {
    super(message);
  }
}

/** The last `lines` lines of `stream` in `sandbox`. */
export function readTail(sandbox: string, stream: LogStream, lines: number): LogTail {
  if (stream !== 'stdout' && stream !== 'stderr') throw new LogTailError('invalid', 'stream must be stdout or stderr');
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_TAIL_LINES) throw new LogTailError('invalid', `lines must be an integer from 1 to ${MAX_TAIL_LINES}`);
  let dir;
  try {
    dir = lstatSync(sandbox);
  } catch {
    throw new LogTailError('missing', 'the task has no sandbox on this agent');
  }
  if (!dir.isDirectory()) throw new LogTailError('refused', 'the sandbox is not a directory');
  let fd: number;
  try {
    fd = openSync(join(sandbox, stream), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { stream, lines: [], truncated: false };
    if (code === 'ELOOP') throw new LogTailError('refused', `${stream} is a symlink`);
    throw new LogTailError('refused', `${stream} cannot be read`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new LogTailError('refused', `${stream} is not a regular file`);
    const want = Math.min(st.size, MAX_TAIL_BYTES);
    const buf = Buffer.alloc(want);
    let got = 0;
    // bounded: at most `want` bytes, and a short read (file truncated meanwhile) ends it
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, st.size - want + got);
      if (n === 0) break;
      got += n;
    }
    let text = buf.subarray(0, got).toString('utf8');
    let truncated = st.size > want;
    // a window starting mid-file starts mid-line: drop that partial line
    if (truncated) text = text.slice(text.indexOf('\n') + 1);
    if (text.endsWith('\n')) text = text.slice(0, -1);
    const all = text === '' ? [] : text.split('\n');
    if (all.length > lines) truncated = true;
    return { stream, lines: all.slice(-lines), truncated };
  } finally {
    closeSync(fd);
  }
}
