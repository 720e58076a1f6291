// A task's detail in a <dialog> (Escape closes it, focus goes back to the
// task). Non-modal on purpose: showModal() makes the rest of the page inert,
// which restyles every element (~100 ms with 10,000 tasks, bench/ui): allocations, env (masked by the server: /v1/map/tasks/:id),
// the tail of its stdout/stderr (/v1/tasks/:id/logs, with a refresh; a pod's per container; a viewer is told why not), and "trace to…" (/v1/trace).
import { getJson, postJson } from './api.js';

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function table(caption, head, rows) {
  const t = el('table');
  t.append(el('caption', caption));
  const tr = el('tr');
  for (const h of head) tr.append(el('th', h));
  const thead = el('thead');
  thead.append(tr);
  const tbody = el('tbody');
  for (const r of rows) {
    const row = el('tr');
    for (const c of r) row.append(el('td', c === undefined || c === null ? '' : String(c)));
    tbody.append(row);
  }
  if (rows.length === 0) {
    const row = el('tr');
    const td = el('td', 'none');
    td.colSpan = head.length;
    row.append(td);
    tbody.append(row);
  }
  t.append(thead, tbody);
  return t;
}

function render(d) {
  const t = d.task;
  const a = d.allocations;
  const out = [];
  const dl = el('dl', undefined, 'facts');
  const fact = (k, v) => dl.append(el('dt', k), el('dd', v));
  fact('app', t.appId);
  fact('state', `${t.state}${t.desired === 'stop' ? ' (stopping)' : ''}`);
  fact('health', t.healthy === undefined ? 'no health checks' : t.healthy ? 'healthy' : 'unhealthy');
  fact('serving', t.serving ? 'yes (in DNS and behind its VIPs)' : 'no');
  fact('host', `${t.host} (agent ${t.agentId})`);
  fact('network', t.network);
  fact('IPs', t.ips.join(', ') || 'none');
  fact('started', t.startedAt || `staged ${t.stagedAt}`);
  out.push(dl);
  if (t.healthCheckResults.length) {
    out.push(table('Health checks', ['#', 'alive', 'consecutive failures', 'last success', 'last failure', 'cause'], t.healthCheckResults.map((h, i) => [i, h.alive ? 'yes' : 'no', h.consecutiveFailures, h.lastSuccess, h.lastFailure, h.lastFailureCause])));
  }
  out.push(table('Ports', ['name', 'host port', 'container port', 'service port', 'protocol'], a.ports.map((p) => [p.name, p.hostPort, p.containerPort, p.servicePort, p.protocol])));
  out.push(table('IP addresses', ['address', 'protocol', 'network', 'gateway'], a.ipAddresses.map((i) => [`${i.ipAddress}${i.prefixLength ? '/' + i.prefixLength : ''}`, i.protocol, i.networkName, i.gateway])));
  out.push(table('VIPs', ['label', 'address', 'protocol', 'port index'], a.vips.map((v) => [v.label, `${v.ip}:${v.port}`, v.protocol, v.portIndex])));
  out.push(table('Allocation keys', ['kind', 'value', 'network'], a.keys.map((k) => [k.kind, k.value, k.network])));
  out.push(table('Environment (secrets shown as ****)', ['name', 'value'], Object.entries(d.env).sort(([x], [y]) => x.localeCompare(y))));
  const logs = el('section', undefined, 'logs');
  const h = el('h3', 'Logs');
  const stream = el('select');
  stream.id = 'logs-stream';
  stream.append(new Option('stdout', 'stdout'), new Option('stderr', 'stderr'));
  stream.setAttribute('aria-label', 'stream');
  const refresh = el('button', 'refresh');
  refresh.type = 'button';
  refresh.id = 'logs-refresh';
  const tail = el('div');
  tail.id = 'logs-tail';
  tail.setAttribute('aria-live', 'polite');
  // a pod: every container's tail, or the one chosen
  const container = el('select');
  container.id = 'logs-container';
  container.setAttribute('aria-label', 'container');
  container.append(new Option('all containers', ''), ...(d.logs.containers || []).map((c) => new Option(c, c)));
  container.hidden = !d.logs.containers;
  const load = () => loadLogs(d.logs.path, stream.value, container.value, tail);
  refresh.addEventListener('click', load);
  stream.addEventListener('change', load);
  container.addEventListener('change', load);
  logs.append(h, container, stream, refresh, tail);
  out.push(logs);
  load();
  return out;
}

