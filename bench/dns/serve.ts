/**
 * Start Marina DNS on a MemoryFeed filled with `--apps N --tasks M` apps
 * (host mode, one port each, agents in 198.18.0.0/24) for benchmarks and
 * manual dig sessions. Prints one JSON line with the addresses when ready.
 * Usage: node -r ./bench/_register.js bench/dns/serve.ts --port 5300 --apps 1000 --tasks 1
 */
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { ClusterEvent } from '../../lib/feed/feed';
import { startDns } from '../../services/dns/service';
import { dnsConfig } from '../../services/dns/options';
import { agent, task, hostPort } from '../../services/dns/testing/fixtures';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** Events for `apps` apps × `tasks` tasks over 100 agents. */
export function benchEvents(apps: number, tasks: number, prefix = 'app'): ClusterEvent[] {
  const ev: ClusterEvent[] = [];
  for (let a = 0; a < 100; a++) ev.push({ kind: 'agent', op: 'put', id: `agent-S${a}`, value: agent(`agent-S${a}`, `198.18.0.${a + 10}`) });
  for (let i = 0; i < apps; i++) {
    for (let t = 0; t < tasks; t++) {
      const id = `${prefix}${i}.t${t}`;
      ev.push({ kind: 'task', op: 'put', id, value: task({ id, appId: `/${prefix}${i}`, agentId: `agent-S${(i + t) % 100}`, ports: [hostPort(31000 + ((i * tasks + t) % 1000))] }) });
    }
  }
  return ev;
}

async function main(): Promise<void> {
  const feed = new MemoryFeed();
  feed.publish(benchEvents(arg('apps', 1000), arg('tasks', 1)));
  const port = arg('port', 0);
  const dns = await startDns(dnsConfig({ listen: [`127.0.0.1:${port}`], httpListen: '127.0.0.1:0', allocator: '127.0.0.1:8081' }), { feed: feed.subscriber() });
  process.stdout.write(JSON.stringify({ udp: dns.udpAddress, http: dns.httpAddress, records: dns.state.view.table.recordCount() }) + '\n');
  const stop = () => void dns.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) void main();
