/** The task environment: Marathon's table from lib/env, stored on the task for the agent. */
import { computeTaskEnv } from '../../../lib/env';
import type { AppDefinition } from '../../../lib/model/app';
import type { Task } from '../../../lib/model/cluster';

export function taskEnv(app: AppDefinition, task: Task): Record<string, string> {
  return computeTaskEnv(app, task);
}
