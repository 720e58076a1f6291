/**
 * GET /v2/leader ({"leader": "host:port"}, 404 "There is no leader") and
 * DELETE /v2/leader (the leader steps down; another replica takes over:
 * leader/election.ts). The address is the leader replica's advertised HTTP
 * address (its `replicas/<id>` marker).
 */
import type { FastifyInstance } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';

export function leaderAddress(core: AllocatorCore): string | undefined {
  const id = core.leader.leaderId();
  return id ? core.replica(id)?.http : undefined;
}

const noLeader = () => new MarinaError('MARINA_ERR_NOT_FOUND', 'There is no leader');

/** GET /v2/leader (and the gRPC Leader/Get). */
export function currentLeader(core: AllocatorCore): { leader: string } {
  const leader = leaderAddress(core);
  if (!leader) throw noLeader();
  return { leader };
}

/** DELETE /v2/leader (and the gRPC Leader/Abdicate). */
export async function abdicate(core: AllocatorCore): Promise<{ message: string }> {
  if (!(await core.leader.abdicate())) throw noLeader();
  return { message: 'Leadership abdicated' };
}

export function leaderRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v2/leader', async () => currentLeader(core));
  app.delete('/v2/leader', async () => abdicate(core));
}
