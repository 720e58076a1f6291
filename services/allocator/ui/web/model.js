// The cluster as the page knows it: the /v1/map snapshot, then /v2/events
// applied to it. Task changes are applied in place and reported to the
// renderer as dirty ids; anything the events do not describe (a new app,
// agents, VIP backends) comes from the next snapshot (main.js asks for one).
const ENDED = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_GONE', 'TASK_DROPPED']);

export class ClusterModel {
  constructor() {
    this.revision = 0;
    this.agents = new Map();
    this.networks = [];
    this.fabric = [];
    this.apps = new Map();
    this.tasks = new Map();
    this.vips = [];
    /** Task ids changed since the renderer last looked. */
    this.dirtyTasks = new Set();
    /** What changed beyond tasks, for the renderer: apps (cards, counts), hosts (drawing, lists), VIPs. */
    this.dirtyApps = false;
    this.dirtyHosts = false;
    this.dirtyVips = false;
    this.sigs = { apps: '', hosts: '', vips: '' };
  }

  /** Mark a part dirty only when its content differs: redrawing an unchanged part costs layout on a big page. */
  changed(part, value) {
    const sig = JSON.stringify(value);
    if (sig === this.sigs[part]) return false;
    this.sigs[part] = sig;
    return true;
  }

  /** Replace everything with a snapshot; marks what changed. */
  load(snap) {
    this.revision = snap.revision;
    this.agents = new Map(snap.agents.map((a) => [a.id, a]));
    this.networks = snap.networks;
    this.fabric = snap.fabric;
    this.apps = new Map(snap.apps.map((a) => [a.id, a]));
    this.vips = snap.vips;
    const next = new Map(snap.tasks.map((t) => [t.id, t]));
    for (const id of this.tasks.keys()) if (!next.has(id)) this.dirtyTasks.add(id);
    for (const [id, t] of next) {
      const old = this.tasks.get(id);
      if (!old || old.state !== t.state || old.healthy !== t.healthy || old.ready !== t.ready || old.desired !== t.desired || old.host !== t.host) this.dirtyTasks.add(id);
    }
    this.tasks = next;
    const perAgent = {};
    for (const t of next.values()) perAgent[t.agentId] = (perAgent[t.agentId] || 0) + 1;
    if (this.changed('apps', snap.apps)) this.dirtyApps = true;
    if (this.changed('hosts', [snap.agents, snap.fabric, snap.networks, perAgent])) this.dirtyHosts = true;
    if (this.changed('vips', snap.vips)) this.dirtyVips = true;
  }

  /**
   * A Marathon status_update_event. Returns true when it names an app the
   * snapshot does not hold (the caller then asks for a new snapshot).
   */
  onStatus(ev) {
    if (ENDED.has(ev.taskStatus)) {
      if (this.tasks.delete(ev.taskId)) this.dirtyTasks.add(ev.taskId);
      return false;
    }
    const old = this.tasks.get(ev.taskId);
    const t = old
      ? { ...old, state: ev.taskStatus, host: ev.host || old.host }
      : { id: ev.taskId, appId: ev.appId, agentId: ev.slaveId, host: ev.host, state: ev.taskStatus, ready: false, desired: 'run', network: '', ips: [], ports: [] };
    if (ev.ipAddresses && ev.ipAddresses.length) t.ips = ev.ipAddresses.map((a) => a.ipAddress);
    if (ev.ports && ev.ports.length) t.ports = ev.ports;
    // Marathon's event has no readiness: a running task of an app without checks is ready (lib/model/cluster.ts)
    const app = this.apps.get(t.appId);
    if (ev.taskStatus === 'TASK_RUNNING' && app && app.healthChecks === 0) t.ready = true;
    this.tasks.set(t.id, t);
    this.dirtyTasks.add(t.id);
    return !app;
  }

  /** A Marathon health_status_changed_event. */
  onHealth(ev) {
    const t = this.tasks.get(ev.instanceId || ev.taskId);
    if (!t) return;
    this.tasks.set(t.id, { ...t, healthy: ev.alive, ready: ev.alive && t.state === 'TASK_RUNNING' && t.desired === 'run' });
    this.dirtyTasks.add(t.id);
  }

  /** A Marathon api_post_event: the app as written now (instances for the counts, at once). */
  onAppPosted(ev) {
    const a = ev.appDefinition;
    if (!a || typeof a.id !== 'string') return;
    const old = this.apps.get(a.id);
    const networks = Array.isArray(a.networks) ? a.networks.map((n) => n.name || n.mode) : old ? old.networks : [];
    this.apps.set(a.id, { id: a.id, instances: a.instances, healthChecks: Array.isArray(a.healthChecks) ? a.healthChecks.length : 0, networks });
    this.sigs.apps = '';
    this.dirtyApps = true;
  }

  tasksOf(appId) {
    const out = [];
    for (const t of this.tasks.values()) if (t.appId === appId) out.push(t);
    return out;
  }
}

/** One word for how a task is doing, used as its CSS class and read out. */
export function taskCondition(t) {
  if (t.desired === 'stop' || t.state === 'TASK_KILLING') return 'stop';
  if (t.state !== 'TASK_RUNNING') return 'start';
  if (t.healthy === false) return 'unhealthy';
  return 'run';
}
