/**
 * HAProxy as the edge data plane (`marina lb --edge --haproxy`): the config
 * is rendered from the same routes as the built-in edge; backend changes go
 * through the runtime API into server slots (no reload); when the frontend
 * set or a backend's shape changes, the master-worker process is reloaded
 * with SIGUSR2 and the listening sockets pass to the new worker through the
 * admin socket (`expose-fd listeners`), so no connection is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSnapshot } from '../../../lib/feed/feed';
import { MarinaError } from '../../../lib/errors';
import { logger } from '../../../lib/log';
import { buildRoutes, type EdgeRoute, type RouteOptions } from '../proxy/l7/routes';
import { backendName, renderConfig, shapeOf, slotCommands, slotsFor, type HaproxyRenderOptions } from './render';
import { runtimeCommand } from './runtime';
import { parseShowStat } from './stat';
import { edgeRow, type MemberRow, type ServiceRow } from '../model/service-rows';

export interface HaproxyEdgeOptions extends RouteOptions {
  address: string;
  httpPort: number;
  binary?: string;
  minSlots?: number;
}

export class HaproxyEdge {
  private readonly dir = mkdtempSync(join(tmpdir(), 'marina-haproxy-'));
  private readonly ropts: HaproxyRenderOptions;
  private readonly slots = new Map<string, number>();
  private master: ChildProcess | undefined;
  private shape = '';
  private routes: EdgeRoute[] = [];
  private pending: Promise<void> = Promise.resolve();
  private readonly log = logger('lb.haproxy');
  reloads = 0;
  runtimeUpdates = 0;
  ready = false;

  constructor(private readonly opts: HaproxyEdgeOptions) {
    this.ropts = { address: opts.address, httpPort: opts.httpPort, runDir: this.dir, minSlots: opts.minSlots ?? 8 };
  }

  get socket(): string {
    return join(this.dir, 'admin.sock');
  }

  onChange(view: ClusterSnapshot): void {
    this.pending = this.pending.then(() => this.apply(view)).catch((err: unknown) => this.log.error({ err }, 'haproxy update failed'));
  }

  async settled(): Promise<void> {
    await this.pending;
  }

  private async apply(view: ClusterSnapshot): Promise<void> {
    const prev = new Map(this.routes.map((r) => [backendName(r), r]));
    this.routes = buildRoutes(view, this.opts);
    for (const r of this.routes) if ((this.slots.get(backendName(r)) ?? 0) < r.backends.length) this.slots.set(backendName(r), slotsFor(r, this.ropts.minSlots));
    const config = renderConfig(this.routes, this.ropts, this.slots);
    const shape = shapeOf(this.routes, this.ropts, this.slots);
    if (!this.master) return this.launch(config, shape);
    if (shape !== this.shape) return this.reload(config, shape);
    writeFileSync(join(this.dir, 'haproxy.cfg'), config); // the next reload starts from the current state
    const cmds: string[] = [];
    for (const r of this.routes) {
      const old = prev.get(backendName(r));
      if (old && JSON.stringify(old.backends) === JSON.stringify(r.backends)) continue;
      cmds.push(...slotCommands(r, this.slots.get(backendName(r))!));
    }
    if (cmds.length === 0) return;
    const out = await runtimeCommand(this.socket, cmds);
    if (/No such|Require|Invalid|unknown/i.test(out)) throw new MarinaError('MARINA_ERR_EXEC', `haproxy runtime API refused an update: ${out.trim().slice(0, 300)}`);
    this.runtimeUpdates++;
  }

  private async launch(config: string, shape: string): Promise<void> {
    writeFileSync(join(this.dir, 'haproxy.cfg'), config);
    // Output to a file, not a pipe: with stderr on a pipe, haproxy 2.6's master ignored SIGUSR2 (no reload).
    const logFd = openSync(join(this.dir, 'haproxy.log'), 'a');
    this.master = spawn(this.opts.binary ?? 'haproxy', ['-W', '-db', '-S', this.masterSocket, '-f', join(this.dir, 'haproxy.cfg')], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.shape = shape;
    await this.waitWorker(undefined);
    this.ready = true;
  }

  /**
   * Reload through the master CLI (`-S` socket, `reload`) rather than SIGUSR2:
   * a signal can be lost (haproxy 2.6's master ignored SIGUSR2 with stderr on
   * a pipe, and under load a reload was seen never to start), the CLI command
   * is acknowledged. A reload whose new worker does not show up is asked again.
   */
  private async reload(config: string, shape: string): Promise<void> {
    const before = await this.workerPid();
    writeFileSync(join(this.dir, 'haproxy.cfg'), config);
    this.shape = shape;
    for (let attempt = 1; ; attempt++) {
      await runtimeCommand(this.masterSocket, ['reload'], 2000).catch(() => this.master!.kill('SIGUSR2'));
      try {
        await this.waitWorker(before, 2_000);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        this.log.warn({ attempt }, 'haproxy reload not seen yet; asking again');
      }
    }
    this.reloads++;
  }

  private get masterSocket(): string {
    return join(this.dir, 'master.sock');
  }

  /** The current worker's pid from `show info`, or undefined while none answers. */
  async workerPid(): Promise<number | undefined> {
    try {
      const m = /^Pid: (\d+)/m.exec(await runtimeCommand(this.socket, ['show info'], 1000));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  private async waitWorker(notPid: number | undefined, timeoutMs = 5_000): Promise<void> {
    for (let i = 0; i < timeoutMs / 25; i++) {
      const pid = await this.workerPid();
      if (pid !== undefined && pid !== notPid) return;
      if (this.master?.exitCode !== null) throw new MarinaError('MARINA_ERR_EXEC', `haproxy exited ${this.master?.exitCode} (config ${join(this.dir, 'haproxy.cfg')})`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new MarinaError('MARINA_ERR_EXEC', `haproxy worker did not come up within ${timeoutMs / 1000} s`);
  }

  /**
   * The stats page's rows from HAProxy's own counters (`show stat`): a slot
   * in maintenance is an unused slot, or a removed backend still finishing
   * its connections (shown as draining).
   */
  async statsRows(): Promise<ServiceRow[]> {
    const servers = parseShowStat(await runtimeCommand(this.socket, ['show stat'], 2000).catch(() => ''));
    return this.routes.map((r) => {
      const tasks = new Map(r.backends.map((b) => [`${b.ip}:${b.port}`, b.taskId]));
      const members: MemberRow[] = [];
      for (const s of servers.get(backendName(r)) ?? []) {
        const state = s.status === 'MAINT' || s.status === 'DRAIN' ? 'draining' : s.status === 'DOWN' ? 'ejected' : 'up';
        if (state === 'draining' && s.active === 0) continue;
        members.push({ backend: s.addr, state, taskId: tasks.get(s.addr), active: s.active, requests: s.requests, errors: s.errors });
      }
      return edgeRow(r, this.opts.address, members);
    });
  }

  stats(): unknown {
    return { reloads: this.reloads, runtimeUpdates: this.runtimeUpdates, routes: this.routes.length, config: join(this.dir, 'haproxy.cfg') };
  }

  async close(): Promise<void> {
    await this.pending;
    if (this.master && this.master.exitCode === null) {
      const exited = new Promise((r) => this.master!.once('exit', r));
      this.master.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
