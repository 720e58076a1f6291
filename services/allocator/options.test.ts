import { resolveConfig } from '../../lib/config';
import { OPTIONS, parseAllocatorConfig } from './options';

const parse = (flags: Record<string, unknown>) => parseAllocatorConfig(resolveConfig(OPTIONS, flags, {}));

describe('--agent-cert-ttl', () => {
  it('defaults to a year and takes whole seconds', () => {
    expect(parse({}).auth.agentCertTtlSeconds).toBe(365 * 86400);
    expect(parse({ agentCertTtl: 120 }).auth.agentCertTtlSeconds).toBe(120);
  });

  it.each([5, 1.5, 3651 * 86400, 'soon'])('refuses %j naming the option', (v) => {
    expect(() => parse({ agentCertTtl: v })).toThrow(/--agent-cert-ttl/);
  });
});
