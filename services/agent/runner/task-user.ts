/**
 * Who a task runs as. Marathon's `user` field names the Unix user (Mesos
 * runs the task as that user and fails it when the agent has no such user);
 * without it the agent's --default-task-user (default `nobody`) applies, so
 * no task is root unless its app says `"user": "root"`.
 *
 * A task that is not root drops privileges with setpriv(1) (util-linux) as
 * the last step before tini, after the root-only steps of the chain (netns,
 * mounts, the resolv.conf bind): real and effective uid/gid and the user's
 * groups (--init-groups), and one capability, NET_BIND_SERVICE, in the
 * bounding, inheritable and ambient sets. Mesos' linux/capabilities isolator
 * and container runtimes leave a non-root task no capabilities; Marina keeps
 * NET_BIND_SERVICE because tasks in their own netns commonly listen on a low
 * containerPort (Docker reaches the same with ip_unprivileged_port_start=0),
 * and binding a low port of a netns the task owns grants it nothing else.
 * A root task keeps root's capabilities (Mesos without the isolator): the
 * allocator decides who may ask for it (lib/task-user.ts).
 */
import { chownSync, chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarinaError } from '../../../lib/errors';
import { exec } from '../../../lib/exec';

export interface TaskUser {
  name: string;
  uid: number;
  gid: number;
}

export const ROOT: TaskUser = { name: 'root', uid: 0, gid: 0 };

/** The only capability a non-root task keeps (bounding, inheritable, ambient; so also effective). */
export const TASK_CAPABILITIES = ['net_bind_service'];

/** The passwd entry of name (NSS, as `getent passwd` sees it); MARINA_ERR_TASK_USER when there is none. */
export async function resolveTaskUser(name: string): Promise<TaskUser> {
  if (name === 'root') return ROOT;
  // A name getent would read as an option or a numeric uid would bypass the user database.
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(name) || name.length > 64) {
    throw new MarinaError('MARINA_ERR_TASK_USER', `user ${JSON.stringify(name)} is not a valid user name`);
  }
  const r = await exec('getent', ['passwd', name]);
  const fields = r.code === 0 ? r.stdout.trim().split('\n')[0]!.split(':') : [];
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (fields.length < 4 || !Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new MarinaError('MARINA_ERR_TASK_USER', `user ${JSON.stringify(name)} does not exist on this agent (getent passwd found no entry): create it there or set the app's "user" to an existing one`);
  }
  return { name, uid, gid };
}

/** The setpriv prefix that runs the rest of the chain as user (nothing for root). */
export function dropPrivileges(user: TaskUser): string[] {
  if (user.uid === 0) return [];
  const caps = `-all,${TASK_CAPABILITIES.map((c) => `+${c}`).join(',')}`;
  return ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', `--bounding-set=${caps}`, `--inh-caps=${caps}`, `--ambient-caps=${caps}`, '--'];
}

/**
 * The task's sandbox, owned by its user (mode 0750, as Mesos chowns it):
 * the task writes there; other users of the host do not read it. Parents
 * it creates (sandboxes/, a pod's directory) stay root's, 0711: the user
 * can pass through, not list or write (its exit status is kept there).
 */
export function prepareSandbox(dir: string, user: TaskUser): void {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o711 });
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o750);
}

/**
 * A task that is not root must reach its sandbox by path too (MESOS_SANDBOX,
 * or a server that serves its cwd as python's http.server does): the
 * agent's data dir gets o+x (pass through, not list). A parent the agent
 * does not own may still be closed to the user (a data dir under /root, a
 * 0700 temp dir): the top-most such directory is returned, and the runner
 * covers it in the task's own mount namespace (runner.ts, EXPOSE_SANDBOX).
 * Memoised per data dir and user.
 */
export function closedAncestor(dataDir: string, user: TaskUser): string | undefined {
  if (user.uid === 0) return undefined;
  const key = `${dataDir}\0${user.uid}`;
  if (!checked.has(key)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o711 });
    const mode = statSync(dataDir).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
    let closed: string | undefined;
    for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) if (!canPass(dir, user)) closed = dir;
    checked.set(key, closed);
  }
  return checked.get(key);
}
const checked = new Map<string, string | undefined>();

/** Search permission on dir for user (owner, primary group, others; supplementary groups not counted). */
function canPass(dir: string, user: TaskUser): boolean {
  const st = statSync(dir);
  if (st.uid === user.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === user.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}
