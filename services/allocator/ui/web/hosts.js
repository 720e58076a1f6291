// Hosts and the fabric between them: an SVG with the hosts on a circle and
// one line per (network, host pair) — dashed for a VXLAN tunnel, solid for
// a host-gw route — and a list with the same facts as text.
const SVG = 'http://www.w3.org/2000/svg';
const W = 360;
const H = 260;

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

export function renderHosts(model, svgRoot, list) {
  const agents = [...model.agents.values()].sort((a, b) => a.id.localeCompare(b.id));
  const counts = perAgent(model);
  const at = new Map();
  const r = agents.length > 1 ? Math.min(W, H) / 2 - 45 : 0;
  agents.forEach((a, i) => {
    const angle = (2 * Math.PI * i) / Math.max(agents.length, 1) - Math.PI / 2;
    at.set(a.id, { x: W / 2 + r * Math.cos(angle), y: H / 2 + r * Math.sin(angle) });
  });
  const nets = [...new Set(model.fabric.map((f) => f.network))];
  const nodes = [];
  model.fabric.forEach((f) => {
    const p = at.get(f.a);
    const q = at.get(f.b);
    if (!p || !q) return;
    // parallel links of several networks are offset so each stays visible
    const k = nets.indexOf(f.network) - (nets.length - 1) / 2;
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    const ox = (-dy / len) * k * 5;
    const oy = (dx / len) * k * 5;
    const line = svg('line', { x1: p.x + ox, y1: p.y + oy, x2: q.x + ox, y2: q.y + oy, class: `link ${f.driver === 'vxlan' ? 'vxlan' : 'hostgw'} n${nets.indexOf(f.network) % 6}` });
    line.append(svg('title', {}, `${f.network} (${f.driver}): ${f.a} ↔ ${f.b}`));
    nodes.push(line);
  });
  for (const a of agents) {
    const p = at.get(a.id);
    const g = svg('g', { class: 'host', transform: `translate(${p.x},${p.y})` });
    g.append(svg('circle', { r: 16 }), svg('text', { class: 'n', y: 4 }, String(counts.get(a.id) || 0)), svg('text', { y: 30 }, a.hostname), svg('text', { class: 'ip', y: 42 }, a.ip));
    g.append(svg('title', {}, `${a.id} ${a.ip}: ${counts.get(a.id) || 0} tasks`));
    nodes.push(g);
  }
  if (agents.length === 0) nodes.push(svg('text', { x: W / 2, y: H / 2, class: 'empty' }, 'no agents registered'));
  svgRoot.replaceChildren(...nodes);

  const items = agents.map((a) => {
    const peers = model.fabric.filter((f) => f.a === a.id || f.b === a.id).map((f) => `${f.driver === 'vxlan' ? 'tunnel' : 'route'} to ${f.a === a.id ? f.b : f.a} (${f.network})`);
    const e = li('', 'host-item');
    e.dataset.agent = a.id;
    const name = document.createElement('strong');
    name.textContent = a.hostname;
    e.append(name, ` ${a.ip} · ${counts.get(a.id) || 0} tasks${a.mtu ? ` · MTU ${a.mtu}` : ''}${a.bridgeCidr ? ` · bridge ${a.bridgeCidr}` : ''}`);
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
  const items = model.networks.map((n) => li(`${n.name} · ${n.driver}${n.cidr ? ` · ${n.cidr}` : ''}${n.cidr6 ? ` · ${n.cidr6}` : ''}${n.vni !== undefined ? ` · VNI ${n.vni}` : ''}`));
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