/** The last lines of a stream into `into`, or why not (403 for viewers: logs are not masked). */
async function loadLogs(path, stream, container, into) {
  into.replaceChildren(el('p', 'loading…', 'muted'));
  try {
    const r = await getJson(`${path}?lines=200&stream=${stream}${container ? `&container=${encodeURIComponent(container)}` : ''}`);
    const pre = (lines) => el('pre', lines.length ? lines.join('\n') : `(${stream} is empty)`);
    const out = r.containers ? r.containers.flatMap((c) => [el('h4', `container ${c.container}`), pre(c.lines)]) : [pre(r.lines)];
    if (r.truncated) out.unshift(el('p', 'older lines left out (the last 200 lines, at most 64 KiB)', 'muted'));
    into.replaceChildren(...out);
  } catch (err) {
    const why = err.status === 403 ? `not shown: ${err.message} (logs are shown only to roles that may write the app)` : `unavailable: ${err.message}`;
    into.replaceChildren(el('p', why, 'muted'));
  }
}

function renderTrace(report) {
  const out = [el('p', `${report.ok ? 'OK' : `fails at ${report.failedHop}`}: ${report.from.spec} → ${report.to.spec} (${report.ms} ms)`, report.ok ? 'ok' : 'bad')];
  const ol = el('ol', undefined, 'hops');
  for (const h of report.hops) {
    const li = el('li', undefined, `hop ${h.status}`);
    li.append(el('strong', `${h.hop}`), ` ${h.status}: ${h.summary}`);
    for (const d of h.details || []) li.append(el('div', d, 'muted'));
    ol.append(li);
  }
  out.push(ol);
  return out;
}

export class TaskDetail {
  constructor(dialog) {
    this.dialog = dialog;
    this.body = dialog.querySelector('#detail-body');
    this.title = dialog.querySelector('#detail-h');
    this.traceOut = dialog.querySelector('#trace-out');
    this.opener = null;
    this.taskId = '';
    dialog.querySelector('#detail-close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => this.opener && this.opener.isConnected && this.opener.focus());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && dialog.open) {
        e.preventDefault();
        dialog.close();
      }
    });
    dialog.querySelector('#trace-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.trace(dialog.querySelector('#trace-to').value);
    });
  }

  async open(taskId, opener) {
    this.opener = opener;
    this.taskId = taskId;
    this.title.textContent = `Task ${taskId}`;
    this.body.replaceChildren(el('p', 'loading…', 'muted'));
    this.traceOut.replaceChildren();
    if (!this.dialog.open) this.dialog.show();
    this.dialog.querySelector('#detail-close').focus();
    try {
      const d = await getJson(`/v1/map/tasks/${encodeURIComponent(taskId)}`);
      if (this.taskId === taskId) this.body.replaceChildren(...render(d));
    } catch (err) {
      this.body.replaceChildren(el('p', `could not load the task: ${err.message}`, 'bad'));
    }
  }

  async trace(to) {
    this.traceOut.replaceChildren(el('p', 'tracing…', 'muted'));
    try {
      this.traceOut.replaceChildren(...renderTrace(await postJson('/v1/trace', { from: this.taskId, to })));
    } catch (err) {
      this.traceOut.replaceChildren(el('p', `trace refused: ${err.message}`, 'bad'));
    }
  }
}
