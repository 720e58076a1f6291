/**
 * What the agent wired and started, one JSON file per task in
 * <data-dir>/tasks/, written before the task is reported running (STYLE
 * pattern 4, libcni's result cache). After a restart the agent re-adopts
 * tasks from these records, and DEL replays them even if config changed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shortHash } from './names';
import type { Attachment } from './modes/mode';

export interface TaskRecord {
  taskId: string;
  appId: string;
  attachment: Attachment;
  /** Process id and its /proc start time (guards against pid reuse). */
  pid?: number;
  startTime?: string;
  stdoutPath?: string;
  stderrPath?: string;
  startedAt?: string;
  /** Pods: every container's process (pid/startTime above are the first one's). */
  containers?: ContainerProc[];
}

export interface ContainerProc {
  name: string;
  pid: number;
  startTime: string;
  stdoutPath: string;
  stderrPath: string;
}

/** The processes of a task: its containers, or its one process, each with its sandbox (stdout's directory). */
export function processesOf(rec: TaskRecord | undefined): Array<{ pid: number; startTime: string; sandbox?: string }> {
  if (!rec) return [];
  if (rec.containers?.length) return rec.containers.map((c) => ({ pid: c.pid, startTime: c.startTime, sandbox: dirname(c.stdoutPath) }));
  return rec.pid && rec.startTime ? [{ pid: rec.pid, startTime: rec.startTime, sandbox: rec.stdoutPath ? dirname(rec.stdoutPath) : undefined }] : [];
}

export class RecordStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'tasks');
    mkdirSync(this.dir, { recursive: true });
  }

  private file(taskId: string): string {
    return join(this.dir, `${shortHash(taskId, 16)}.json`);
  }

  /** Write atomically (tmp + rename), so a crash leaves the old or the new record. */
  save(rec: TaskRecord): void {
    const file = this.file(rec.taskId);
    writeFileSync(`${file}.tmp`, JSON.stringify(rec));
    renameSync(`${file}.tmp`, file);
  }

  remove(taskId: string): void {
    rmSync(this.file(taskId), { force: true });
  }

  /** Every readable record; corrupt files are skipped (and reported by name). */
  list(): { records: TaskRecord[]; corrupt: string[] } {
    const records: TaskRecord[] = [];
    const corrupt: string[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        records.push(JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as TaskRecord);
      } catch {
        corrupt.push(name);
      }
    }
    return { records, corrupt };
  }
}
