/**
 * One task's life on this host: wire (mode add), persist the record, start
 * the process, report, run health checks; and the reverse on exit, kill or
 * failed checks. A failed launch undoes what it did (STYLE pattern 3).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskStatusReport } from '../../lib/client/agent-api';
import { errorMessage } from '../../lib/errors';
import type { Logger } from '../../lib/log';
import type { AppDefinition } from '../../lib/model/app';
import type { Agent, HealthCheckResult, Task, TaskState, VirtualNetwork } from '../../lib/model/cluster';
import { HealthChecker } from './health/checker';
import type { ProbeTarget } from './health/probe';
import type { ResultStore } from './health/results';
import { getMode, resolveModeName } from './modes/index';
import type { Attachment, ModeContext } from './modes/mode';
import { taskNetnsName } from './names';
import { processesOf, type RecordStore, type TaskRecord } from './records';
import { containerEnv, podContainers } from './pods/pod';
import { isAlive, recordedExitStatus, startTask, stopTask, watchAdopted } from './runner/runner';
import type { StatusReporter } from './status-reporter';
import { closedAncestor, resolveTaskUser } from './runner/task-user';
import type { StopPlan } from './drain';

export interface TaskEnv {
  self(): Agent;
  /** Delivers status reports until the allocator acknowledges them. */
  reporter: Pick<StatusReporter, 'submit'>;
  ctx: ModeContext;
  records: RecordStore;
  results: ResultStore;
  dataDir: string;
  dnsServer?: string;
  killGraceMs: number;
  /** Tasks get their own pid namespace (tini as its init). */
  pidNamespace: boolean;
  /** Who a task runs as when its app names no `user` (--default-task-user). */
  defaultTaskUser: string;
  log: Logger;
  onGone(taskId: string): void;
  /** Before the process starts: true once this host's policy table holds the task (policy/enforcer.ts). */
  beforeStart?: (task: Task) => Promise<boolean>;
}

