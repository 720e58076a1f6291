/**
 * The host-side checks of `marina trace`, run by the agent in a task's netns
 * (through `ip netns exec`/`nsenter` children: the agent never setns()es) or
 * in its host's: DNS as the task resolves it, the lb's kernel VIP entries,
 * route / link / neighbour / FDB / MTU on the way, listening sockets of the
 * target, and a real TCP connect or UDP exchange. Read-only, except for the
 * probe's own connection. Each check is bounded: at most MAX_DESTS routes,
 * every command under a timeout.
 */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec, type ExecOptions, type ExecResult } from '../../../lib/exec';
import { errorMessage, MarinaError } from '../../../lib/errors';
import type { LogsCheck, NftraceCheck } from '../../../lib/trace/types';
import { LogTailError, readTail } from '../logs/tail';
import type { CheckRequest, CheckResults, DnsCheck, LinkInfo, PathCheck, PathDest, ProbeCheck, ProbeResult, RouteHop, TargetCheck, VipCheck } from '../../../lib/trace/types';
import type { HostExec } from '../exec';
import { conntrackReplySource, firstNameserver, listeningOn, parseDig, parseRouteGet, vipFromIptables, vipFromNft } from './parse';
import { startNftTrace, type NftTrace } from './nftrace';
import { PROBE_PAYLOAD, probeArgs, probeOutcome } from './probe-command';

/** Where a task runs: its netns (undefined = the host's) and the resolv.conf it sees. */
export interface TaskPlace {
  netns?: string;
  resolvConf?: string;
  /** The task's sandbox dir (its stdout/stderr files; a pod's: one subfolder per container). */
  sandbox?: string;
  /** A pod's containers, by name (each logs into <sandbox>/<name>/). */
  containers?: string[];
}

export interface CheckEnv {
  exec: HostExec;
  /** The agent's --dns-server (what host-mode tasks and the host itself are traced against). */
  dnsServer?: string;
  /** A task of this agent, once wired; undefined when it is not here. */
  place(taskId: string): TaskPlace | undefined;
}

const MAX_DESTS = 16;
const CMD_TIMEOUT_MS = 5000;

const MAX_REMOTE_TRACES = 8;
/** A target-side trace the allocator never stopped ends by itself. */
const REMOTE_TRACE_TTL_MS = 20_000;

export class TraceChecks {
  private readonly remote = new Map<number, { trace: NftTrace; timer: NodeJS.Timeout }>();

  constructor(private readonly env: CheckEnv) {}

  async run(req: CheckRequest): Promise<CheckResults[CheckRequest['check']]> {
    switch (req.check) {
      case 'dns':
        return this.dns(req);
      case 'vip':
        return this.vip(req);
      case 'path':
        return this.path(req);
      case 'target':
        return this.target(req);
      case 'probe':
        return this.probe(req);
      case 'nftrace':
        return this.nftrace(req);
      case 'logs':
        return this.logs(req);
      default:
        throw new MarinaError('MARINA_ERR_BAD_REQUEST', `unknown trace check ${JSON.stringify((req as { check?: unknown }).check)}`);
    }
  }

