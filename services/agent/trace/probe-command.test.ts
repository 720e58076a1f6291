import { probeArgs, probeOutcome } from './probe-command';

test('socat connects from the fixed source port with the timeout (TCP), or sends one datagram and waits for one reply (UDP)', () => {
  expect(probeArgs('198.19.250.1', 80, 'tcp', 45000, 2000)).toEqual(['-u', 'OPEN:/dev/null', 'TCP4:198.19.250.1:80,sourceport=45000,reuseaddr,connect-timeout=2.000']);
  expect(probeArgs('2001:2::7', 53, 'udp', 45001, 1500)).toEqual(['-t', '1.500', 'STDIO', 'UDP6:[2001:2::7]:53,sourceport=45001,reuseaddr,readbytes=1']);
});

test.each([
  ['tcp', 0, '', '', { ok: true, outcome: 'connected', localPort: 45000 }],
  ['udp', 0, 'p', '', { ok: true, outcome: 'reply', localPort: 45000 }],
  ['udp', 0, '', '', { ok: true, outcome: 'sent, no reply and no refusal (UDP)', localPort: 45000 }],
  ['tcp', 1, '', '2026/12/04 21:04:39 socat[2277] E connect(6, AF=2 198.18.201.7:80, 16): Connection refused\n', { ok: false, outcome: 'refused', error: 'Connection refused' }],
  ['udp', 1, '', '2026/12/04 21:04:25 socat[1998] E read(5, 0x556b12845000, 1): Connection refused\n', { ok: false, outcome: 'refused', error: 'Connection refused' }],
  ['tcp', 1, '', '2026/12/04 21:04:38 socat[2246] E connecting to AF=2 198.18.201.9:80: Connection timed out\n', { ok: false, outcome: 'timeout', error: 'Connection timed out' }],
  ['tcp', 1, '', '2026/12/04 21:04:39 socat[2267] E connect(6, AF=2 198.18.201.8:80, 16): No route to host\n', { ok: false, outcome: 'unreachable', error: 'No route to host' }],
  ['tcp', 1, '', '2026/12/04 21:04:33 socat[2161] E connect(6, AF=2 198.18.201.9:80, 16): Network is unreachable\n', { ok: false, outcome: 'unreachable', error: 'Network is unreachable' }],
  ['udp', 1, '', '2026/12/04 21:04:39 socat[2257] E write(5, 0x55e987553000, 2): Operation not permitted\n', { ok: false, outcome: 'error', error: 'write(5, 0x55e987553000, 2): Operation not permitted' }],
  ['tcp', 127, '', 'nsenter: failed to execute socat: No such file or directory\n', { ok: false, outcome: 'error', error: "socat is not installed on this host (the probe runs it in the task's netns)" }],
] as const)('%s exit %d %j %j is read as %j', (proto, code, stdout, stderr, want) => {
  expect(probeOutcome(proto, code, stdout, stderr, 45000)).toEqual(want);
});
