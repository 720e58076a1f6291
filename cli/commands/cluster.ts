/** `marina agents list`, `marina networks create|list|delete`, `marina alloc ports|ips|vips|gc`. */
import { Command } from 'commander';
import { client, opts, print, withCommon } from './output';

interface CommonOpts {
  api?: string;
  output?: string;
}

type Alloc = { kind: string; key: string; appId: string; taskId: string; agentId: string; network: string; value: string };

export function agentsCommand(): Command {
  const agents = withCommon(new Command('agents').description('Inspect agents'));
  agents.command('list').description('List live agents').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const { agents: list } = await client(o).get<{ agents: Array<{ id: string; hostname: string; ip: string; bridgeCidr?: string; tasks: number; portRanges: Array<{ begin: number; end: number }> }> }>('/v1/agents');
    print(o, list, list.map((a) => ({ id: a.id, hostname: a.hostname, ip: a.ip, bridge: a.bridgeCidr, ports: a.portRanges.map((r) => `${r.begin}-${r.end}`).join(','), tasks: a.tasks })), ['id', 'hostname', 'ip', 'bridge', 'ports', 'tasks']);
  });
  return agents;
}

export function networksCommand(): Command {
  const nets = withCommon(new Command('networks').description('Manage virtual networks'));
  nets
    .command('create <name>')
    .description('Create a virtual network')
    .requiredOption('--cidr <cidr>', 'IPv4 pool, e.g. 198.19.0.0/17')
    .option('--cidr6 <cidr>', 'IPv6 pool')
    .option('--driver <driver>', 'vxlan | host-gw | macvlan | ptp', 'vxlan')
    .option('--block-size <n>', 'per-host block prefix length', '26')
    .option('--vni <n>', 'VXLAN id')
    .option('--parent <ifname>', 'macvlan parent interface')
    .action(async (name: string, _o, cmd: Command) => {
      const o = opts<CommonOpts & { cidr: string; cidr6?: string; driver: string; blockSize: string; vni?: string; parent?: string }>(cmd);
      const body = { name, cidr: o.cidr, ...(o.cidr6 ? { cidr6: o.cidr6 } : {}), driver: o.driver, blockSize: Number(o.blockSize), ...(o.vni ? { vni: Number(o.vni) } : {}), ...(o.parent ? { parent: o.parent } : {}) };
      const net = await client(o).request<{ name: string; cidr: string; driver: string }>('POST', '/v2/networks', body);
      print(o, net, [{ name: net.name, cidr: net.cidr, driver: net.driver }], ['name', 'cidr', 'driver']);
    });
  nets.command('list').description('List networks').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const { networks } = await client(o).get<{ networks: Array<{ name: string; cidr?: string; driver: string; blockSize: number; vni?: number }> }>('/v2/networks');
    print(o, networks, networks.map((n) => ({ name: n.name, cidr: n.cidr, driver: n.driver, block: `/${n.blockSize}`, vni: n.vni })), ['name', 'cidr', 'driver', 'block', 'vni']);
  });
  nets.command('delete <name>').description('Delete an unused network').action(async (name: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const res = await client(o).request<{ deleted: string }>('DELETE', `/v2/networks/${encodeURIComponent(name)}`);
    print(o, res, [{ deleted: res.deleted }], ['deleted']);
  });
  return nets;
}

function allocList(kind: string, filterFlag?: { flag: string; query: string }): (parent: Command) => void {
  return (parent) => {
    const sub = parent.command(kind).description(`List ${kind} allocations`);
    if (filterFlag) sub.option(`--${filterFlag.flag} <value>`, `only this ${filterFlag.flag}`);
    sub.action(async (_o, cmd: Command) => {
      const o = opts<CommonOpts & Record<string, string | undefined>>(cmd);
      const q = filterFlag && o[filterFlag.flag] ? `?${filterFlag.query}=${encodeURIComponent(o[filterFlag.flag]!)}` : '';
      const { allocations } = await client(o).get<{ allocations: Alloc[] }>(`/v1/alloc/${kind}${q}`);
      print(o, allocations, allocations.map((a) => ({ value: a.value, agent: a.agentId, network: a.network, app: a.appId, task: a.taskId })), ['value', 'agent', 'network', 'app', 'task']);
    });
  };
}

export function allocCommand(): Command {
  const alloc = withCommon(new Command('alloc').description('Inspect allocations and collect orphans'));
  allocList('ports', { flag: 'agent', query: 'agent' })(alloc);
  allocList('ips', { flag: 'network', query: 'network' })(alloc);
  allocList('vips')(alloc);
  allocList('serviceports')(alloc);
  alloc
    .command('gc')
    .description('Find (and with no --dry-run, remove) allocations whose task or app is gone')
    .option('--dry-run', 'only report')
    .action(async (_o, cmd: Command) => {
      const o = opts<CommonOpts & { dryRun?: boolean }>(cmd);
      const rep = await client(o).request<{ dryRun: boolean; orphanAllocations: Alloc[]; orphanTasks: Array<{ id: string; appId: string }> }>('POST', `/v1/alloc/gc${o.dryRun ? '?dryRun=true' : ''}`);
      const rows = [...rep.orphanAllocations.map((a) => ({ what: a.kind, key: a.key, app: a.appId, task: a.taskId })), ...rep.orphanTasks.map((t) => ({ what: 'task', key: t.id, app: t.appId, task: t.id }))];
      print(o, rep, rows, ['what', 'key', 'app', 'task']);
      if (o.output !== 'json') process.stdout.write(`${rows.length} orphan(s) ${rep.dryRun ? 'found (dry run)' : 'removed'}\n`);
    });
  return alloc;
}
