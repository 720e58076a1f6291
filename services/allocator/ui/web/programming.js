// Network-programming latency (issue 12): per component and host, how long
// changes took from commit to being in effect there (DNS answers, VIP rules,
// policy sets), as each component last reported it (/v1/programming-latency).

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** Seconds as ms (below 10 s) or s. */
function dur(s) {
  if (s === undefined || s === null) return '–';
  return s < 10 ? `${(s * 1000).toFixed(s < 0.01 ? 1 : 0)} ms` : `${s.toFixed(1)} s`;
}

/** How long ago an ISO time was, coarse. */
function ago(iso, now) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

const KINDS = { dns: 'DNS', lb: 'VIP rules', 'agent-policy': 'policy' };

/** The panel's table (or why it is empty) into `into`. */
export function renderProgramming(components, into, now = Date.now()) {
  if (components.length === 0) {
    into.replaceChildren(el('p', 'no component has reported yet', 'muted'));
    return;
  }
  const t = el('table', undefined, 'programming');
  const head = el('tr');
  for (const h of ['what', 'host', 'changes', 'p50', 'p99', 'reported']) head.append(el('th', h));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  const order = Object.keys(KINDS);
  const sorted = [...components].sort((a, b) => order.indexOf(a.component) - order.indexOf(b.component) || a.host.localeCompare(b.host));
  for (const c of sorted) {
    const row = el('tr');
    row.dataset.component = c.component;
    row.dataset.host = c.host;
    row.title = `reported by ${c.reporter}`;
    for (const v of [KINDS[c.component] || c.component, c.host, String(c.count), dur(c.p50Seconds), dur(c.p99Seconds), ago(c.updatedAt, now)]) row.append(el('td', v));
    tbody.append(row);
  }
  t.append(thead, tbody);
  into.replaceChildren(t);
}
