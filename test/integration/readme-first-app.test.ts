/**
 * The README's "A first app" steps, run as written: the ```sh block under that heading is read
 * from README.md, split into steps, and each step runs with bash against `marina up` inside a
 * network namespace of its own (test/helpers/up-machine.ts, as up.test.ts), from a scratch
 * directory holding a `bin` link to the repository's, so `$PWD/bin` and `web.json` work without
 * touching the checkout. Each step's effect is checked; a step the test has no check for fails
 * it, so README and test cannot drift apart.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { parseAppDefinition } from '../../lib/validation';
import { waitUntil } from '../helpers/_children';
import { run, type RunResult } from '../helpers/exec';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { createUpMachine, removeUpMachine, type UpMachine } from '../helpers/up-machine';

jest.setTimeout(240_000);

const NS = 'marina-readme1';
const AGENT = 'marina-readme-host';
let dir: string;
let work: string;
let up: MarinaProcess | undefined;
let machine: UpMachine;

/** The ```sh block under "## A first app", split into steps (continuations joined, heredocs kept with their command). */
function firstAppSteps(readme: string): string[] {
  const section = /^## A first app\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## A first app"');
  const lines = block.replace(/\\\n/g, ' ').split('\n');
  const steps: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let step = lines[i]!;
    if (step.trim() === '') continue;
    const here = /<<-?\s*'?(\w+)'?/.exec(step);
    if (here) while (i + 1 < lines.length && (step += `\n${lines[++i]}`) && lines[i]!.trim() !== here[1]) { /* heredoc body */ }
    steps.push(step);
  }
  return steps;
}

const steps = firstAppSteps(readFileSync(join(repoRoot(), 'README.md'), 'utf8'));
/** Assignments (`export PATH=…`, `VIP=$(…)`) carry over to later steps, as in one shell. */
const isAssignment = (step: string) => /^(export\s+)?[A-Z_][A-Z0-9_]*=/.test(step);
const assigned = (step: string) => /^(?:export\s+)?([A-Z_][A-Z0-9_]*)=/.exec(step)![1]!;

interface Ctx {
  /** The assignments of earlier steps, run before each step. */
  prelude: string[];
  appId?: string;
  instances?: number;
  tasks?: Array<{ id: string; ports: number[]; state: string }>;
  vip?: string;
}

async function bash(script: string, timeoutMs = 180_000): Promise<RunResult> {
  return machine.exec(['bash', '-c', script], { cwd: work, timeoutMs });
}

/** Task processes of the README's app still alive in the machine (python3 -m http.server). */
async function serverPids(): Promise<number[]> {
  const pids = (await run('ip', ['netns', 'pids', NS])).stdout.split('\n').map(Number).filter((p) => p > 1);
  return pids.filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').includes('-m http.server');
    } catch {
      return false;
    }
  });
}

/** stderr files of the app's task sandboxes that logged a GET (python's http.server logs each request). */
function sandboxesServing(): number {
  const found: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 5 || !existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === 'stderr' && readFileSync(p, 'utf8').includes('"GET / HTTP/1.1" 200')) found.push(p);
    }
  };
  walk(join(dir, 'data'), 0);
  return found.length;
}

