/** `marina policies list|show|create|delete|why|status`: network policies (docs/policy.md). */
import { Command } from 'commander';
import type { Policy } from '../../lib/model/policy';
import type { WhyAnswer } from '../../lib/policy/evaluate';
import type { PolicyStatusView } from '../../lib/policy/status-view';
import { client, opts, print, readJson, withCommon } from './output';

interface Common {
  api?: string;
  token?: string;
  ca?: string;
  output?: string;
}

type Answer = Policy & { warnings?: string[] };

const enc = encodeURIComponent;
const appsOf = (p: Policy) => [...(p.selector.apps ?? []), ...Object.entries(p.selector.labels ?? {}).map(([k, v]) => `${k}=${v}`)].join(',');

/** Warnings (host-mode apps a policy cannot isolate) go to stderr so JSON output stays clean. */
function warn(a: Answer): void {
  for (const w of a.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
}

export function command(): Command {
  const pol = withCommon(new Command('policies').description('Network policies: who may reach which app (docs/policy.md)'));
  pol.command('list').description('List policies').action(async (_o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const { policies } = await client(o).get<{ policies: Policy[] }>('/v1/policies');
    const rows = policies.map((p) => ({ id: p.id, selects: appsOf(p), ingress: p.ingress?.length ?? 0, egress: p.egress === undefined ? '-' : p.egress.length, action: p.action ?? 'drop', version: p.version }));
    print(o, policies, rows, ['id', 'selects', 'ingress', 'egress', 'action', 'version']);
  });
  pol.command('show <id>').description('Show one policy as JSON').action(async (id: string, _o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const p = await client(o).get<Answer>(`/v1/policies/${enc(id)}`);
    warn(p);
    process.stdout.write(JSON.stringify(p, null, 2) + '\n');
  });
  pol
    .command('create')
    .description('Create a policy from a JSON file, or replace it with --replace (PUT)')
    .requiredOption('-f, --file <file>', 'the policy JSON (- for stdin)')
    .option('--replace', 'create or replace (a new version) instead of failing when it exists')
    .action(async (_o, cmd: Command) => {
      const o = opts<Common & { file: string; replace?: boolean }>(cmd);
      const body = readJson(o.file) as { id?: string };
      const c = client(o);
      const p = o.replace && body.id ? await c.request<Answer>('PUT', `/v1/policies/${enc(body.id)}`, body) : await c.request<Answer>('POST', '/v1/policies', body);
      warn(p);
      print(o, p, [{ id: p.id, version: p.version }], ['id', 'version']);
    });
  pol.command('delete <id>').description('Delete a policy (its apps are open again unless another selects them)').action(async (id: string, _o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const res = await client(o).request<{ id: string; deleted: boolean }>('DELETE', `/v1/policies/${enc(id)}`);
    print(o, res, [{ id: res.id, deleted: res.deleted }], ['id', 'deleted']);
  });
  pol
    .command('why <from> <to> <port>')
    .description('Would FROM reach TO on PORT[/tcp|udp|sctp]? FROM and TO are app ids, task ids or IPs; evaluated on the model')
    .action(async (from: string, to: string, port: string, _o, cmd: Command) => {
      const o = opts<Common>(cmd);
      const a = await client(o).get<WhyAnswer>(`/v1/policies/why?from=${enc(from)}&to=${enc(to)}&port=${enc(port)}`);
      if (o.output === 'json') return void process.stdout.write(JSON.stringify(a, null, 2) + '\n');
      process.stdout.write(`${a.verdict}: ${a.reason}\n`);
      for (const c of a.checks) process.stdout.write(`  ${c.direction.padEnd(7)} ${c.verdict.padEnd(5)} ${c.reason}\n`);
    });
  pol.command('status <id>').description('Per host: is the policy programmed, and its counters').action(async (id: string, _o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const s = await client(o).get<PolicyStatusView>(`/v1/policies/${enc(id)}/status`);
    const rows = s.hosts.map((h) => ({
      agent: h.agentId,
      programmed: h.programmed,
      version: h.version ?? '',
      allowed: h.rules.reduce((n, r) => n + r.packets, 0),
      dropped: h.dropped.packets,
      synced: h.syncedAt ?? 'never',
      error: h.error,
    }));
    print(o, s, rows, ['agent', 'programmed', 'version', 'allowed', 'dropped', 'synced', 'error']);
  });
  return pol;
}
