/**
 * The synthetic cluster of the policy benchmarks: /cli/web (198.18.2.1) and
 * /srv/db (198.18.3.11), plus 1,000 apps × 10 tasks = 10,000 task IPs in
 * 198.19.0.0/16, all on host "r". Policy i selects /bench/app-i and admits
 * /bench/app-(i+1) on 8080 and the whole /bench group on 9999 (a 10,000-IP
 * peer set); the first policy admits /cli/web to /srv/db:8080.
 */
import type { Policy } from '../../lib/model/policy';
import type { PolicyTaskView } from '../../services/agent/policy/desired';
import type { PolicySource } from '../../services/agent/policy/syncer';

export const APPS = 1000;
const PER_APP = 10;

function tasks(extra = 0): PolicyTaskView[] {
  const out: PolicyTaskView[] = [
    { id: 'cli', appId: '/cli/web', agentId: 'r', ips: ['198.18.2.1'], hostMode: false },
    { id: 'srv', appId: '/srv/db', agentId: 'r', ips: ['198.18.3.11'], hostMode: false },
  ];
  for (let a = 0; a < APPS; a++) for (let i = 0; i < PER_APP; i++) {
    const n = a * PER_APP + i;
    out.push({ id: `t${n}`, appId: `/bench/app-${a}`, agentId: 'r', ips: [`198.19.${n >> 8}.${n & 255}`], hostMode: false });
  }
  for (let i = 0; i < extra; i++) out.push({ id: `x${i}`, appId: '/bench/app-0', agentId: 'r', ips: [`198.19.200.${i & 255}`], hostMode: false });
  return out;
}

function policies(n: number): Policy[] {
  if (n === 0) return [];
  const out: Policy[] = [{ id: 'srv', selector: { apps: ['/srv/db'] }, ingress: [{ from: { apps: ['/cli/web'] }, ports: [{ port: 8080, protocol: 'tcp' }] }], version: new Date().toISOString() }];
  for (let i = 0; out.length < n; i++) {
    out.push({ id: `p${i}`, selector: { apps: [`/bench/app-${i}`] }, ingress: [{ from: { apps: [`/bench/app-${(i + 1) % APPS}`] }, ports: [{ port: 8080, protocol: 'tcp' }] }, { from: { apps: ['/bench/*'] }, ports: [{ port: 9999, protocol: 'tcp' }] }], version: new Date().toISOString() });
  }
  return out;
}

const apps = [{ id: '/cli/web' }, { id: '/srv/db' }, ...Array.from({ length: APPS }, (_, a) => ({ id: `/bench/app-${a}` }))];
export const source = (n: number, extra = 0): PolicySource => ({ agentId: 'r', revision: 1, policies: policies(n), apps, tasks: tasks(extra) });

