/**
 * Placement load counters kept by the view as tasks come and go (instead of
 * a scan of every task per request): wanted-running tasks per agent, and per
 * app per agent (the app's spread).
 */
import type { Task } from '../../../lib/model/cluster';

export class TaskLoads {
  /** agentId → tasks with desired run. */
  readonly total = new Map<string, number>();
  /** appId → agentId → tasks of the app with desired run. */
  readonly byApp = new Map<string, Map<string, number>>();

  add(t: Task): void {
    this.bump(t, 1);
  }

  remove(t: Task | undefined): void {
    if (t) this.bump(t, -1);
  }

  /** Copies (the caller adds its planned instances to them). */
  loadsFor(appId: string): { spread: Map<string, number>; total: Map<string, number> } {
    return { spread: new Map(this.byApp.get(appId) ?? []), total: new Map(this.total) };
  }

  clear(): void {
    this.total.clear();
    this.byApp.clear();
  }

  private bump(t: Task, d: 1 | -1): void {
    if (t.desired !== 'run') return;
    inc(this.total, t.agentId, d);
    let app = this.byApp.get(t.appId);
    if (!app) this.byApp.set(t.appId, (app = new Map()));
    inc(app, t.agentId, d);
    if (app.size === 0) this.byApp.delete(t.appId);
  }
}

function inc(m: Map<string, number>, k: string, d: number): void {
  const n = (m.get(k) ?? 0) + d;
  if (n > 0) m.set(k, n);
  else m.delete(k);
}
