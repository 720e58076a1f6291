/** placeholder */
import type { FastifyInstance } from 'fastify';
import type { AllocatorCore } from '../../core';
export function queueRoutes(_app: FastifyInstance, _core: AllocatorCore): void {}
