/** `marina pods list|status|create|update|delete` against Marathon's /v2/pods. */
import { Command } from 'commander';
import type { AllocatorHttpClient } from '../../lib/client/http-client';
import { client, FORCE_HELP, forced, opts, print, readJson, waitable, waitUntilDone, withCommon, type Row } from './output';

interface CommonOpts {
  api?: string;
  output?: string;
  wait?: boolean;
  timeout?: string;
}

type Pod = { id: string; scaling?: { instances?: number }; containers?: Array<{ name: string }>; version?: string };
type Endpoint = { name: string; allocatedHostPort: number | null };
type Instance = { id: string; status: string; agentHostname: string; networks: Array<{ addresses: string[] }>; containers: Array<{ name: string; endpoints: Endpoint[] }> };
type PodStatus = { id: string; status: string; spec: Pod; instances: Instance[] };

function podPath(id: string): string {
  return '/v2/pods/' + id.replace(/^\/+/, '');
}

const instanceRows = (s: PodStatus): Row[] =>
  s.instances.map((i) => ({
    id: i.id,
    status: i.status,
    host: i.agentHostname,
    ip: i.networks.flatMap((n) => n.addresses).join(','),
    endpoints: (i.containers[0]?.endpoints ?? []).map((e) => `${e.name}:${e.allocatedHostPort ?? '-'}`).join(','),
  }));

async function waitStable(api: AllocatorHttpClient, id: string, timeoutSec: number): Promise<void> {
  await waitUntilDone(`pod ${id}`, timeoutSec, async () => {
    const s = await api.get<PodStatus>(`${podPath(id)}::status`);
    const stable = s.instances.filter((i) => i.status === 'STABLE').length;
    const progress = `${stable}/${s.spec.scaling?.instances ?? 1} stable`;
    return { done: s.status === 'STABLE', progress, short: progress };
  });
}

export function command(): Command {
  const pods = withCommon(new Command('pods').description('Manage Marathon pods (containers sharing one network namespace)'));
  pods.command('list').description('List pods').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const list = await client(o).get<PodStatus[]>('/v2/pods/::status');
    print(o, list, list.map((s) => ({ id: s.id, status: s.status, instances: s.spec.scaling?.instances ?? 1, stable: s.instances.filter((i) => i.status === 'STABLE').length, containers: (s.spec.containers ?? []).map((c) => c.name).join(',') })), ['id', 'status', 'instances', 'stable', 'containers']);
  });
  pods.command('status <id>').description("A pod's instances, hosts and endpoints").action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const s = await client(o).get<PodStatus>(`${podPath(id)}::status`);
    if (o.output === 'json') return print(o, s, [], []);
    process.stdout.write(`id: ${s.id}\nstatus: ${s.status}\n\n`);
    print(o, s, instanceRows(s), ['id', 'status', 'host', 'ip', 'endpoints']);
  });
  waitable(pods.command('create').description('Create a pod from a JSON file').requiredOption('-f, --file <file>', 'pod definition (JSON, - for stdin)'), 'every instance is stable').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts & { file: string }>(cmd);
    const api = client(o);
    const pod = await api.request<Pod>('POST', '/v2/pods', readJson(o.file));
    print(o, pod, [{ id: pod.id, version: pod.version }], ['id', 'version']);
    if (o.wait) await waitStable(api, pod.id, Number(o.timeout));
  });
  waitable(pods.command('update <id>').description('Replace a pod from a JSON file').requiredOption('-f, --file <file>', 'pod definition (JSON, - for stdin)').option('--force', FORCE_HELP), 'every instance is stable').action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts & { file: string; force?: boolean }>(cmd);
    const api = client(o);
    const pod = await api.request<Pod>('PUT', forced(podPath(id), o), readJson(o.file));
    print(o, pod, [{ id: pod.id, version: pod.version }], ['id', 'version']);
    if (o.wait) await waitStable(api, pod.id, Number(o.timeout));
  });
  pods.command('delete <id>').description('Delete a pod (its instances stop)').option('--force', FORCE_HELP).action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts & { force?: boolean }>(cmd);
    const res = await client(o).request<{ deploymentId: string }>('DELETE', forced(podPath(id), o));
    print(o, res, [{ id, deployment: res.deploymentId }], ['id', 'deployment']);
  });
  return pods;
}
