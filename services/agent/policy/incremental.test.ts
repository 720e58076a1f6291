import type { Policy } from '../../../lib/model/policy';
import { desiredTable, type PolicyTaskView } from './desired';
import { diffPolicyTables, isEmptyPolicyDiff } from './diff';
import { patchTasks, type TaskChange } from './incremental';
import { renderDelta } from './render';

const apps = ['/shop/web', '/shop/db', '/other/app', '/shop/cache'].map((id) => ({ id }));
const policies: Policy[] = [
  { id: 'db', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] },
  { id: 'web-out', selector: { apps: ['/shop/web'] }, ingress: [{}], egress: [{ to: { apps: ['/shop/*'] } }] },
];
const t = (id: string, appId: string, agentId: string, ip: string): PolicyTaskView => ({ id, appId, agentId, ips: [ip], hostMode: false });

describe('incremental task changes', () => {
  it('patches exactly what a full render gives, with only element changes, over a random walk', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    // one local task per selected app stays, so no chain appears or goes in the walk
    let tasks = [t('w0', '/shop/web', 'h1', '198.18.1.2'), t('d0', '/shop/db', 'h1', '198.18.1.3')];
    let table = desiredTable({ agentId: 'h1', policies, apps, tasks });
    let patched = 0;
    for (let i = 0; i < 300; i++) {
      const changes: TaskChange[] = [];
      const next = [...tasks];
      for (let k = 0; k < 1 + rnd(3); k++) {
        if (rnd(2) === 0 && next.length > 2) {
          const j = 2 + rnd(next.length - 2);
          changes.push({ before: next[j] });
          next.splice(j, 1);
        } else {
          const task = t(`n${i}-${k}`, apps[rnd(apps.length)].id, rnd(2) ? 'h1' : 'h2', `198.18.${2 + rnd(50)}.${1 + rnd(250)}`);
          if (next.some((x) => x.ips[0] === task.ips[0])) continue;
          changes.push({ after: task });
          next.push(task);
        }
      }
      const full = desiredTable({ agentId: 'h1', policies, apps, tasks: next });
      const res = patchTasks(table, { agentId: 'h1', policies, apps: new Map(apps.map((a) => [a.id, a])), tasks: next }, changes);
      expect(res).toBeDefined();
      expect(isEmptyPolicyDiff(diffPolicyTables(res!.table, full))).toBe(true);
      // the patch's diff is the full diff's (order aside)
      const lines = (s: string) => s.split('\n').flatMap((l) => (l.match(/\{ (.*) \}/)?.[1].split(', ') ?? []).map((e) => `${l.split(' {')[0]} ${e}`)).sort();
      expect(lines(renderDelta(res!.diff))).toEqual(lines(renderDelta(diffPolicyTables(table, full))));
      table = res!.table;
      tasks = next;
      patched++;
    }
    expect(patched).toBe(300);
  });

  it('declines what is more than elements: a first local task of a selected app, its last, host mode, a first IPv6 peer', () => {
    const base = [t('w0', '/shop/web', 'h1', '198.18.1.2')];
    const table = desiredTable({ agentId: 'h1', policies, apps, tasks: base });
    const inp = (tasks: PolicyTaskView[]) => ({ agentId: 'h1', policies, apps: new Map(apps.map((a) => [a.id, a])), tasks });
    const d = t('d0', '/shop/db', 'h1', '198.18.1.3');
    expect(patchTasks(table, inp([...base, d]), [{ after: d }])).toBeUndefined();
    expect(patchTasks(table, inp([]), [{ before: base[0] }])).toBeUndefined();
    const hm = { ...t('h', '/shop/web', 'h2', '198.18.0.12'), hostMode: true };
    expect(patchTasks(table, inp([...base, hm]), [{ after: hm }])).toBeUndefined();
    const v6 = t('w6', '/shop/web', 'h2', 'fd00::6');
    expect(patchTasks(table, inp([...base, v6]), [{ after: v6 }])).toBeUndefined();
  });
});
