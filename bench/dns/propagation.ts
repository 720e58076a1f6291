/**
 * Propagation delay: from a task turning TASK_RUNNING on the feed to its
 * canonical name being answered over UDP, for 1,000 apps × 10 tasks
 * published one by one into a growing zone; plus heap bytes per record.
 * Run: node --expose-gc -r ./bench/_register.js bench/dns/propagation.ts [apps] [tasksPerApp]
 */
import { createSocket } from 'node:dgram';
import { encode } from 'dns-packet';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { taskHash5, agentTail } from '../../lib/naming';
import { startDns } from '../../services/dns/service';
import { dnsConfig } from '../../services/dns/options';
import { agent, task, hostPort } from '../../services/dns/testing/fixtures';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  const apps = Number(process.argv[2] ?? 1000);
  const per = Number(process.argv[3] ?? 10);
  const feed = new MemoryFeed();
  for (let a = 0; a < 100; a++) feed.publish([{ kind: 'agent', op: 'put', id: `agent-S${a}`, value: agent(`agent-S${a}`, `198.18.0.${a + 10}`) }]);
  const dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' }), { feed: feed.subscriber() });
  gc();
  const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const heap0 = mem();
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  let waiting: ((ok: boolean) => void) | undefined;
  sock.on('message', (m) => waiting?.((m[3]! & 0xf) === 0 && m.readUInt16BE(6) > 0));
  const ask = (name: string) =>
    new Promise<boolean>((resolve) => {
      waiting = resolve;
      sock.send(encode({ type: 'query', id: 1, questions: [{ type: 'A', name }] }), dns.udpAddress.port, '127.0.0.1');
    });
  const delays: number[] = [];
  for (let i = 0; i < apps; i++) {
    for (let t = 0; t < per; t++) {
      const id = `app${i}.t${t}`;
      const agentId = `agent-S${(i + t) % 100}`;
      const name = `app${i}-${taskHash5(id)}-${agentTail(agentId)}.marathon.mesos`;
      const t0 = performance.now();
      feed.publish([{ kind: 'task', op: 'put', id, value: task({ id, appId: `/app${i}`, agentId, ports: [hostPort(31000 + t)] }) }]);
      while (!(await ask(name))) await new Promise((r) => setImmediate(r));
      delays.push(performance.now() - t0);
    }
  }
  gc();
  const heap = mem() - heap0;
  const records = dns.state.view.table.recordCount();
  delays.sort((a, b) => a - b);
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor(delays.length * p))]!.toFixed(3);
  process.stdout.write(JSON.stringify({ tasks: delays.length, p50_ms: pct(0.5), p99_ms: pct(0.99), max_ms: pct(1), records, names: dns.state.view.table.names.size, heap_bytes_per_record: Math.round(heap / records) }) + '\n');
  sock.close();
  await dns.stop();
}

void main();
