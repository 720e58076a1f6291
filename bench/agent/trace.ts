/**
 * Where one bridge task's launch time goes: launches N bridge tasks (with a
 * hostPort) one after another on a simulated host and records every command
 * the agent runs (HostExec.run, i.e. ip, CNI plugins, nft, sysctl) with its
 * duration; prints the median per command and the median launch time.
 * Run: node -r ./bench/_register.js bench/agent/trace.ts [N]
 */
import { HostExec } from '../../services/agent/exec';
import { FakeAllocator, app, task } from '../../test/helpers/agent/fake-allocator';
import { createHosts } from '../../test/helpers/agent/hosts';
import { startInProcessAgent } from '../../test/helpers/agent/in-process';

const N = Number(process.argv[2] ?? 10);
const samples = new Map<string, number[]>();
let tracing = false;

const run = HostExec.prototype.run;
HostExec.prototype.run = async function traced(this: HostExec, cmd, args, opts) {
  const t0 = performance.now();
  const res = await run.call(this, cmd, args, opts);
  if (tracing) {
    const words = args[0] === '-n' ? ['-n <ns>', ...args.slice(2, 3)] : args.slice(0, 2);
    const key = `${cmd.split('/').pop()} ${opts?.env?.CNI_COMMAND ?? words.join(' ')}`;
    samples.set(key, [...(samples.get(key) ?? []), performance.now() - t0]);
  }
  return res;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const under = await createHosts('marina-ac', '198.18.7', 1);
  const alloc = new FakeAllocator();
  let wake: () => void = () => undefined;
  const report = alloc.reportTaskStatus.bind(alloc);
  alloc.reportTaskStatus = async (...a) => {
    await report(...a);
    wake();
  };
  const waitFor = async (id: string, states: string[]) => {
    while (!states.includes(alloc.lastState(id) ?? '')) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
  };
  alloc.putApp(app('/b', 'exec sleep 600'));
  const h = await startInProcessAgent(alloc, under.hosts[0], { killGraceMs: 200, fabricRecheckMs: 10_000 });
  const launch: number[] = [];
  try {
    for (let i = 0; i < N; i++) {
      const id = `trace.${i}`;
      tracing = true;
      const t0 = performance.now();
      alloc.putTask(task(id, '/b', 'marina-ac1', { networkMode: 'bridge', ports: [{ hostPort: 31000 + i, containerPort: 8080, protocol: 'tcp', labels: {} }] }));
      await waitFor(id, ['TASK_RUNNING', 'TASK_FAILED']);
      launch.push(performance.now() - t0);
      tracing = false;
      alloc.putTask({ ...alloc.task(id)!, desired: 'stop' });
      await waitFor(id, ['TASK_KILLED']);
    }
  } finally {
    await h.stop(true);
    await under.destroy();
  }
  console.log('| command (launch path) | calls/task | median ms |\n|---|---|---|');
  for (const [k, v] of samples) console.log(`| ${k} | ${(v.length / N).toFixed(1)} | ${median(v).toFixed(1)} |`);
  console.log(`| **launch, feed → TASK_RUNNING** | | ${median(launch).toFixed(1)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
