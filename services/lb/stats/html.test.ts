import { wantsHtml } from '../http';
import { escapeHtml, renderStatsHtml } from './html';

describe('stats page', () => {
  it('negotiates: a browser gets HTML, curl and JSON clients get JSON, ?format overrides', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', '')).toBe(true);
    expect(wantsHtml('*/*', '')).toBe(false);
    expect(wantsHtml(undefined, '')).toBe(false);
    expect(wantsHtml('application/json', '')).toBe(false);
    expect(wantsHtml('application/json, text/html', '')).toBe(false);
    expect(wantsHtml('*/*', 'format=html')).toBe(true);
    expect(wantsHtml('text/html', 'format=json')).toBe(false);
  });

  it('renders a row per backend with its counters, escapes names, and marks missing counters', () => {
    const html = renderStatsHtml({
      title: 'marina lb',
      summary: [['mode', 'nftables']],
      vips: [
        { kind: 'vip', name: '/web<script>', frontend: '198.19.250.7:80/tcp', state: 'ok', balance: 'random', members: [{ backend: '198.18.2.11:8080', state: 'up', taskId: 'web.1', active: 3 }] },
        { kind: 'vip', name: '/idle', frontend: '198.19.250.8:80/tcp', state: 'no backend (rejecting)', balance: 'random', members: [] },
      ],
      edge: [{ kind: 'edge', name: '/site port 0', frontend: 'vhost site.example', state: 'degraded', balance: 'roundrobin', members: [{ backend: '127.0.0.1:1', state: 'ejected', active: 0, requests: 0, errors: 3, ejections: 1 }] }],
    });
    expect(html).toContain('/web&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/<td>198\.18\.2\.11:8080<\/td><td>web\.1<\/td><td class="ok">up<\/td><td class="n">3<\/td><td class="n">—<\/td>/);
    expect(html).toContain('no backend (rejecting)');
    expect(html).toMatch(/<td class="bad">ejected<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">3<\/td><td class="n">1<\/td>/);
    expect(escapeHtml(`"&'`)).toBe('&quot;&amp;&#39;');
  });
});
