/** `marina apps list|show|create|update|scale|delete|tasks` against the HTTP API. */
import { Command } from 'commander';
import type { AllocatorHttpClient } from '../../lib/client/http-client';
import { client, FORCE_HELP, forced, opts, print, readJson, waitable, waitUntilDone, withCommon, type Row } from './output';

interface CommonOpts {
  api?: string;
  output?: string;
  wait?: boolean;
  timeout?: string;
  force?: boolean;
}

type AnyApp = { id: string; deployments?: Array<{ id: string }>; instances: number; tasksRunning: number; tasksStaged: number; tasksHealthy: number; version: string; versionInfo?: { lastConfigChangeAt?: string }; tasks?: AnyTask[] };
type AnyTask = { id: string; host: string; ports: number[]; state: string; ready: boolean; desired: string; version?: string; ipAddresses: Array<{ ipAddress: string }> };

function appPath(id: string): string {
  return '/v2/apps/' + id.replace(/^\/+/, '');
}

/** The app with its tasks carrying Marina's fields (ready, desired), which Marathon's task shape lacks. */
const appWithMarinaTasks = (id: string) => `${appPath(id)}?embed=app.marina`;

const taskRows = (tasks: AnyTask[]): Row[] =>
  tasks.map((t) => ({ id: t.id, host: t.host, ip: t.ipAddresses.map((a) => a.ipAddress).join(','), ports: t.ports.join(','), state: t.state, ready: t.ready, desired: t.desired }));

/**
 * Wait (printing progress on stderr) until the app has `instances` running
 * tasks of its current config (launched at or after
 * versionInfo.lastConfigChangeAt: a rolling update is done), nothing stopping
 * and no deployment of the app in flight.
 */
async function waitRunning(api: AllocatorHttpClient, id: string, timeoutSec: number): Promise<void> {
  await waitUntilDone(id, timeoutSec, async () => {
    const { app } = await api.get<{ app: AnyApp }>(appWithMarinaTasks(id));
    const tasks = app.tasks ?? [];
    const config = app.versionInfo?.lastConfigChangeAt ?? '';
    const wanted = tasks.filter((t) => t.desired === 'run');
    const running = wanted.filter((t) => t.state === 'TASK_RUNNING' && (t.version ?? '') >= config).length;
    const old = wanted.filter((t) => (t.version ?? '') < config).length;
    const stopping = tasks.filter((t) => t.desired === 'stop').length;
    return {
      // and its deployment is over (a change right after --wait is not refused as locked)
      done: running === app.instances && old === 0 && stopping === 0 && (app.deployments ?? []).length === 0,
      progress: `${running}/${app.instances} running, ${old} old, ${stopping} stopping`,
      short: `${running}/${app.instances} running`,
    };
  });
}

export function command(): Command {
  const apps = withCommon(new Command('apps').description('Manage Marathon apps'));
  apps.command('list').description('List apps').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const { apps: list } = await client(o).get<{ apps: AnyApp[] }>('/v2/apps');
    print(o, list, list.map((a) => ({ id: a.id, instances: a.instances, running: a.tasksRunning, staged: a.tasksStaged, healthy: a.tasksHealthy, version: a.version })), ['id', 'instances', 'running', 'staged', 'healthy', 'version']);
  });
  apps.command('show <id>').description('Show one app and its tasks').action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const { app } = await client(o).get<{ app: AnyApp }>(appWithMarinaTasks(id));
    if (o.output === 'json') return print(o, app, [], []);
    process.stdout.write(`id: ${app.id}\ninstances: ${app.instances}\nrunning: ${app.tasksRunning}\nversion: ${app.version}\n\n`);
    print(o, app, taskRows(app.tasks ?? []), ['id', 'host', 'ip', 'ports', 'state', 'ready', 'desired']);
  });
  apps.command('tasks <id>').description("List an app's tasks").action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const { app } = await client(o).get<{ app: AnyApp }>(appWithMarinaTasks(id));
    const tasks = app.tasks ?? [];
    print(o, tasks, taskRows(tasks), ['id', 'host', 'ip', 'ports', 'state', 'ready', 'desired']);
  });
  waitable(apps.command('create').description('Create an app from a JSON file').requiredOption('-f, --file <file>', 'app definition (JSON, - for stdin)'), 'the tasks run').action(async (_o, cmd: Command) => {
    const o = opts<CommonOpts & { file: string }>(cmd);
    const api = client(o);
    const app = await api.request<{ id: string; deployments: Array<{ id: string }> }>('POST', '/v2/apps', readJson(o.file));
    print(o, app, [{ id: app.id, deployment: app.deployments[0]?.id }], ['id', 'deployment']);
    if (o.wait) await waitRunning(api, app.id, Number(o.timeout));
  });
  waitable(apps.command('update <id>').description('Update an app from a JSON file').requiredOption('-f, --file <file>', 'app update (JSON, - for stdin)').option('--force', FORCE_HELP), 'the tasks run').action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts & { file: string }>(cmd);
    const api = client(o);
    const res = await api.request<{ deploymentId: string; version: string }>('PUT', forced(appPath(id), o), readJson(o.file));
    print(o, res, [{ id, deployment: res.deploymentId, version: res.version }], ['id', 'deployment', 'version']);
    if (o.wait) await waitRunning(api, id, Number(o.timeout));
  });
  waitable(apps.command('scale <id> <instances>').description('Set the number of instances').option('--force', FORCE_HELP), 'the tasks run').action(async (id: string, n: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    if (!/^\d+$/.test(n)) cmd.error(`error: instances must be a non-negative integer, got '${n}'`, { exitCode: 2, code: 'marina.usage' });
    const api = client(o);
    const res = await api.request<{ deploymentId: string; version: string }>('PUT', forced(appPath(id), o), { instances: Number(n) });
    print(o, res, [{ id, instances: Number(n), deployment: res.deploymentId }], ['id', 'instances', 'deployment']);
    if (o.wait) await waitRunning(api, id, Number(o.timeout));
  });
  apps.command('delete <id>').description('Delete an app (its tasks drain, then stop)').option('--force', FORCE_HELP).action(async (id: string, _o, cmd: Command) => {
    const o = opts<CommonOpts>(cmd);
    const res = await client(o).request<{ deploymentId: string }>('DELETE', forced(appPath(id), o));
    print(o, res, [{ id, deployment: res.deploymentId }], ['id', 'deployment']);
  });
  return apps;
}
