// Apps and their tasks, keyed by id so a change touches only its own
// elements: one <section> per app, one <button> per task (tab order, Enter
// opens the task's detail). Sections skip layout and paint while off
// screen (content-visibility in map.css), which keeps 10,000 tasks fast.
import { byName } from './hosts.js';
import { taskCondition } from './model.js';

const WORD = { run: 'running', start: 'starting', unhealthy: 'unhealthy', stop: 'stopping' };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Only when it differs: an unchanged write still replaces the text node and invalidates layout. */
function setText(e, text) {
  if (e.textContent !== text) e.textContent = text;
}

/** What a task's button says: on a virtual network its address, else where it listens on its host. */
function label(t) {
  if (t.network !== 'host' && t.network !== 'bridge' && t.network !== 'none' && t.ips.length) return `${t.host} ${t.ips[0]}`;
  return t.ports[0] ? `${t.host}:${t.ports[0]}` : t.host;
}

export class AppsView {
  constructor(root, onOpen) {
    this.root = root;
    this.apps = new Map(); // appId → { section, count, list }
    this.tasks = new Map(); // taskId → button
    this.filter = '';
    root.addEventListener('click', (e) => {
      const b = e.target.closest('button.task');
      if (b) onOpen(b.dataset.task, b);
    });
  }

  /** Apps added or removed, counts and the filter: after a snapshot. */
  renderApps(model) {
    const ids = [...model.apps.keys()].sort(byName);
    for (const [id, a] of this.apps) {
      if (!model.apps.has(id)) {
        a.section.remove();
        this.apps.delete(id);
      }
    }
    let prev = null;
    for (const id of ids) {
      let a = this.apps.get(id);
      if (!a) a = this.addApp(id);
      // keep id order without moving sections that are already in place
      const want = prev ? prev.nextSibling : this.root.firstChild;
      if (want !== a.section) this.root.insertBefore(a.section, want);
      prev = a.section;
      const spec = model.apps.get(id);
      setText(a.nets, spec.networks.length ? spec.networks.join(', ') : 'host');
      a.instances = spec.instances;
    }
    this.applyFilter(model);
  }

  addApp(id) {
    const section = el('section', 'app');
    section.dataset.app = id;
    const head = el('div', 'app-head');
    const h = el('h3', 'app-id', id);
    const count = el('span', 'count');
    const nets = el('span', 'nets');
    head.append(h, count, nets);
    const list = el('ul', 'tasks');
    list.setAttribute('aria-label', `tasks of ${id}`);
    section.append(head, list);
    const a = { section, count, nets, list, instances: 0 };
    this.apps.set(id, a);
    return a;
  }

  /** Create, update or remove the buttons of changed tasks; then the counts of their apps. */
  renderTasks(model, ids) {
    const touched = new Set();
    for (const id of ids) {
      const t = model.tasks.get(id);
      let b = this.tasks.get(id);
      if (!t) {
        if (b) {
          touched.add(b.dataset.app);
          b.parentElement.remove();
          this.tasks.delete(id);
        }
        continue;
      }
      const a = this.apps.get(t.appId);
      if (!a) continue; // its app arrives with the next snapshot
      if (!b) {
        b = el('button', 'task');
        b.type = 'button';
        b.dataset.task = id;
        b.dataset.app = t.appId;
        const li = el('li');
        li.append(b);
        a.list.append(li);
        this.tasks.set(id, b);
      }
      const cond = taskCondition(t);
      b.className = `task st-${cond}`;
      b.dataset.host = t.host;
      b.textContent = label(t);
      b.setAttribute('aria-label', `${id}: ${WORD[cond]} on ${t.host}${t.ips.length ? ', ' + t.ips.join(' ') : ''}`);
      b.title = `${id}\n${t.state}${t.healthy === undefined ? '' : t.healthy ? ', healthy' : ', unhealthy'}\n${t.host} ${t.ips.join(' ')}`;
      touched.add(t.appId);
    }
    for (const appId of touched) this.count(appId);
  }

  count(appId) {
    const a = this.apps.get(appId);
    if (!a) return;
    const n = a.list.childElementCount;
    const running = a.list.querySelectorAll('.st-run').length;
    setText(a.count, `${running}/${a.instances} running${n > running ? `, ${n - running} other` : ''}`);
  }

  setFilter(text, model) {
    this.filter = text.trim().toLowerCase();
    this.applyFilter(model);
  }

  applyFilter(model) {
    const f = this.filter;
    for (const [id, a] of this.apps) {
      let show = !f || id.toLowerCase().includes(f);
      // hosts match whole names: `host-1` must not also show host-10..host-19
      if (!show) for (const b of a.list.querySelectorAll('button.task')) if (b.dataset.host.toLowerCase() === f) show = true;
      if (a.section.hidden === show) a.section.hidden = !show;
      if (!f) this.count(id);
    }
  }
}
