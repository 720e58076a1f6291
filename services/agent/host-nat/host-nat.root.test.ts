// Root-only (creates a netns and nft tables): runs in the integration project (see test/README.md).
import { execFileSync } from 'node:child_process';
import { HostExec } from '../exec';
import { addHostNat, hostNatNeeded, removeHostNatTable } from './host-nat';
import { NAT_TABLE } from './render';

const NS = `marina-hnt${process.pid % 100000}`;

function masqNets(): string {
  return execFileSync('nsenter', [`--net=/run/netns/${NS}`, 'nft', 'list', 'set', 'ip', NAT_TABLE, 'masq-nets']).toString();
}

beforeAll(() => {
  execFileSync('ip', ['netns', 'add', NS]);
});

afterAll(() => {
  execFileSync('ip', ['netns', 'delete', NS]);
});

describe('host NAT: which ADDs need an nft run', () => {
  test('a subnet masquerade is written once per host; hostPorts always; after removing the table, again', async () => {
    const exec = new HostExec(NS);
    const bridgeTask = (ip: string) => ({ ip, portMappings: [], localNet: '198.18.40.0/24', masqNet: '198.18.40.0/24' });
    expect(hostNatNeeded(exec, bridgeTask('198.18.40.2'))).toBe(true);
    await addHostNat(exec, bridgeTask('198.18.40.2'));
    expect(masqNets()).toContain('198.18.40.0/24');
    // the next bridge task without ports on the same subnet: nothing to write
    expect(hostNatNeeded(exec, bridgeTask('198.18.40.3'))).toBe(false);
    // another subnet, or a hostPort, needs a run
    expect(hostNatNeeded(exec, { ...bridgeTask('198.18.41.3'), masqNet: '198.18.41.0/24' })).toBe(true);
    expect(hostNatNeeded(exec, { ...bridgeTask('198.18.40.4'), portMappings: [{ hostPort: 31001, containerPort: 80, protocol: 'tcp' }] })).toBe(true);
    // a virtual-network task without ports and without masquerade writes nothing
    expect(hostNatNeeded(exec, { ip: '198.19.0.5', portMappings: [], localNet: '198.19.0.0/26' })).toBe(false);
    // another host (another HostExec) has its own table
    expect(hostNatNeeded(new HostExec(`${NS}x`), bridgeTask('198.18.40.5'))).toBe(true);
    await removeHostNatTable(exec);
    expect(hostNatNeeded(exec, bridgeTask('198.18.40.6'))).toBe(true);
    await addHostNat(exec, bridgeTask('198.18.40.6'));
    expect(masqNets()).toContain('198.18.40.0/24');
  });
});
