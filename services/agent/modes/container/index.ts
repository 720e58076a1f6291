/**
 * container (container-mapped / pod): join another task's netns. Marathon's
 * `networkName: "container:<taskId>"` names the task whose namespace is
 * shared; nothing is wired and del leaves the netns to its owner.
 */
import { MarinaError } from '../../../../lib/errors';
import { taskNetnsName } from '../../names';
import { netnsExists } from '../../netns/netns';
import { registerMode, type Attachment, type NetworkMode, type TaskNet } from '../mode';

export const containerMode: NetworkMode = {
  name: 'container',
  async add(t: TaskNet): Promise<Attachment> {
    const owner = (t.task.networkName ?? '').slice('container:'.length);
    const ns = taskNetnsName(t.agent.id, owner);
    if (!owner || !(await netnsExists(ns))) {
      throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${t.task.id}: networkName: task ${JSON.stringify(owner)} has no netns on this host`);
    }
    return { mode: 'container', taskId: t.task.id, netns: ns, ownsNetns: false };
  },
  async check(a: Attachment): Promise<void> {
    if (!a.netns || !(await netnsExists(a.netns))) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `netns ${a.netns} of task ${a.taskId} is gone`);
  },
  async del(): Promise<void> {},
};

registerMode(containerMode);