export interface LiveTask {
  taskId: string;
  record?: TaskRecord;
  /** detached: the agent stopped without killing (restart); the process runs on, this instance no longer reacts to it. */
  phase: 'launching' | 'running' | 'stopping' | 'detached';
  checker?: HealthChecker;
  cancelWatch?: () => void;
  ready: boolean;
  /** The last state reported (re-sent when the allocator's view differs after a reconnect). */
  lastReport?: TaskStatusReport;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function resolvConfDir(netns: string): string {
  return `/etc/netns/${netns}`;
}

/** Netns names under /etc/netns with a prefix (the task resolv.conf dirs of one agent). */
export function listResolvConfDirs(prefix: string): string[] {
  try {
    return readdirSync('/etc/netns').filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

export class TaskLife {
  constructor(private readonly env: TaskEnv, readonly live: LiveTask) {}

  /** Report a state; the reporter retries until the allocator acknowledges it (a newer state supersedes it). */
  private report(state: TaskState, ready: boolean, message?: string, results?: HealthCheckResult[]): void {
    const r: TaskStatusReport = { taskId: this.live.taskId, state, ready, message, healthCheckResults: results };
    this.live.lastReport = r;
    this.env.reporter.submit(r);
  }

  /**
   * What the allocator should hold for this task now: the last report, or
   * for a task adopted after a restart, RUNNING (ready when it has no
   * checks). Undefined while launching (the launch reports).
   */
  currentReport(app: AppDefinition | undefined): TaskStatusReport | undefined {
    if (this.live.lastReport) return this.live.lastReport;
    if (this.live.phase !== 'running') return undefined;
    return { taskId: this.live.taskId, state: 'TASK_RUNNING', ready: (app?.healthChecks.length ?? 0) === 0 };
  }

  /** Wire and start a task; reports RUNNING or FAILED. */
  async launch(task: Task, app: AppDefinition | undefined, network: VirtualNetwork | undefined): Promise<void> {
    const e = this.env;
    const t0 = process.hrtime.bigint();
    let att: Attachment | undefined;
    const netnsName = taskNetnsName(e.self().id, task.id);
    const started: Array<{ pid: number; startTime: string }> = [];
    try {
      const pod = podContainers(app);
      const cmd = app?.cmd ?? (app?.args?.length ? app.args.join(' ') : undefined);
      if (!cmd && !pod) throw new Error(`app ${task.appId}: cmd: no command to run`);
      const user = await resolveTaskUser(app?.user ?? e.defaultTaskUser);
      const closed = closedAncestor(e.dataDir, user);
      const mode = getMode(resolveModeName(task, network));
      if (e.dnsServer) this.writeResolvConf(netnsName, e.dnsServer);
      att = await mode.add({ task, agent: e.self(), network, netnsName, ctx: e.ctx });
      // a selected app's new task must not run (and take traffic) before this host filters for it
      if (e.beforeStart && !(await e.beforeStart(task))) e.log.warn({ taskId: task.id }, 'task starts before the policy table holds it: the table cannot be programmed now (see the policy status)');
      if (this.live.phase === 'stopping' || this.live.phase === 'detached') {
        // killed while wiring (task deleted or stopped): kill() found no record; undo the wiring, start nothing
        await this.teardown(att);
        return;
      }
      const rec: TaskRecord = { taskId: task.id, appId: task.appId, attachment: att };
      e.records.save(rec);
      this.live.record = rec;
      const sandbox = join(e.dataDir, 'sandboxes', netnsName);
      const base = this.taskEnv(task, sandbox);
      // A pod: one process per container in the same netns, each with its own sandbox dir.
      const specs = pod
        ? pod.map((c) => ({ name: c.name, cmd: c.cmd, env: containerEnv({ ...base, MESOS_SANDBOX: join(sandbox, c.name) }, task, c), sandbox: join(sandbox, c.name) }))
        : [{ name: '', cmd: cmd as string, env: base, sandbox }];
      const procs = specs.map((s) => {
        const p = startTask({ taskId: task.id, cmd: s.cmd, env: s.env, netns: att?.netns, exec: e.ctx.exec, sandbox: s.sandbox, user, closedAncestor: closed, pidNamespace: e.pidNamespace, resolvConf: e.dnsServer && att?.mode === 'host' ? join(resolvConfDir(netnsName), 'resolv.conf') : undefined });
        started.push(p);
        return p;
      });
      const proc = procs[0];
      Object.assign(rec, { pid: proc.pid, startTime: proc.startTime, stdoutPath: proc.stdoutPath, stderrPath: proc.stderrPath, startedAt: new Date().toISOString() });
      if (pod) rec.containers = procs.map((p, i) => ({ name: specs[i].name, pid: p.pid, startTime: p.startTime, stdoutPath: p.stdoutPath, stderrPath: p.stderrPath }));
      e.records.save(rec);
      this.live.phase = 'running';
      void Promise.race(procs.map((p) => p.exited)).then((code) => this.onExit(code));
      const hasChecks = (app?.healthChecks.length ?? 0) > 0;
      this.live.ready = !hasChecks;
      this.report('TASK_RUNNING', !hasChecks);
      if (hasChecks && app) this.startChecks(task, app);
      e.log.info({ taskId: task.id, mode: att.mode, seconds: Number(process.hrtime.bigint() - t0) / 1e9 }, 'task running');
    } catch (err) {
      e.log.error({ taskId: task.id, err: errorMessage(err) }, 'failed to launch task');
      await Promise.all(started.map((p) => stopTask(p.pid, p.startTime, 0)));
      await this.teardown(att);
      this.report('TASK_FAILED', false, `failed to launch: ${errorMessage(err)}`);
    }
  }

  private writeResolvConf(netns: string, dns: string): void {
    const dir = resolvConfDir(netns);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'resolv.conf'), `# written by marina agent\nnameserver ${dns}\nsearch marathon.mesos mesos\noptions ndots:2\n`);
  }

  private taskEnv(task: Task, sandbox: string): Record<string, string> {
    const self = this.env.self();
    return {
      PATH: DEFAULT_PATH,
      HOST: self.hostname,
      MESOS_TASK_ID: task.id,
      MESOS_SANDBOX: sandbox,
      MARATHON_APP_ID: task.appId,
      ...task.env,
    };
  }

  /** Health checks of a running task (also after adoption). */
  startChecks(task: Task, app: AppDefinition): void {
    if (this.live.checker || app.healthChecks.length === 0) return;
    const att = this.live.record?.attachment;
    const targets = app.healthChecks.map((hc) => probeTarget(hc, task, att, this.env.self()));
    this.live.checker = new HealthChecker({
      taskId: task.id,
      checks: app.healthChecks,
      targets,
      env: { ...this.taskEnv(task, ''), ...task.env },
      userName: app.user ?? this.env.defaultTaskUser,
      exec: this.env.ctx.exec,
      store: this.env.results,
      hooks: {
        onReady: (ready, results) => {
          this.live.ready = ready;
          if (this.live.phase === 'running') this.report('TASK_RUNNING', ready, undefined, results);
        },
        onUnhealthy: (cause, results) => void this.kill('TASK_FAILED', `killed: ${cause}`, results),
      },
    });
    this.live.checker.start();
  }

  /** Re-adopt from a record after an agent restart: same process, same wiring. */
  async adopt(rec: TaskRecord): Promise<boolean> {
    const e = this.env;
    const procs = processesOf(rec);
    if (procs.length === 0 || !procs.every((p) => isAlive(p.pid, p.startTime))) return false;
    try {
      await getMode(rec.attachment.mode).check(rec.attachment, e.ctx);
    } catch (err) {
      e.log.warn({ taskId: rec.taskId, err: errorMessage(err) }, 'CNI CHECK failed; not adopting');
      return false;
    }
    this.live.record = rec;
    this.live.phase = 'running';
    const watches = procs.map((p) => watchAdopted(p.pid, p.startTime, p.sandbox));
    this.live.cancelWatch = () => watches.forEach((w) => w.cancel());
    void Promise.race(watches.map((w) => w.exited)).then((code) => this.onExit(code));
    return true;
  }

  /**
   * After an agent restart: a recorded task whose process ended while no
   * agent watched, with its exit status recorded, is reported as it ended
   * (FINISHED or FAILED with the status) and unwired. False when there is no
   * status to go by (the caller then cleans it up and the allocator marks it lost).
   */
  async finishEnded(rec: TaskRecord): Promise<boolean> {
    const procs = processesOf(rec);
    if (procs.length === 0 || procs.some((p) => isAlive(p.pid, p.startTime))) return false;
    const code = procs[0]!.sandbox === undefined ? undefined : recordedExitStatus(procs[0]!.sandbox);
    if (code === undefined) return false;
    this.live.record = rec;
    this.live.phase = 'running';
    await this.onExit(code);
    return true;
  }

  private async onExit(code: number): Promise<void> {
    if (this.live.phase === 'stopping' || this.live.phase === 'detached') return;
    this.live.phase = 'stopping';
    // A pod ends with its first container: stop the others (a no-op for a one-process task).
    await this.stopProcesses();
    await this.teardown(this.live.record?.attachment);
    if (code === 0) this.report('TASK_FINISHED', false, 'exited with status 0');
    else this.report('TASK_FAILED', false, code < 0 ? 'exited (status unknown: adopted after an agent restart)' : `exited with status ${code}`);
  }

  /**
   * Stop the process (drain, SIGTERM, grace, SIGKILL — see drain.ts), unwire,
   * and report state (if given). An agent that detaches during the drain
   * leaves the task running.
   */
  async kill(state: TaskState | undefined, message: string, results?: HealthCheckResult[], plan?: StopPlan): Promise<void> {
    if (this.live.phase === 'stopping') return;
    this.live.phase = 'stopping';
    this.live.checker?.stop();
    if (state) this.report('TASK_KILLING', false, message);
    const rec = this.live.record;
    if (plan && plan.drainMs > 0) {
      await new Promise((r) => setTimeout(r, plan.drainMs));
      if (this.live.phase !== 'stopping') return;
    }
    await this.stopProcesses(plan?.graceMs);
    await this.teardown(rec?.attachment);
    if (state) this.report(state, false, message, results);
  }

  /** SIGTERM, grace, SIGKILL every process of the task (all containers of a pod) at once. */
  private async stopProcesses(graceMs = this.env.killGraceMs): Promise<void> {
    await Promise.all(processesOf(this.live.record).map((p) => stopTask(p.pid, p.startTime, graceMs)));
  }

  /** Remove wiring, netns, resolv.conf, record and soft state. Idempotent. */
  async teardown(att: Attachment | undefined): Promise<void> {
    const e = this.env;
    this.live.checker?.stop();
    this.live.cancelWatch?.();
    if (att) {
      await getMode(att.mode).del(att, e.ctx).catch((err) => e.log.error({ taskId: att.taskId, err: errorMessage(err) }, 'failed to unwire task'));
    }
    // The resolv.conf this task wrote (its own netns name), never that of a netns it joined.
    rmSync(resolvConfDir(taskNetnsName(e.self().id, this.live.taskId)), { recursive: true, force: true });
    e.records.remove(this.live.taskId);
    await e.results.remove(this.live.taskId).catch(() => undefined);
    e.onGone(this.live.taskId);
  }
}

/** Where a check probes: MESOS_* and COMMAND inside the task, the others from the host. */
export function probeTarget(hc: AppDefinition['healthChecks'][number], task: Task, att: Attachment | undefined, self: Agent): ProbeTarget {
  const port = hc.portIndex !== undefined ? task.ports[hc.portIndex] : undefined;
  const inside = hc.protocol.startsWith('MESOS_') || hc.protocol === 'COMMAND';
  if (inside) return { netns: att?.netns, host: '127.0.0.1', port: hc.port ?? port?.containerPort ?? port?.hostPort };
  if (port?.hostPort) return { host: self.ip, port: port.hostPort };
  return { host: att?.ip ?? self.ip, port: hc.port ?? port?.containerPort };
}
