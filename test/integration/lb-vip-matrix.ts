/**
 * Shared by lb-vip-bridge-up and lb-vip-bridge-cluster: a bridge-mode VIP
 * backend (TCP containerPort 8080 behind VIP:80, UDP 8053 behind VIP:53, both
 * on dynamic host ports) and clients that call the VIP from a host's network
 * namespace or from inside a task (host, bridge and virtual-network mode).
 * The backend answers "backend <client address as it sees it>".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { taskNetnsName } from '../../services/agent/names';
import { run } from '../helpers/exec';
import { waitUntil } from '../helpers/_children';

export const ECHO = join(__dirname, 'lb-helpers', 'echo-both.py');
export const CLIENT = join(__dirname, 'lb-helpers', 'vip-client.py');

export interface ApiTask {
  id: string;
  appId: string;
  host: string;
  state: string;
  ipAddresses?: Array<{ ipAddress: string }>;
}

type Constraints = string[][] | undefined;

/** The backend: bridge mode, named VIP `vip` on :80/tcp and :53/udp. `marker` tags its command line for cleanup. */
export function backendApp(id: string, vip: string, marker: string, constraints?: Constraints): object {
  return {
    id, cmd: `exec python3 ${ECHO} backend 8080 8053 ${marker}`, cpus: 0.1, mem: 32, constraints,
    networks: [{ mode: 'container/bridge' }],
    container: {
      type: 'MESOS',
      portMappings: [
        { containerPort: 8080, hostPort: 0, protocol: 'tcp', labels: { VIP_0: `${vip}:80` } },
        { containerPort: 8053, hostPort: 0, protocol: 'udp', labels: { VIP_1: `${vip}:53` } },
      ],
    },
  };
}

export type ClientMode = 'host' | 'bridge' | 'virtual';

/** A task that only sleeps, in the given network mode; the tests run the VIP client inside its network namespace. */
export function sleeperApp(id: string, mode: ClientMode, marker: string, opts: { network?: string; constraints?: Constraints } = {}): object {
  const networks = mode === 'host' ? [{ mode: 'host' }] : mode === 'bridge' ? [{ mode: 'container/bridge' }] : [{ mode: 'container', name: opts.network }];
  return { id, cmd: `exec python3 -c "import time; time.sleep(3600)" ${marker}`, cpus: 0.1, mem: 32, constraints: opts.constraints, networks, ...(mode === 'host' ? { portDefinitions: [] } : {}) };
}

/** Where a client runs: a named netns (a host, or a bridge/virtual task's) or a process's netns (a host-mode task). */
export type Where = { netns: string } | { pid: number };

/** Where a task's processes run, from its agent's task records (`<agentDataDir>/tasks/*.json`). */
export function whereTask(t: ApiTask, agentDataDir: string, mode: ClientMode): Where {
  if (mode !== 'host') return { netns: taskNetnsName(t.host, t.id) };
  const dir = join(agentDataDir, 'tasks');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const rec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { taskId: string; pid: number };
    if (rec.taskId === t.id) return { pid: rec.pid };
  }
  throw new Error(`no task record for ${t.id} in ${dir}`);
}

/** One call to the VIP from `where`: the backend's reply (or '' and the error). */
export async function callVip(where: Where, proto: 'tcp' | 'udp', vip: string): Promise<{ ok: boolean; reply: string; err: string }> {
  const port = proto === 'tcp' ? '80' : '53';
  const argv = 'netns' in where ? ['ip', ['netns', 'exec', where.netns, 'python3', CLIENT, proto, vip, port]] : ['nsenter', [`--net=/proc/${where.pid}/ns/net`, 'python3', CLIENT, proto, vip, port]];
  const res = await run(argv[0] as string, argv[1] as string[]);
  return { ok: res.code === 0, reply: res.stdout.trim(), err: res.stderr.trim() };
}

/**
 * Call until it answers (UDP: a datagram sent before the rules existed may
 * be lost; each try is a new socket, hence a new conntrack entry), at most
 * `tries` times; the last result.
 */
export async function callVipRetry(where: Where, proto: 'tcp' | 'udp', vip: string, tries = 3): Promise<{ ok: boolean; reply: string; err: string }> {
  let last = await callVip(where, proto, vip);
  for (let i = 1; i < tries && !last.ok; i++) last = await callVip(where, proto, vip);
  return last;
}

export { parseApi } from '../helpers/local-cluster';

/** The first running task of an app, waiting up to a minute; `api` calls the allocator's /v2. */
export async function runningTask(api: (method: string, path: string) => Promise<any>, appId: string): Promise<ApiTask> {
  let t: ApiTask | undefined;
  await waitUntil(`${appId} running`, async () => {
    t = ((await api('GET', `/v2/apps${appId}/tasks`)) as { tasks?: ApiTask[] }).tasks?.find((x) => x.state === 'TASK_RUNNING');
    return t !== undefined;
  }, 60_000, 250);
  return t!;
}
