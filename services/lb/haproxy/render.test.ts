import type { EdgeRoute } from '../proxy/l7/routes';
import { renderConfig, shapeOf, slotCommands } from './render';

const route = (over: Partial<EdgeRoute> = {}): EdgeRoute => ({ appId: '/g/web', portIndex: 0, servicePort: 10100, mode: 'http', vhosts: ['web.example.com'], balance: 'roundrobin', sticky: false, redirectToHttps: false, rateLimitClient: 0, rateLimitApp: 0, backends: [{ ip: '198.18.2.11', port: 31000, taskId: 't1' }], ...over });
const opts = { address: '127.0.0.1', httpPort: 80, runDir: '/run/marina', minSlots: 4 };

describe('haproxy render', () => {
  it('renders vhost ACLs (longest path first), a service-port frontend and slotted servers', () => {
    const cfg = renderConfig([route(), route({ appId: '/api', path: '/api', servicePort: 10101 })], opts, new Map());
    expect(cfg).toContain('stats socket /run/marina/admin.sock mode 600 level admin expose-fd listeners');
    const acls = cfg.split('\n').filter((l) => l.includes('use_backend'));
    expect(acls[0]).toContain('marina_api_0 if { hdr(host),field(1,:) -i web.example.com } { path_beg /api }');
    expect(acls[1]).toContain('marina_g_web_0');
    expect(cfg).toContain('frontend marina_sp_10100\n  bind 127.0.0.1:10100\n  mode http\n  default_backend marina_g_web_0');
    expect(cfg).toContain('  server s1 198.18.2.11:31000\n  server s2 127.0.0.1:1 disabled');
    expect(cfg.match(/server s\d+ /g)).toHaveLength(8);
  });

  it('a backend change keeps the shape (runtime API), a new vhost changes it (reload)', () => {
    const slots = new Map<string, number>();
    renderConfig([route()], opts, slots);
    const a = shapeOf([route()], opts, slots);
    expect(shapeOf([route({ backends: [{ ip: '198.18.2.12', port: 1, taskId: 'x' }] })], opts, slots)).toBe(a);
    expect(shapeOf([route({ vhosts: ['new.example.com'] })], opts, slots)).not.toBe(a);
    expect(slotCommands(route(), 2)).toEqual(['set server marina_g_web_0/s1 addr 198.18.2.11 port 31000', 'set server marina_g_web_0/s1 state ready', 'set server marina_g_web_0/s2 state maint']);
  });
});
