/** host: the task shares the host's netns and listens on its allocated PORTn; nothing to wire. */
import { registerMode, type Attachment, type NetworkMode, type TaskNet } from '../mode';

export const hostMode: NetworkMode = {
  name: 'host',
  async add(t: TaskNet): Promise<Attachment> {
    return { mode: 'host', taskId: t.task.id, ownsNetns: false, ip: t.agent.ip };
  },
  async check(): Promise<void> {},
  async del(): Promise<void> {},
};

registerMode(hostMode);
