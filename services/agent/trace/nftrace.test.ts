import { subscribedToTrace, traceRuleset, tracedRules } from './nftrace';

test('the trace table matches only the probe (destination, protocol, source port)', () => {
  expect(traceRuleset([{ ip: '198.19.250.1', port: 80 }], 'tcp', 45000)).toContain('add rule inet marina-trace-45000 pre tcp sport 45000 ip daddr . tcp dport { 198.19.250.1 . 80 } meta nftrace set 1');
  const both = traceRuleset([{ ip: '198.18.0.12', port: 31001 }, { ip: '2001:2::7', port: 53 }, { ip: '198.19.0.7', port: 53 }], 'udp', 45001);
  expect(both).toContain('out udp sport 45001 ip daddr . udp dport { 198.18.0.12 . 31001, 198.19.0.7 . 53 } meta nftrace set 1');
  expect(both).toContain('out udp sport 45001 ip6 daddr . udp dport { 2001:2::7 . 53 } meta nftrace set 1');
});

const expected = [
  'inet marina nat-output rule jump services (verdict jump services)',
  'inet marina services rule ip daddr . meta l4proto . th dport vmap @vips4 (verdict goto pick-1)',
  'inet marina nat-output policy accept',
];

test('tracedRules keeps the first packet\'s rules and verdicts, without our own table', () => {
  const out = [
    'trace id 9c1f0a2b inet marina-trace-45000 out packet: oif "eth0" ip saddr 198.18.74.1 ip daddr 198.19.250.1 tcp sport 45000 tcp dport 80',
    'trace id 9c1f0a2b inet marina-trace-45000 out rule meta l4proto tcp ip daddr 198.19.250.1 th dport 80 th sport 45000 meta nftrace set 1 (verdict continue)',
    'trace id 9c1f0a2b inet marina nat-output rule jump services (verdict jump services)',
    'trace id 9c1f0a2b inet marina services rule ip daddr . meta l4proto . th dport vmap @vips4 (verdict goto pick-1)',
    'trace id 9c1f0a2b inet marina nat-output policy accept',
    'trace id 77aa0000 ip filter OUTPUT policy accept',
    '',
  ].join('\n');
  expect(tracedRules(out, 45000)).toEqual(expected);
  // a concurrent trace's packet (another source port's table marked it) seen first by this monitor is not ours
  const other = [
    'trace id 5e5e0001 inet marina-trace-51234 out packet: oif "eth0" ip saddr 198.18.74.1 ip daddr 198.19.250.9 tcp sport 51234 tcp dport 443',
    'trace id 5e5e0001 inet marina-trace-51234 out rule tcp sport 51234 ip daddr . tcp dport { 198.19.250.9 . 443 } meta nftrace set 1 (verdict continue)',
    'trace id 5e5e0001 inet marina nat-output rule jump services (verdict jump services)',
    'trace id 5e5e0001 inet marina nat-output policy drop',
  ].join('\n');
  expect(tracedRules(`${other}\n${out}`, 45000)).toEqual(expected);
  expect(tracedRules(other, 45000)).toEqual([]);
});

test('tracedRules: no line of ours, no rules', () => {
  expect(tracedRules('', 45000)).toEqual([]);
});

test('the monitor is ready once its own netfilter socket has joined both the trace and the ruleset groups', () => {
  const head = 'sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode';
  const row = (eth: number, groups: string, inode: string) => `00000000456eec65 ${eth}  25453      ${groups} 0        0        0     2        0        ${inode}`;
  const mine = new Set(['32616527']);
  expect(subscribedToTrace([head, row(12, '00000140', '32616527')].join('\n'), mine)).toBe(true);
  expect(subscribedToTrace([head, row(12, '00000100', '32616527')].join('\n'), mine)).toBe(false); // trace only: not yet the ruleset events
  expect(subscribedToTrace([head, row(12, '00000000', '32616527')].join('\n'), mine)).toBe(false); // bound, not subscribed
  expect(subscribedToTrace([head, row(12, '00000140', '111')].join('\n'), mine)).toBe(false); // another process's monitor
  expect(subscribedToTrace([head, row(0, '00000140', '32616527')].join('\n'), mine)).toBe(false); // a route socket
});
