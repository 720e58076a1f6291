import { parseEmbeds } from './embed';
import { appPath } from '../apps';

describe('parseEmbeds', () => {
  test("Marathon's defaults: the list embeds counts and deployments, one app also tasks and lastTaskFailure", () => {
    expect(parseEmbeds(undefined, false)).toEqual({ tasks: false, counts: true, deployments: true, readiness: false, lastTaskFailure: false, taskStats: false, marina: false });
    expect(parseEmbeds(undefined, true)).toMatchObject({ tasks: true, lastTaskFailure: true, taskStats: false });
  });

  test('app. and apps. forms, repeated and comma-separated; unknown parts ignored', () => {
    expect(parseEmbeds(['app.taskStats', 'apps.readiness,apps.failures'], false)).toMatchObject({ taskStats: true, readiness: true, lastTaskFailure: true, tasks: false });
    expect(parseEmbeds('apps.marina', false)).toMatchObject({ marina: true });
    expect(parseEmbeds('apps.nonsense', false)).toEqual(parseEmbeds(undefined, false));
  });
});

describe('appPath', () => {
  test('an app, its tasks, one task, its versions, one version, restart', () => {
    expect(appPath('g/web')).toEqual({ appId: '/g/web', kind: 'app' });
    expect(appPath('g/web/tasks')).toEqual({ appId: '/g/web', kind: 'tasks', taskId: undefined });
    expect(appPath('g/web/tasks/g_web.1')).toEqual({ appId: '/g/web', kind: 'tasks', taskId: 'g_web.1' });
    expect(appPath('g/web/versions/')).toEqual({ appId: '/g/web', kind: 'versions', version: undefined });
    expect(appPath('g/web/versions/2026-01-01T00:00:00.000Z')).toEqual({ appId: '/g/web', kind: 'versions', version: '2026-01-01T00:00:00.000Z' });
    expect(appPath('g/web/restart')).toEqual({ appId: '/g/web', kind: 'restart' });
  });
});
