import type { HealthCheck } from '../../../lib/model/app';
import { HostExec } from '../exec';
import { ROOT } from '../runner/task-user';
import { judge, probeArgv } from './probe';

const hc = (protocol: HealthCheck['protocol'], extra: Partial<HealthCheck> = {}): HealthCheck => ({
  protocol, path: '/health', gracePeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 2, maxConsecutiveFailures: 3, delaySeconds: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4', ...extra,
});

test.each([
  ['200', 0, true], ['399', 0, true], ['404', 0, false], ['500', 0, false], ['000', 7, false], ['101', 0, false],
])('HTTP status %s (curl exit %d) passes: %s', (out, code, ok) => {
  expect(judge(hc('HTTP'), code, out).ok).toBe(ok);
});

test('ignoreHttp1xx lets 1xx pass; TCP/COMMAND pass on exit 0 and name timeouts', () => {
  expect(judge(hc('HTTP', { ignoreHttp1xx: true }), 0, '101').ok).toBe(true);
  expect(judge(hc('TCP'), 0, '').ok).toBe(true);
  expect(judge(hc('COMMAND'), 124, '').cause).toMatch(/timed out after 2s/);
});

test('MESOS_HTTP probes inside the task netns; HTTP from the host netns', () => {
  const exec = new HostExec('marina-h1');
  expect(probeArgv(hc('MESOS_HTTP'), { netns: 'marina-t1', host: '127.0.0.1', port: 8080 }, exec, ROOT)).toEqual(
    ['ip', ['netns', 'exec', 'marina-t1', 'curl', '-s', '-k', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', 'http://127.0.0.1:8080/health']]);
  const [file, args] = probeArgv(hc('HTTPS'), { host: '198.18.0.11', port: 31000 }, exec, ROOT);
  expect(file).toBe('nsenter');
  expect(args).toContain('https://198.18.0.11:31000/health');
});

test('COMMAND runs the app\'s command as the task\'s user, inside its netns', () => {
  const nobody = { name: 'nobody', uid: 65534, gid: 65534 };
  const [file, args] = probeArgv(hc('COMMAND', { command: { value: 'test -f ready' } }), { netns: 'marina-t1', host: '127.0.0.1' }, new HostExec(), nobody);
  expect([file, ...args.slice(0, 6)]).toEqual(['ip', 'netns', 'exec', 'marina-t1', 'timeout', '2', 'setpriv']);
  expect(args).toContain('--reuid=65534');
  expect(args.slice(-3)).toEqual(['/bin/sh', '-c', 'test -f ready']);
});