  private where(taskId: string | undefined): TaskPlace {
    if (taskId === undefined) return {};
    const p = this.env.place(taskId);
    if (!p) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${taskId} is not wired on this agent`);
    return p;
  }

  /** Run in the task's netns (nsenter, network only) or the host's. */
  private inPlace(p: TaskPlace, cmd: string, args: string[], opts: Pick<ExecOptions, 'env' | 'input' | 'timeoutMs'> = {}): Promise<ExecResult> {
    if (p.netns) return exec(cmd, args, { netns: p.netns, enter: 'nsenter', timeoutMs: CMD_TIMEOUT_MS, ...opts });
    return this.env.exec.run(cmd, args, { timeoutMs: CMD_TIMEOUT_MS, ...opts });
  }

  private async dns(req: DnsCheck): Promise<CheckResults['dns']> {
    // dig reads `-x`, `-f file`, `+opt`, `@server` as options: only a plain name is queried
    if (typeof req.name !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/.test(req.name)) throw new MarinaError('MARINA_ERR_BAD_REQUEST', 'the dns check needs a DNS name');
    const p = this.where(req.taskId);
    const resolv = p.resolvConf ? await readFile(p.resolvConf, 'utf8').catch(() => '') : '';
    const server = firstNameserver(resolv) ?? this.env.dnsServer ?? firstNameserver(await readFile('/etc/resolv.conf', 'utf8').catch(() => ''));
    if (!server) return { rcode: 'unknown', answers: [], error: 'no nameserver configured for this task or host' };
    const query = async (type: string) => {
      const res = await this.inPlace(p, 'dig', ['+tries=1', '+time=2', '+noall', '+comments', '+answer', `@${server}`, req.name, type]);
      if (res.code !== 0 && !/status:/.test(res.stdout)) return { rcode: res.code === 9 ? 'timeout' : 'error', answers: [], error: (res.stdout + res.stderr).trim().split('\n').pop() || `dig exited ${res.code}` };
      return parseDig(res.stdout);
    };
    let r: CheckResults['dns'] = await query('A');
    if (r.rcode === 'NOERROR' && r.answers.length === 0) r = await query('AAAA');
    return { server, ...r };
  }

  private async vip(req: VipCheck): Promise<CheckResults['vip']> {
    const f = req.ip.includes(':') ? 6 : 4;
    // the lb's whole table in one listing (its maps vips/be and set noep): one nft process, and only this table fetched
    const table = await this.env.exec.run('nft', ['-j', 'list', 'table', 'inet', 'marina'], { timeoutMs: CMD_TIMEOUT_MS });
    if (table.code === 0) return vipFromNft(table.stdout, req.ip, req.port, req.proto);
    const save = f === 6 ? 'ip6tables-save' : 'iptables-save';
    const nat = await this.env.exec.run(save, ['-t', 'nat'], { timeoutMs: CMD_TIMEOUT_MS });
    if (nat.code === 0 && nat.stdout.includes(':MARINA-SERVICES')) {
      const filter = await this.env.exec.run(save, ['-t', 'filter'], { timeoutMs: CMD_TIMEOUT_MS });
      return vipFromIptables(nat.stdout, filter.stdout, req.ip, req.port, req.proto);
    }
    return { dataPlane: 'none', present: false };
  }

  private async link(p: TaskPlace, dev: string): Promise<LinkInfo> {
    const res = await this.inPlace(p, 'ip', ['-j', '-d', 'link', 'show', 'dev', dev]);
    try {
      const l = (JSON.parse(res.stdout) as Array<{ mtu?: number; operstate?: string; linkinfo?: { info_kind?: string } }>)[0];
      return { dev, ...(l?.operstate ? { state: l.operstate } : {}), ...(l?.mtu ? { mtu: l.mtu } : {}), ...(l?.linkinfo?.info_kind ? { kind: l.linkinfo.info_kind } : {}) };
    } catch {
      return { dev };
    }
  }

  private async route(p: TaskPlace, ip: string): Promise<RouteHop> {
    const hop: RouteHop = parseRouteGet(await this.inPlace(p, 'ip', ['-j', 'route', 'get', ip]));
    if (hop.dev) hop.link = await this.link(p, hop.dev);
    return hop;
  }

  private async overlay(dest: PathDest): Promise<void> {
    const dev = dest.host!.dev!;
    const next = dest.host!.gateway ?? dest.ip;
    const host: TaskPlace = {};
    const neigh = await this.inPlace(host, 'ip', ['-j', 'neigh', 'show', next, 'dev', dev]);
    const n = (JSON.parse(neigh.stdout || '[]') as Array<{ lladdr?: string; state?: string[] }>)[0];
    dest.neigh = { ip: next, ...(n?.lladdr ? { lladdr: n.lladdr } : {}), ...(n?.state ? { state: n.state.join(',') } : {}) };
    if (!n?.lladdr) return;
    const fdb = await this.inPlace(host, 'bridge', ['-j', 'fdb', 'show', 'dev', dev]);
    const e = (JSON.parse(fdb.stdout || '[]') as Array<{ mac?: string; dst?: string }>).find((x) => x.mac === n.lladdr && x.dst);
    if (e) dest.fdb = { mac: e.mac!, dst: e.dst! };
  }

  private async path(req: PathCheck): Promise<CheckResults['path']> {
    const p = this.where(req.taskId);
    const dests: PathDest[] = [];
    for (const d of req.dests.slice(0, MAX_DESTS)) {
      const dest: PathDest = { ip: d.ip };
      if (p.netns) dest.inside = await this.route(p, d.ip);
      dest.host = await this.route({}, d.ip);
      if (dest.host.link?.kind === 'vxlan') {
        await this.overlay(dest).catch((err: unknown) => {
          dest.neigh = { ip: dest.host!.gateway ?? d.ip, state: `unreadable: ${errorMessage(err)}` };
        });
      }
      dests.push(dest);
    }
    return { dests };
  }

  private async target(req: TargetCheck): Promise<CheckResults['target']> {
    const p = this.where(req.taskId);
    const res = await this.inPlace(p, 'ss', ['-H', req.proto === 'udp' ? '-lnu' : '-lnt']);
    const where = p.netns ?? 'host';
    if (res.code !== 0) return { where, listening: false, sockets: [], error: res.stderr.trim() || `ss exited ${res.code}` };
    const sockets = listeningOn(res.stdout, req.port);
    return { where, listening: sockets.length > 0, sockets };
  }

  private async probe(req: ProbeCheck): Promise<CheckResults['probe']> {
    const p = this.where(req.taskId);
    const timeoutMs = Math.min(Math.max(req.timeoutMs, 100), 10_000);
    // a fixed, random source port: the nftables trace marks this probe's packets and no others
    const sport = req.sport && req.sport >= 40000 && req.sport < 60000 ? req.sport : 40000 + randomInt(20000);
    // a trace the allocator started here for this probe (beside the other checks) is taken over, else one starts now
    const nftrace = this.takeRemote(sport) ?? (await startNftTrace(this.env.exec, [{ ip: req.ip, port: req.port }], req.proto, sport));
    let res: ExecResult;
    const t0 = performance.now();
    try {
      // C locale: the outcome is read from socat's (strerror) words
      res = await this.inPlace(p, 'socat', probeArgs(req.ip, req.port, req.proto, sport, timeoutMs), {
        env: { ...process.env, LC_ALL: 'C' },
        ...(req.proto === 'udp' ? { input: PROBE_PAYLOAD } : {}),
        timeoutMs: timeoutMs + CMD_TIMEOUT_MS,
      });
    } catch (err) {
      await nftrace.stop(); // the trace table never outlives the probe
      throw err;
    }
    const out: ProbeResult = { ...probeOutcome(req.proto, res.code, res.stdout, res.stderr, sport), ms: Math.round(performance.now() - t0) };
    // the trace read back and the conntrack entry at once (the entry outlives the probe's connection)
    const dest = req.ip.includes(':') ? `[${req.ip}]:${req.port}` : `${req.ip}:${req.port}`;
    const localPort = out.localPort;
    const [traced, chosen] = await Promise.all([
      nftrace.stop(),
      // The flow's conntrack entry in the host netns (where the lb's DNAT runs) names the backend chosen.
      localPort
        ? this.env.exec.run('conntrack', ['-L', '-p', req.proto, '--dst', req.ip, '--dport', String(req.port), '--sport', String(localPort)], { timeoutMs: CMD_TIMEOUT_MS }).then((ct) => conntrackReplySource(ct.stdout))
        : Promise.resolve(undefined),
    ]);
    out.rules = traced.rules;
    if (traced.error) out.traceError = traced.error;
    if (chosen && chosen !== dest) out.chosen = chosen;
    return out;
  }

  /** The tail of a task of this agent's stdout/stderr; tasks not here are refused (where() throws). */
  private logs(req: LogsCheck): CheckResults['logs'] {
    const p = this.where(req.taskId);
    const sandbox = p.sandbox;
    if (!sandbox) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${req.taskId} has no sandbox on this agent`);
    try {
      if (!p.containers?.length) {
        if (req.container !== undefined) throw new MarinaError('MARINA_ERR_BAD_REQUEST', `container: task ${req.taskId} is not a pod (it has no containers)`);
        return readTail(sandbox, req.stream, req.lines);
      }
      if (req.container === undefined) {
        const containers = p.containers.map((c) => {
          const t = readTail(join(sandbox, c), req.stream, req.lines);
          return { container: c, lines: t.lines, truncated: t.truncated };
        });
        return { stream: req.stream, lines: [], truncated: containers.some((c) => c.truncated), containers };
      }
      if (!p.containers.includes(req.container)) throw new MarinaError('MARINA_ERR_BAD_REQUEST', `container: pod task ${req.taskId} has no container ${JSON.stringify(req.container)} (it has ${p.containers.join(', ')})`);
      return { ...readTail(join(sandbox, req.container), req.stream, req.lines), container: req.container };
    } catch (err) {
      if (!(err instanceof LogTailError)) throw err;
      throw new MarinaError(err.code === 'invalid' ? 'MARINA_ERR_BAD_REQUEST' : err.code === 'missing' ? 'MARINA_ERR_NOT_FOUND' : 'MARINA_ERR_FORBIDDEN', err.message);
    }
  }

  /** The probe's nftables trace started ahead (on a target host, or on FROM's host for the probe to take over): start marks the probe's packets, stop returns what they hit. */
  private async nftrace(req: NftraceCheck): Promise<CheckResults['nftrace']> {
    if (!(Number.isInteger(req.sport) && req.sport >= 40000 && req.sport < 60000)) return { rules: [], error: 'sport must be 40000-59999' };
    if (req.action === 'stop') {
      const trace = this.takeRemote(req.sport);
      if (!trace) return { rules: [], error: 'no trace running for this probe' };
      return trace.stop();
    }
    if (this.remote.size >= MAX_REMOTE_TRACES || this.remote.has(req.sport)) return { rules: [], error: `tracing busy (${MAX_REMOTE_TRACES} at most)` };
    const trace = await startNftTrace(this.env.exec, (req.dests ?? []).slice(0, MAX_DESTS), req.proto, req.sport);
    const timer = setTimeout(() => {
      this.remote.delete(req.sport);
      void trace.stop();
    }, REMOTE_TRACE_TTL_MS);
    timer.unref();
    this.remote.set(req.sport, { trace, timer });
    return { rules: [] };
  }

  /** A started trace, out of the table of running ones (its expiry cancelled): the caller stops it. */
  private takeRemote(sport: number): NftTrace | undefined {
    const r = this.remote.get(sport);
    if (!r) return undefined;
    this.remote.delete(sport);
    clearTimeout(r.timer);
    return r.trace;
  }

  /** Stop every target-side trace (agent shutdown): no trace table outlives the agent. */
  async stopAll(): Promise<void> {
    const all = [...this.remote.values()];
    this.remote.clear();
    for (const r of all) {
      clearTimeout(r.timer);
      await r.trace.stop();
    }
  }
}
