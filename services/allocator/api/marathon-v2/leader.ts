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

export function leaderRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v2/leader', async () => {
    const leader = leaderAddress(core);
    if (!leader) throw noLeader();
    return { leader };
  });

  app.delete('/v2/leader', async () => {
    if (!(await core.leader.abdicate())) throw noLeader();
    return { message: 'Leadership abdicated' };
  });
}
