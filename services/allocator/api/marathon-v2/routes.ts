/**
 * Marathon's /v2 REST API, one room per resource: apps (and their tasks,
 * versions, restart), tasks, info/ping/eventSubscriptions, leader, queue,
 * deployments, groups (read).
 * Status codes and shapes follow Marathon (201 + Location on create, 409
 * duplicate, 422 with per-field details, 404 unknown ids).
 */
import type { FastifyInstance } from 'fastify';
import type { AllocatorCore } from '../../core';
import { eventRoutes } from './events/route';
import { appRoutes } from './apps';
import { infoRoutes } from './info';
import { leaderRoutes } from './leader';
import { queueRoutes } from './queue';
import { taskRoutes } from './tasks';
import { deploymentRoutes } from './deployments/routes';
import { groupRoutes } from './groups/routes';

export function marathonRoutes(app: FastifyInstance, core: AllocatorCore): void {
  infoRoutes(app, core);
  appRoutes(app, core);
  taskRoutes(app, core);
  leaderRoutes(app, core);
  queueRoutes(app, core);
  eventRoutes(app, core);
  deploymentRoutes(app, core);
  groupRoutes(app, core);
}
