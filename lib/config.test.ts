import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { declareOptions, resolveConfig, type OptionSpec } from './config';

const specs: OptionSpec[] = [
  { name: 'api-listen', type: 'string', description: 'HTTP API address', default: '127.0.0.1:8080' },
  { name: 'agent-lease-ttl', type: 'number', description: 'seconds', default: 10 },
  { name: 'cleanup', type: 'boolean', description: 'remove rules', default: false },
  { name: 'etcd-endpoints', type: 'list', description: 'etcd URLs' },
];

function parse(argv: string[]): Record<string, unknown> {
  const cmd = declareOptions(new Command('x').exitOverride(), specs);
  cmd.parse(argv, { from: 'user' });
  return cmd.opts();
}

describe('resolveConfig', () => {
  it('uses defaults when nothing is given', () => {
    expect(resolveConfig(specs, parse([]), {})).toEqual({
      apiListen: '127.0.0.1:8080', agentLeaseTtl: 10, cleanup: false, etcdEndpoints: undefined,
    });
  });

  it('orders file < env < flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ 'api-listen': '127.0.0.1:1', 'agent-lease-ttl': 5, 'etcd-endpoints': ['http://127.0.0.1:2379'] }));
    const env = { MARINA_API_LISTEN: '127.0.0.1:2', MARINA_CLEANUP: 'true' };
    const cfg = resolveConfig(specs, parse(['--config', file, '--api-listen', '127.0.0.1:3']), env);
    expect(cfg).toEqual({ apiListen: '127.0.0.1:3', agentLeaseTtl: 5, cleanup: true, etcdEndpoints: ['http://127.0.0.1:2379'] });
  });

  it('splits comma lists from env and flags', () => {
    const cfg = resolveConfig(specs, parse(['--etcd-endpoints', 'http://127.0.0.1:1, http://127.0.0.1:2']), {});
    expect(cfg.etcdEndpoints).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  });

  it('names the option and source of a bad value', () => {
    expect(() => resolveConfig(specs, parse([]), { MARINA_AGENT_LEASE_TTL: 'soon' })).toThrow(
      'invalid environment variable MARINA_AGENT_LEASE_TTL for agent-lease-ttl: expected a number, got "soon"',
    );
    expect(() => resolveConfig(specs, parse(['--agent-lease-ttl', 'x']), {})).toThrow(/flag --agent-lease-ttl/);
  });

  it('rejects unknown keys in the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ 'api-lsten': 'x' }));
    expect(() => resolveConfig(specs, parse(['--config', file]), {})).toThrow(/unknown option "api-lsten"/);
  });
});

describe('declareOptions', () => {
  it('shows each default and environment variable in --help', () => {
    const help = declareOptions(new Command('x').configureHelp({ helpWidth: 200 }), specs).helpInformation();
    expect(help).toContain('HTTP API address (default: 127.0.0.1:8080) [env MARINA_API_LISTEN]');
    expect(help).toContain('seconds (default: 10) [env MARINA_AGENT_LEASE_TTL]');
    expect(help).toContain('etcd URLs [env MARINA_ETCD_ENDPOINTS]');
  });
});