/** What each step must have done, by the step's command. */
const CHECKS: Array<[RegExp, (step: string, res: RunResult, ctx: Ctx) => Promise<void>]> = [
  [/^export PATH="\$PWD\/bin:\$PATH"/, async (_s, res) => {
    expect(res.stdout.trim()).toBe(join(work, 'bin', 'marina'));
  }],
  [/^curl .*\/ping$/, async (_s, res) => {
    expect(res.stdout.trim()).toBe('pong');
  }],
  [/^cat > (\S+) <</, async (step, _res, ctx) => {
    const file = join(work, /^cat > (\S+)/.exec(step)![1]!);
    const app = parseAppDefinition(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    ctx.appId = app.id;
    ctx.instances = app.instances;
    expect(ctx.instances).toBeGreaterThanOrEqual(2);
  }],
  [/^marina apps create -f \S+ --wait/, async (_s, res, ctx) => {
    expect([res.code, res.stderr]).toEqual([0, expect.stringContaining(`${ctx.appId}: ${ctx.instances}/${ctx.instances} running`)]);
    const tasks = await bash(`bin/marina apps tasks ${ctx.appId} -o json`);
    ctx.tasks = JSON.parse(tasks.stdout) as Ctx['tasks'];
    expect(ctx.tasks!.map((t) => t.state)).toEqual(Array(ctx.instances).fill('TASK_RUNNING'));
  }],
  [/^marina apps tasks /, async (_s, res, ctx) => {
    expect(res.code).toBe(0);
    for (const t of ctx.tasks!) expect(res.stdout).toMatch(new RegExp(`${t.id.replace(/\./g, '\\.')}.*TASK_RUNNING`));
  }],
  [/^dig .* SRV \+short/, async (_s, res, ctx) => {
    const want = ctx.tasks!.map((t) => t.ports[0]).sort();
    const got = res.stdout.trim().split('\n').map((l) => /^0 1 (\d+) web-shop-[a-z0-9]{5}-[a-z0-9-]+\.marathon\.mesos\.$/.exec(l)?.[1]);
    expect(got.map(Number).sort()).toEqual(want);
  }],
  [/^dig .* \+short/, async (_s, res) => {
    expect(res.stdout.trim()).toBe(machine.ip);
  }],
  [/^VIP=/, async (_s, res, ctx) => {
    ctx.vip = res.stdout.trim();
    expect(ctx.vip).toMatch(/^198\.19\.250\.\d+$/);
  }],
  [/^curl .*\$VIP/, async (step, res, ctx) => {
    expect(res.stdout.trim()).toBe(`VIP ${ctx.vip} balances over both tasks`);
    // Both tasks answer behind the VIP: repeat the step (bounded) until each has served a request.
    for (let i = 0; i < 40 && sandboxesServing() < ctx.instances!; i++) await bash([...ctx.prelude, step].join('\n'));
    expect(sandboxesServing()).toBe(ctx.instances);
  }],
  [/^marina apps delete /, async (_s, res, ctx) => {
    expect(res.code).toBe(0);
    await waitUntil('the app is gone', async () => (await bash(`bin/marina apps show ${ctx.appId}`)).code === 1, 30_000, 200);
    await waitUntil('its task processes are gone', async () => (await serverPids()).length === 0, 30_000, 200);
  }],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-readme-'));
  work = join(dir, 'work');
  await run('mkdir', [work]);
  symlinkSync(join(repoRoot(), 'bin'), join(work, 'bin'));
  machine = await createUpMachine(NS, '198.18.3.1/24');
});

afterAll(async () => {
  await up?.stop(15_000);
  await removeUpMachine(NS, AGENT);
  rmSync(dir, { recursive: true, force: true });
});

test('the README has first-app steps and the test checks every one of them', () => {
  expect(steps.length).toBeGreaterThanOrEqual(8);
  for (const step of steps) expect([step, CHECKS.some(([re]) => re.test(step))]).toEqual([step, true]);
});

test("the README's first app works step by step against marina up", async () => {
  up = spawnMarina(['up', '--data-dir', join(dir, 'data'), '--hostname', AGENT], { netns: NS });
  await waitUntil('marina up answers /ping', async () => (await machine.exec(['curl', '-sf', 'http://127.0.0.1:8080/ping'])).stdout.trim() === 'pong', 60_000, 200);
  const ctx: Ctx = { prelude: [] };
  for (const step of steps) {
    const check = CHECKS.find(([re]) => re.test(step))![1];
    // An assignment step prints what it assigned (`command -v marina` for PATH) so its check can see it.
    const show = isAssignment(step) ? (assigned(step) === 'PATH' ? '\ncommand -v marina' : `\nprintf '%s' "$${assigned(step)}"`) : '';
    const res = await bash([...ctx.prelude, step].join('\n') + show);
    try {
      await check(step, res, ctx);
    } catch (err) {
      throw new Error(`README step failed: ${step}\nexit ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}\n${(err as Error).message}\n--- marina up ---\n${up?.output().slice(-3000) ?? ""}`);
    }
    if (isAssignment(step)) ctx.prelude.push(step);
  }
  expect(await up.stop(15_000)).toBe(0);
  up = undefined;
});
