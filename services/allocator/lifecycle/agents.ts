/**
 * Agents: registration (a leased key, so a dead agent's key vanishes when
 * it stops calling KeepAlive), keep-alive by lease id, and the per-host
 * bridge subnet kept for the agent id across re-registrations.
 */
import { MarinaError, isMarinaError } from '../../../lib/errors';
import type { Agent } from '../../../lib/model/cluster';
import type { AgentRegistration } from '../../../lib/client/agent-api';
import { abs, type AllocatorContext } from '../context';
import { Claims } from '../alloc/claims';
import { bridgeSubnetFor } from '../alloc/bridges';
import { ipToInt } from '../../../lib/net/ipv4';
import { commit } from '../state/commit';
import { K } from '../state/keys';
import { DEFAULT_AGENT_PORT_RANGES } from '../alloc/ports';
import { limitText } from '../../../lib/validation/limits';
import type { Limits } from '../limit-options';

const AGENT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function validate(reg: AgentRegistration, limits: Limits): string {
  const details: Array<{ path: string; errors: string[] }> = [];
  const id = reg.id || reg.hostname;
  if (!reg.hostname) details.push({ path: '/hostname', errors: ['is required'] });
  if (!id || !AGENT_ID_RE.test(id)) details.push({ path: '/id', errors: [`'${id}' is not a valid agent id (letters, digits, . _ -)`] });
  try {
    ipToInt(reg.ip);
  } catch {
    details.push({ path: '/ip', errors: [`'${reg.ip}' is not an IPv4 address`] });
  }
  (reg.portRanges ?? []).forEach((r, i) => {
    if (!(r.begin >= 1 && r.end <= 65535 && r.begin <= r.end)) details.push({ path: `/portRanges(${i})`, errors: [`${r.begin}-${r.end} is not a port range`] });
  });
  const attributes = Object.entries(reg.attributes ?? {});
  if (attributes.length > limits.maxAgentAttributes) {
    details.push({ path: '/attributes', errors: [`${attributes.length} attributes, ${limitText(limits.maxAgentAttributes, 'max-agent-attributes')}`] });
  } else {
    for (const [k, v] of attributes) {
      const bytes = Buffer.byteLength(k) + Buffer.byteLength(String(v));
      if (bytes > limits.maxAgentAttributeBytes) details.push({ path: `/attributes/${k}`, errors: [`attribute of ${bytes} bytes, ${limitText(limits.maxAgentAttributeBytes, 'max-agent-attribute-bytes')}`] });
    }
  }
  if (details.length > 0) throw new MarinaError('MARINA_ERR_INVALID', 'invalid agent registration', { details });
  return id;
}

export class Agents {
  constructor(private readonly ctx: AllocatorContext) {}

  async register(reg: AgentRegistration): Promise<Agent> {
    const id = validate(reg, this.ctx.settings.limits);
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.ctx.store.get(abs(this.ctx, K.agent(id)));
      let leaseId = existing?.lease;
      if (leaseId) {
        try {
          await this.ctx.store.refreshLease(leaseId);
        } catch (err) {
          if (!isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) throw err;
          leaseId = undefined;
        }
      }
      if (!leaseId) {
        const lease = await this.ctx.store.grantLease(this.ctx.settings.agentLeaseTtl);
        lease.release();
        leaseId = lease.id;
      }
      const claims = new Claims(this.ctx.view, this.ctx.reserved);
      const bridgeCidr = bridgeSubnetFor(claims, id, this.ctx.settings.bridgeRange);
      const prev = existing ? (JSON.parse(existing.value) as Agent) : undefined;
      const agent: Agent = {
        id,
        hostname: reg.hostname,
        ip: reg.ip,
        ...(reg.ip6 ? { ip6: reg.ip6 } : {}),
        portRanges: reg.portRanges && reg.portRanges.length > 0 ? reg.portRanges : DEFAULT_AGENT_PORT_RANGES,
        attributes: reg.attributes ?? {},
        ...(reg.mtu ? { mtu: reg.mtu } : {}),
        bridgeCidr,
        registeredAt: prev?.registeredAt ?? new Date().toISOString(),
      };
      const key = abs(this.ctx, K.agent(id));
      const res = await commit(this.ctx, claims, {
        compares: [{ key, target: 'modRevision', op: '==', value: existing?.modRevision ?? 0 }],
        ops: [{ type: 'put', key, value: JSON.stringify(agent), lease: leaseId }],
      });
      if (res.succeeded) {
        await this.ctx.view.waitFor(res.revision);
        this.ctx.log.info({ agentId: id, hostname: agent.hostname, ip: agent.ip, bridgeCidr }, 'agent registered');
        return agent;
      }
      await this.ctx.view.waitFor(res.revision);
    }
    throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `could not register agent ${id}: concurrent registrations`);
  }

  async keepAlive(agentId: string): Promise<void> {
    const kv = await this.ctx.store.get(abs(this.ctx, K.agent(agentId)));
    if (!kv?.lease) throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', `agent ${agentId} is not registered (its lease expired); register again`);
    await this.ctx.store.refreshLease(kv.lease);
  }
}
