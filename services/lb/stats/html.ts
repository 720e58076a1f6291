/**
 * The stats page for a browser (`Accept: text/html`): a summary, then one
 * table of VIPs and one of edge routes, a row per backend. Pure: rows in,
 * HTML out; every value escaped. Refreshes itself every 5 s.
 */
import type { ServiceRow } from '../model/service-rows';

export interface StatsPage {
  title: string;
  /** Label → value lines of the summary. */
  summary: Array<[string, string]>;
  vips: ServiceRow[];
  edge?: ServiceRow[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const num = (n: number | undefined) => (n === undefined ? '—' : String(n));

const HEAD = ['service', 'frontend', 'state', 'balance', 'backend', 'task', 'backend state', 'active conns', 'requests', 'errors', 'ejections'];

function rowsHtml(rows: ServiceRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    const cls = r.state === 'ok' ? 'ok' : r.state === 'degraded' ? 'warn' : 'bad';
    const lead = [r.name, r.frontend].map((v) => `<td>${escapeHtml(v)}</td>`).join('') + `<td class="${cls}">${escapeHtml(r.state)}</td><td>${escapeHtml(r.balance)}</td>`;
    if (r.members.length === 0) {
      out.push(`<tr>${lead}<td colspan="7">no backend</td></tr>`);
      continue;
    }
    r.members.forEach((m, i) => {
      const first = i === 0 ? lead : '<td></td><td></td><td></td><td></td>';
      const mcls = m.state === 'up' ? 'ok' : m.state === 'ejected' ? 'bad' : 'warn';
      const cells = [m.backend, m.taskId ?? '—'].map((v) => `<td>${escapeHtml(v)}</td>`).join('') + `<td class="${mcls}">${escapeHtml(m.state)}</td>` + [m.active, m.requests, m.errors, m.ejections].map((n) => `<td class="n">${num(n)}</td>`).join('');
      out.push(`<tr>${first}${cells}</tr>`);
    });
  }
  return out.join('\n');
}

function table(caption: string, rows: ServiceRow[]): string {
  return `<h2>${escapeHtml(caption)} (${rows.length})</h2>\n<table>\n<tr>${HEAD.map((h) => `<th>${h}</th>`).join('')}</tr>\n${rowsHtml(rows)}\n</table>`;
}

export function renderStatsHtml(p: StatsPage): string {
  const summary = p.summary.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>${escapeHtml(p.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#060}.warn{color:#a60}.bad{color:#b00;font-weight:bold}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}
</style></head><body>
<h1>${escapeHtml(p.title)}</h1>
<dl>${summary}</dl>
${table('VIPs', p.vips)}
${p.edge ? table('Edge routes', p.edge) : ''}
<p>JSON: <code>curl -H 'Accept: application/json' …/stats</code></p>
</body></html>
`;
}
