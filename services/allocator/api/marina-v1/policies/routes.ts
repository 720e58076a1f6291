/**
 * /v1/policies (docs/policy.md): network policy CRUD, versions, per-host
 * status and `why`. Reads for every role; writes for admins, and deployers
 * whose prefixes hold every app the selector picks (auth/policy-scope.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { crudRoutes } from './crud';
import { statusRoutes } from './status';
import { versionRoutes } from './versions';
import { whyRoutes } from './why';

export function policyRoutes(app: FastifyInstance, core: AllocatorCore): void {
  // /v1/policies/why before /v1/policies/:id (a static segment wins in find-my-way either way; kept first for the reader)
  whyRoutes(app, core);
  crudRoutes(app, core);
  versionRoutes(app, core);
  statusRoutes(app, core);
}
