/**
 * iptables mode across an lb restart (real iptables-nft in netns
 * marina-lvrs): a fresh backend knows none of the chains, lists them (`nft
 * list chains`), replaces the layout an earlier version left
 * (MARINA-SVC-<16> → MARINA-SEP-<16>) and the VIPs gone while it was down,
 * and keeps one jump per built-in chain.
 */
import { IptablesBackend } from '../../services/lb/backends/iptables/apply';
import { syntheticTable } from '../../bench/lb/synthetic';
import { cleanupNetns, createNetns, netnsExec } from '../helpers/netns';

jest.setTimeout(120_000);

const NS = 'marina-lvrs';
const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false, netns: NS };

async function natChains(): Promise<string[]> {
  const save = (await netnsExec(NS, ['iptables-save', '-t', 'nat'])).stdout;
  return save.split('\n').flatMap((l) => /^:(MARINA-\S+)/.exec(l)?.[1] ?? []);
}

beforeAll(async () => {
  await createNetns(NS);
});
afterAll(cleanupNetns);

test('a restarted lb lists its chains, removes the old layout and the VIPs gone meanwhile, keeps one jump each', async () => {
  await netnsExec(NS, ['iptables-restore', '--noflush'], {
    input: '*nat\n:MARINA-SVC-OLDOLDOLDOLDOLDO - [0:0]\n:MARINA-SEP-OLDOLDOLDOLDOLDO - [0:0]\n-A MARINA-SVC-OLDOLDOLDOLDOLDO -j MARINA-SEP-OLDOLDOLDOLDOLDO\nCOMMIT\n',
  });
  await new IptablesBackend(opts).sync(new Map(), syntheticTable(300, 3), true);
  expect((await natChains()).length).toBe(3 + 300 * 4);
  // a new process: nothing known, 100 VIPs fewer
  await new IptablesBackend(opts).sync(new Map(), syntheticTable(200, 3), true);
  const chains = await natChains();
  expect(chains.length).toBe(3 + 200 * 4);
  expect(chains.filter((c) => c.includes('OLD'))).toEqual([]);
  for (const table of ['nat', 'filter']) {
    const jumps = (await netnsExec(NS, ['iptables-save', '-t', table])).stdout.split('\n').filter((l) => l.includes('"marina lb"'));
    expect(jumps).toHaveLength(3);
  }
});
