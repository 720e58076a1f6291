import { configureLogging, logger } from './log';

const S = 'hunter2-s3cr3t';

test('no credential reaches a log line: env in apps and tasks, tokens, headers, err and free text', () => {
  const lines: string[] = [];
  configureLogging({ level: 'debug', stream: { write: (l: string) => void lines.push(l) } });
  const log = logger('test', { appId: '/shop/web' });
  const app = { id: '/shop/web', env: { DB_PASSWORD: S, PORT: '80' }, labels: { MARINA_POD_CONTAINERS: JSON.stringify([{ name: 'c', cmd: 'x', env: { API_KEY: S } }]) } };
  log.info({ app, task: { id: 't1', env: { MY_TOKEN: S } } }, 'app created');
  log.warn({ token: S, req: { headers: { authorization: `Bearer ${S}` } } }, 'auth');
  log.error({ err: new Error(`failed: DB_PASSWORD=${S}`) }, 'failed');
  log.error({ err: `redis://:${S}@127.0.0.1:6379 unreachable` }, 'soft state');
  log.info(`connecting to https://marina:${S}@198.18.0.1:2379`);
  expect(lines).toHaveLength(5);
  for (const l of lines) expect(l).not.toContain(S);
  expect(lines[0]).toContain('"PORT":"80"');
  expect(lines[0]).toContain('"appId":"/shop/web"');
});
