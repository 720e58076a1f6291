// Root-only (a netns, nft): runs in the integration project (see test/README.md).
// The trace's readiness is the monitor's netlink subscription, not a fixed wait: a packet sent the moment
// startNftTrace resolves must be traced, every time, and stop() leaves nothing behind.
import { run, runOk } from '../../../test/helpers/exec';
import { createNetns, deleteNetns } from '../../../test/helpers/netns';
import { HostExec } from '../exec';
import { startNftTrace, traceTableName } from './nftrace';

const H = `marina-ntr${process.pid % 100000}`;
const exec = new HostExec(H);

beforeAll(async () => {
  await createNetns(H);
  await runOk('ip', ['netns', 'exec', H, 'ip', 'link', 'set', 'lo', 'up']);
  // a table of someone else's for the packet to hit (the trace table's own lines are left out)
  // A set as large as a busy lb's makes nft monitor's start (it reads the whole ruleset: ~200 ms)
  // slower than the trace table's set-up (~30 ms), so a trace that did not wait for the
  // monitor's subscription misses the packet.
  const elements = Array.from({ length: 10_000 }, (_, i) => `198.18.${(i >> 8) & 255}.${i & 255} . ${1000 + (i % 50000)}`).join(', ');
  await runOk('ip', ['netns', 'exec', H, 'nft', '-f', '-'], {
    input: `table inet marina-ntr-other {\n set big { type ipv4_addr . inet_service; elements = { ${elements} } }\n chain out {\n type filter hook output priority 0; policy accept;\n udp dport 9 counter\n }\n}\n`,
  });
});
afterAll(async () => {
  await deleteNetns(H);
});

test('the first packet after start is traced (10 times in a row); stop removes the table and the monitor', async () => {
  for (let i = 0; i < 10; i++) {
    const sport = 40000 + i;
    const trace = await startNftTrace(exec, [{ ip: '127.0.0.1', port: 9 }], 'udp', sport);
    // sent at once (socat starts in a few ms), from the traced source port
    await runOk('ip', ['netns', 'exec', H, 'socat', '-u', 'STDIN', `UDP4:127.0.0.1:9,sourceport=${sport}`], { input: 'x' });
    const { rules, error } = await trace.stop();
    expect({ i, error }).toEqual({ i, error: undefined });
    expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/marina-ntr-other out rule udp dport 9 counter/)]));
    expect((await run('ip', ['netns', 'exec', H, 'nft', 'list', 'table', 'inet', traceTableName(sport)])).code).not.toBe(0);
  }
  expect((await run('pgrep', ['-f', `nsenter --net=/run/netns/${H} nft monitor`])).stdout.trim()).toBe('');
}, 60_000); // ten traces of a few hundred ms each; CI runs this beside the whole suite
