/**
 * Task processes as the agent starts them (services/agent/runner): in the
 * task's netns (created here, marina-ar*), with their own UTS, mount and pid
 * namespaces and tini as the pid namespace's init. What users rely on: the
 * task sees only its own processes, a graceful stop delivers SIGTERM to the
 * command (its trap runs, it is not SIGKILLed), a command that ignores SIGTERM
 * is killed with all its children after the grace period, and the exit code
 * comes back.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostExec } from '../../services/agent/exec';
import { isAlive, recordedExitStatus, startTask, stopTask, watchAdopted, type TaskProcess } from '../../services/agent/runner/runner';
import { ROOT, resolveTaskUser, type TaskUser } from '../../services/agent/runner/task-user';
import { createNetns, deleteNetns } from '../helpers/netns';
import { namespaceInitOf, processesUnder } from '../helpers/procs';
import { waitUntil } from '../helpers/_children';

jest.setTimeout(30_000);

const NS = 'marina-ar1';
const exec = new HostExec();
let dir: string;
const started: TaskProcess[] = [];

let nobody: TaskUser;

function start(cmd: string, pidNamespace = true, user: TaskUser = nobody): TaskProcess {
  const p = startTask({ taskId: `t${started.length}`, cmd, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, netns: NS, exec, sandbox: join(dir, `t${started.length}`), user, pidNamespace });
  started.push(p);
  return p;
}

const stdout = (p: TaskProcess) => readFileSync(p.stdoutPath, 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-ar-'));
  nobody = await resolveTaskUser('nobody');
  await createNetns(NS);
});

afterAll(async () => {
  await Promise.all(started.map((p) => stopTask(p.pid, p.startTime, 0)));
  await deleteNetns(NS);
  const left = processesUnder(dir);
  rmSync(dir, { recursive: true, force: true });
  expect(left).toEqual([]);
});

test('the task runs under tini in its own pid namespace and sees only its own processes', async () => {
  const p = start('echo "pid=$$"; ls /proc | grep -E "^[0-9]+$" | sort -n | tr "\\n" " "; echo; exec sleep 30');
  await waitUntil('task output', async () => stdout(p).split('\n').length > 2, 5_000);
  const [pidLine, procLine] = stdout(p).split('\n');
  expect(pidLine).toBe('pid=2'); // tini is 1, the task's shell 2
  // Only tini, the shell, and the shell's own children (ls, grep, sort, tr) exist in there.
  const pids = procLine.trim().split(' ').map(Number);
  expect(pids[0]).toBe(1);
  expect(pids.length).toBeLessThanOrEqual(6);
  const init = namespaceInitOf(p.pid);
  expect(init).toBeDefined();
  expect(readFileSync(`/proc/${init}/comm`, 'utf8').trim()).toBe('tini');
  expect(readFileSync(`/proc/${init}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
});

test('a graceful stop delivers SIGTERM to the command: its trap runs and it is not killed', async () => {
  const p = start('trap "echo got-TERM; exit 7" TERM; echo ready; while :; do sleep 0.1; done');
  await waitUntil('ready', async () => stdout(p).includes('ready'), 5_000);
  expect(await stopTask(p.pid, p.startTime, 5_000)).toBe('exited');
  expect(stdout(p)).toContain('got-TERM');
  expect(await p.exited).toBe(7);
  expect(recordedExitStatus(join(dir, 't1'))).toBe(7);
});

test('a command that ignores SIGTERM is killed after the grace period, children included', async () => {
  const p = start('trap "" TERM; sleep 300 & sleep 300 & echo ready; wait');
  await waitUntil('ready', async () => stdout(p).includes('ready'), 5_000);
  const before = processesUnder(dir).length;
  expect(before).toBeGreaterThanOrEqual(4); // unshare, tini, sh, 2 × sleep (and the first test's sleep)
  const t0 = Date.now();
  expect(await stopTask(p.pid, p.startTime, 500)).toBe('killed');
  expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
  expect(isAlive(p.pid, p.startTime)).toBe(false);
  await waitUntil('every process of the task gone', async () => processesUnder(join(dir, 't2')).length === 0, 5_000);
});

test('without a pid namespace (tini absent or --pid-namespace=false) a stop still delivers SIGTERM', async () => {
  const p = start('trap "echo got-TERM; exit 0" TERM; echo "pid=$$"; while :; do sleep 0.1; done', false);
  await waitUntil('ready', async () => stdout(p).includes('pid='), 5_000);
  expect(stdout(p)).not.toContain('pid=2\n');
  expect(namespaceInitOf(p.pid)).toBeUndefined();
  expect(await stopTask(p.pid, p.startTime, 5_000)).toBe('exited');
  expect(stdout(p)).toContain('got-TERM');
});

test('the exit status is recorded beside the sandbox, so an agent that is not the parent (adopted task) reads it', async () => {
  const p = start('sleep 0.3; exit 5');
  const watch = watchAdopted(p.pid, p.startTime, join(dir, `t${started.length - 1}`), 50);
  expect(await watch.exited).toBe(5);
  expect(await p.exited).toBe(5);
  // killed with SIGKILL: nothing recorded, the status stays unknown
  const k = start('exec sleep 30');
  const sandbox = join(dir, `t${started.length - 1}`);
  await waitUntil('started', async () => isAlive(k.pid, k.startTime), 2_000);
  process.kill(-k.pid, 'SIGKILL');
  expect(await watchAdopted(k.pid, k.startTime, sandbox, 50).exited).toBe(-1);
  expect(recordedExitStatus(sandbox)).toBeUndefined();
});

test.each([true, false])('host mode (no task netns), pid namespace %s: the task sees its own resolv.conf, the host keeps its own', async (pidNamespace) => {
  const resolv = join(dir, `resolv-${pidNamespace}.conf`);
  writeFileSync(resolv, 'nameserver 198.18.0.53\nsearch marathon.mesos mesos\n');
  const hostBefore = readFileSync('/etc/resolv.conf', 'utf8');
  const p = startTask({ taskId: 'h', cmd: 'cat /etc/resolv.conf', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, exec, sandbox: join(dir, `host-${pidNamespace}`), user: nobody, pidNamespace, resolvConf: resolv });
  started.push(p);
  expect(await p.exited).toBe(0);
  expect(readFileSync(p.stdoutPath, 'utf8')).toBe('nameserver 198.18.0.53\nsearch marathon.mesos mesos\n');
  expect(readFileSync('/etc/resolv.conf', 'utf8')).toBe(hostBefore);
});

describe('the user a task runs as', () => {
  const status = (p: TaskProcess) => Object.fromEntries(stdout(p).trim().split('\n').map((l) => l.split(/:\s*/)));
  const probe = 'echo "uid: $(id -u)"; echo "gid: $(id -g)"; grep -E "^Cap(Eff|Prm|Bnd|Amb):" /proc/self/status; touch mine && echo "sandbox: writable"; touch ../theirs 2>/dev/null || echo "parent: closed"';

  test.each([true, false])('an unprivileged user (pid namespace %s): its uid, only NET_BIND_SERVICE, its own sandbox', async (pidNamespace) => {
    const p = start(probe, pidNamespace);
    expect(await p.exited).toBe(0);
    const s = status(p);
    expect([s.uid, s.gid]).toEqual([String(nobody.uid), String(nobody.gid)]);
    // CAP_NET_BIND_SERVICE is bit 10: the one capability left, in every set
    for (const set of ['CapEff', 'CapPrm', 'CapBnd', 'CapAmb']) expect([set, s[set]]).toEqual([set, '0000000000000400']);
    expect([s.sandbox, s.parent]).toEqual(['writable', 'closed']);
    const sandbox = join(dir, `t${started.length - 1}`);
    expect(statSync(sandbox)).toMatchObject({ uid: nobody.uid, gid: nobody.gid, mode: 0o40750 });
    expect(statSync(p.stdoutPath)).toMatchObject({ uid: nobody.uid, mode: 0o100640 });
  });

  test('root when asked: uid 0 with root\'s capabilities', async () => {
    const p = start(probe, true, ROOT);
    expect(await p.exited).toBe(0);
    const s = status(p);
    expect(s.uid).toBe('0');
    expect(BigInt(`0x${s.CapEff}`) & 0x200000n).toBe(0x200000n); // CAP_SYS_ADMIN (21)
  });

  test('an unprivileged task binds a low port in its netns (NET_BIND_SERVICE kept) and its exit status is recorded where it cannot write', async () => {
    const p = start('python3 -c "import socket; s = socket.socket(); s.bind((\'127.0.0.1\', 80)); print(\'bound 80\')"; ln -s /etc/marina-never "$PWD.exit_status" 2>/dev/null || echo "status: protected"; exit 4');
    expect(await p.exited).toBe(4);
    expect(stdout(p)).toBe('bound 80\nstatus: protected\n');
    expect(recordedExitStatus(join(dir, `t${started.length - 1}`))).toBe(4);
  });

  test.each([true, false])('a sandbox below a directory closed to the user is reached by its path all the same (pid namespace %s); the host sees no mount', async (pidNamespace) => {
    // `dir` is a 0700 temp dir of root's: nobody cannot pass through it on the host
    const sandbox = join(dir, `closed-${pidNamespace}`);
    const p = startTask({ taskId: 'c', cmd: 'ls "$MESOS_SANDBOX"; pwd; python3 -c "import os; print(sorted(os.listdir(os.getcwd())))"', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', MESOS_SANDBOX: sandbox }, netns: NS, exec, sandbox, user: nobody, closedAncestor: dir, pidNamespace });
    started.push(p);
    expect(await p.exited).toBe(0);
    expect(readFileSync(p.stdoutPath, 'utf8')).toBe(`stderr\nstdout\n${sandbox}\n['stderr', 'stdout']\n`);
    expect(readFileSync(p.stderrPath, 'utf8')).toBe('');
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
  });

  test('the name must exist on the host', async () => {
    await expect(resolveTaskUser('marina-no-such-user')).rejects.toMatchObject({ code: 'MARINA_ERR_TASK_USER', message: expect.stringContaining('"marina-no-such-user" does not exist on this agent') });
    await expect(resolveTaskUser('--help')).rejects.toMatchObject({ code: 'MARINA_ERR_TASK_USER' });
  });
});
