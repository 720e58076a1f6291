/**
 * The helpers' safety nets (SIGKILL tracked daemons, delete the file's netns)
 * run after the file's own afterAll hooks (test/helpers/file-end-environment.js):
 * a file's afterAll still finds its daemon running and its netns there, so it
 * can stop them in order (stop the app, then marina) before the nets fire.
 */
import { spawn } from 'node:child_process';
import { isRunning, track } from '../helpers/_children';
import { createNetns, listNetns } from '../helpers/netns';

const NS = 'marina-hord1';
const child = spawn('sleep', ['600'], { stdio: 'ignore' });
track(child);

beforeAll(async () => {
  await createNetns(NS);
});

test('a tracked daemon and a created netns exist', async () => {
  expect(isRunning(child)).toBe(true);
  expect(await listNetns()).toContain(NS);
});

afterAll(async () => {
  // the file's own teardown runs first: the daemon still runs and the netns is still there
  expect(isRunning(child)).toBe(true);
  expect(await listNetns()).toContain(NS);
});
