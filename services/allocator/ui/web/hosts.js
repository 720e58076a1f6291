// Hosts and the fabric between them: an SVG with the hosts on a circle and
// one line per (network, host pair) — dashed for a VXLAN tunnel, solid for
// a host-gw route — and a list with the same facts as text.
const SVG = 'http://www.w3.org/2000/svg';
/** Natural order: host-2 before host-10. */
export const byName = new Intl.Collator(undefined, { numeric: true }).compare; // one collator: localeCompare with options builds one per call

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function li(text, cls) {
  const e = document.createElement('li');
  if (cls) e.className = cls;
  e.textContent = text;
  return e;
}

/** Task count per agent id. */
function perAgent(model) {
  const n = new Map();
  for (const t of model.tasks.values()) n.set(t.agentId, (n.get(t.agentId) || 0) + 1);
  return n;
}

/** What an agent's fabric holds, one line per network: the peers by name when few, else how many. */
function peersOf(model, id) {
  const out = [];
  for (const net of [...model.networks].sort((a, b) => byName(a.name, b.name))) {
    const links = model.fabric.filter((f) => f.network === net.name && (f.a === id || f.b === id));
    if (!links.length) continue;
    const names = links.map((f) => (model.agents.get(f.a === id ? f.b : f.a) || { hostname: '?' }).hostname).sort(byName);
    const what = net.driver === 'vxlan' ? 'tunnel' : 'route';
    out.push(`${net.name} (${net.driver}): ${names.length <= 4 ? `${what}s to ${names.join(', ')}` : `${what}s to ${names.length} hosts`}`);
  }
  return out;
}

/** onHost(hostname): a host's name was chosen in the list (the page filters the apps to it). */
export function renderHosts(model, svgRoot, list, onHost) {
  const agents = [...model.agents.values()].sort((a, b) => byName(a.hostname, b.hostname));
  const counts = perAgent(model);
  // the circle grows with the hosts (~60 units of arc each), the labels sit outside it
  const r = agents.length > 1 ? Math.max(70, (agents.length * 60) / (2 * Math.PI)) : 0;
  const pad = 90;
  const size = 2 * (r + pad);
  svgRoot.setAttribute('viewBox', `0 0 ${size} ${agents.length > 1 ? size : 120}`);
  const c = size / 2;
  const cy = agents.length > 1 ? c : 50;
  const at = new Map();
  agents.forEach((a, i) => {
    const angle = (2 * Math.PI * i) / Math.max(agents.length, 1) - Math.PI / 2;
    at.set(a.id, { x: c + r * Math.cos(angle), y: cy + r * Math.sin(angle), angle });
  });
  const nets = [...new Set(model.fabric.map((f) => f.network))];
  const nodes = [];
  for (const f of model.fabric) {
    const p = at.get(f.a);
    const q = at.get(f.b);
    if (!p || !q) continue;
    // parallel links of several networks are offset so each stays visible
    const k = nets.indexOf(f.network) - (nets.length - 1) / 2;
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const ox = (-(q.y - p.y) / len) * k * 4;
    const oy = ((q.x - p.x) / len) * k * 4;
    const line = svg('line', { x1: p.x + ox, y1: p.y + oy, x2: q.x + ox, y2: q.y + oy, class: `link ${f.driver === 'vxlan' ? 'vxlan' : 'hostgw'} n${nets.indexOf(f.network) % 6}` });
    line.append(svg('title', {}, `${f.network} (${f.driver}): ${f.a} ↔ ${f.b}`));
    nodes.push(line);
  }
  for (const a of agents) {
    const p = at.get(a.id);
    const g = svg('g', { class: 'host', transform: `translate(${p.x},${p.y})` });
    const n = counts.get(a.id) || 0;
    g.append(svg('circle', { r: 16 }), svg('text', { class: 'n', y: 4 }, String(n)));
    // the name radially outside the circle (below the node when it is alone)
    const lx = agents.length > 1 ? Math.cos(p.angle) * 24 : 0;
    const ly = agents.length > 1 ? Math.sin(p.angle) * 24 + 4 : 32;
    const anchor = agents.length === 1 || Math.abs(Math.cos(p.angle)) < 0.3 ? 'middle' : Math.cos(p.angle) > 0 ? 'start' : 'end';
    // above the circle the address goes above the name, so neither runs into the node
    const up = agents.length > 1 && Math.sin(p.angle) < -0.3 ? -12 : 0;
    g.append(svg('text', { x: lx, y: ly + up, 'text-anchor': anchor, class: 'name' }, a.hostname));
    if (agents.length <= 8) g.append(svg('text', { x: lx, y: ly + up + 12, 'text-anchor': anchor, class: 'ip' }, a.ip));
    g.append(svg('title', {}, `${a.hostname} (${a.id}) ${a.ip}: ${n} tasks`));
    nodes.push(g);
  }
  if (agents.length === 0) nodes.push(svg('text', { x: c, y: cy, class: 'empty' }, 'no agents registered'));
  svgRoot.replaceChildren(...nodes);

  const items = agents.map((a) => {
    const e = li('', 'host-item');
    e.dataset.agent = a.id;
    const name = document.createElement('button');
    name.type = 'button';
    name.className = 'host-name';
    name.textContent = a.hostname;
    name.title = `show only the tasks on ${a.hostname}`;
    name.addEventListener('click', () => onHost(a.hostname));
    const n = counts.get(a.id) || 0;
    e.append(name, ` ${a.ip} · ${n} task${n === 1 ? '' : 's'}${a.mtu ? ` · MTU ${a.mtu}` : ''}${a.bridgeCidr ? ` · bridge ${a.bridgeCidr}` : ''}`);
    const peers = peersOf(model, a.id);
    if (peers.length) {
      const p = document.createElement('div');
      p.className = 'peers';
      p.textContent = peers.join('; ');
      e.append(p);
    }
    return e;
  });
  list.replaceChildren(...items);
}

export function renderNetworks(model, list) {
  const items = [...model.networks].sort((a, b) => byName(a.name, b.name)).map((n) => li(`${n.name} · ${n.driver}${n.cidr ? ` · ${n.cidr}` : ''}${n.cidr6 ? ` · ${n.cidr6}` : ''}${n.vni !== undefined ? ` · VNI ${n.vni}` : ''}`));
  list.replaceChildren(...(items.length ? items : [li('no virtual networks (host and bridge mode only)', 'empty')]));
}

export function renderVips(model, list) {
  const items = model.vips.map((v) => {
    const e = li('', 'vip');
    const name = document.createElement('strong');
    name.textContent = v.name ? `${v.name} ${v.key}` : v.key;
    const backends = v.backends.length ? v.backends.map((b) => `${b.ip}:${b.port}`).join(', ') : 'no serving backend';
    e.append(name, ` → ${backends}`);
    e.title = v.backends.map((b) => `${b.ip}:${b.port} ${b.taskId}`).join('\n');
    return e;
  });
  list.replaceChildren(...(items.length ? items : [li('no VIPs', 'empty')]));
}
