/**
 * iptables mode across an lb restart (real iptables-nft in netns
 * marina-lvrs): a fresh backend knows none of the chains, lists them (`nft
 * list chains`), replaces the layout an earlier version left
 * (MARINA-SVC-<16> → MARINA-SEP-<16>) and the VIPs gone while it was down
 * (their service chains, and the prefix chains no VIP or backend uses any
 * more), and keeps one jump per built-in chain.
 */
import { IptablesBackend } from '../../services/lb/backends/iptables/apply';
import { renderFull } from '../../services/lb/backends/iptables/render';
import { syntheticTable } from '../../bench/lb/synthetic';
import { cleanupNetns, createNetns, netnsExec } from '../helpers/netns';

jest.setTimeout(120_000);

const NS = 'marina-lvrs';
const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false, netns: NS };

async function natChains(): Promise<string[]> {
  const save = (await netnsExec(NS, ['iptables-save', '-t', 'nat'])).stdout;
  return save.split('\n').flatMap((l) => /^:(MARINA-\S+)/.exec(l)?.[1] ?? []);
}

/** The chains a full sync of n synthetic VIPs writes. */
const wanted = (n: number) => [...new Set(renderFull(syntheticTable(n, 3), 4, opts).chains)].sort();

beforeAll(async () => {
  await createNetns(NS);
});
afterAll(cleanupNetns);

test('a restarted lb lists its chains, removes the old layout and the VIPs gone meanwhile, keeps one jump each', async () => {
  await netnsExec(NS, ['iptables-restore', '--noflush'], {
    input: '*nat\n:MARINA-SVC-OLDOLDOLDOLDOLDO - [0:0]\n:MARINA-SEP-OLDOLDOLDOLDOLDO - [0:0]\n-A MARINA-SVC-OLDOLDOLDOLDOLDO -j MARINA-SEP-OLDOLDOLDOLDOLDO\nCOMMIT\n',
  });
  await new IptablesBackend(opts).sync(new Map(), syntheticTable(300, 3), true);
  const first = await natChains();
  expect(first.filter((c) => c.startsWith('MARINA-SVC-'))).toHaveLength(300);
  expect(first.sort()).toEqual(wanted(300));
  // a new process: nothing known, 100 VIPs fewer
  await new IptablesBackend(opts).sync(new Map(), syntheticTable(200, 3), true);
  const chains = await natChains();
  expect(chains.filter((c) => c.startsWith('MARINA-SVC-'))).toHaveLength(200);
  // 300 VIPs span two /24s and their 900 backends four; 200 VIPs one and three.
  expect(chains.filter((c) => c.startsWith('MARINA-NET-'))).toHaveLength(1);
  expect(chains.filter((c) => c.startsWith('MARINA-HP-'))).toHaveLength(3);
  expect(chains.sort()).toEqual(wanted(200));
  expect(chains.filter((c) => c.includes('OLD'))).toEqual([]);
  for (const table of ['nat', 'filter']) {
    const jumps = (await netnsExec(NS, ['iptables-save', '-t', table])).stdout.split('\n').filter((l) => l.includes('"marina lb"'));
    expect(jumps).toHaveLength(3);
  }
});
