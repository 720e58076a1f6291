import { MarinaError, errorMessage } from './errors';
import { MASK, isSecretName, maskAppEnvs, maskEnv, maskSecrets, scrubText } from './secrets';

const S = 'hunter2-s3cr3t';

test.each([
  ['DB_PASSWORD', true], ['password', true], ['API_TOKEN', true], ['token', true], ['AWS_SECRET_ACCESS_KEY', true],
  ['ssh_key', true], ['KeyFile', true], ['PORT0', false], ['HOST', false], ['MARATHON_APP_ID', false], ['PASS', false],
])('isSecretName(%s) = %s', (name, want) => {
  expect(isSecretName(name)).toBe(want);
});

test('maskEnv masks the values of secret-looking names only, in a copy', () => {
  const env = { DB_PASSWORD: S, api_token: S, PORT0: '8080' };
  expect(maskEnv(env)).toEqual({ DB_PASSWORD: MASK, api_token: MASK, PORT0: '8080' });
  expect(env.DB_PASSWORD).toBe(S);
});

test.each([
  ['a JSON.parse excerpt', (() => { try { JSON.parse(`{"env": {"DB_PASSWORD": ${S}}}`); } catch (e) { return (e as Error).message; } return ''; })()],
  ['a short JSON.parse excerpt', (() => { try { JSON.parse(S); } catch (e) { return (e as Error).message; } return ''; })()],
  ['a JSON pair', `{"id":"/a","env":{"DB_PASSWORD":"${S}","X":"y"}}`],
  ['an escaped JSON pair (a label holding JSON, logged as JSON)', JSON.stringify({ label: JSON.stringify({ env: { API_KEY: S } }) })],
  ['an env assignment', `DB_PASSWORD=${S} sh -c run`],
  ["Marathon's token header", `Authorization: token=${S}`],
  ['a bearer token', `Authorization: Bearer ${S}`],
  ['basic credentials', `Basic ${Buffer.from(`admin:${S}`).toString('base64')} and Basic ${S}`],
  ['a Redis URL with a password', `connect redis://:${S}@127.0.0.1:6379/0 failed`],
  ['an etcd URL with user and password', `https://marina:${S}@198.18.0.1:2379`],
])('scrubText masks %s', (_what, text) => {
  expect(text).toContain(S.slice(0, 7));
  const out = scrubText(text);
  expect(out).not.toContain(S);
  expect(out).not.toContain(Buffer.from(`admin:${S}`).toString('base64'));
});

test('scrubText leaves ordinary text alone', () => {
  for (const t of ['failed to create veth for task shop_web.1: exit 2', 'HTTP Basic credentials are invalid', 'Bearer token expired', 'PORT0=31000 HOST=198.18.0.1', '{"id":"/shop/web","env":{"PORT":"80"}}', 'Unexpected end of JSON input']) {
    expect(scrubText(t)).toBe(t);
  }
});

test('maskSecrets masks env maps, secret fields and labels holding JSON, at any depth, in a copy', () => {
  const app = {
    id: '/shop/web', env: { DB_PASSWORD: S, PORT: '80' }, password: S,
    labels: { MARINA_POD_CONTAINERS: JSON.stringify([{ name: 'web', cmd: 'x', env: { API_TOKEN: S } }]) },
    containers: [{ environment: { SECRET: S } }],
  };
  const out = JSON.stringify(maskSecrets({ app, tasks: [{ env: { MY_KEY: S } }] }));
  expect(out).not.toContain(S);
  expect(out).toContain('"PORT":"80"');
  expect(app.env.DB_PASSWORD).toBe(S);
});

test('error messages (MarinaError and errorMessage) never carry a credential', () => {
  expect(new MarinaError('MARINA_ERR_BAD_REQUEST', `bad: DB_PASSWORD=${S}`).message).toBe(`bad: DB_PASSWORD=${MASK}`);
  expect(errorMessage(new Error(`redis://:${S}@127.0.0.1:6379`))).not.toContain(S);
});

describe('maskAppEnvs', () => {
  const answer = {
    apps: [
      { id: '/shop/web', env: { DB_PASSWORD: 'hunter2', MODE: 'prod' }, labels: { API_KEY: 'kept: labels are not env' } },
      { id: '/team/api', env: { API_TOKEN: 't0k3n' }, tasks: [{ id: 'team_api.1', appId: '/team/api' }] },
    ],
    pod: { id: '/shop/pod', environment: { SECRET_X: 'x', PLAIN: 'p' } },
  };

  test('masks secret-looking env values of apps and pods the caller may not write, keeps the rest and the input', () => {
    const out = maskAppEnvs(answer, (id) => id.startsWith('/team')) as typeof answer;
    expect(out.apps[0]!.env).toEqual({ DB_PASSWORD: MASK, MODE: 'prod' });
    expect(out.apps[0]!.labels).toEqual({ API_KEY: 'kept: labels are not env' });
    expect(out.apps[1]!.env).toEqual({ API_TOKEN: 't0k3n' });
    expect(out.pod.environment).toEqual({ SECRET_X: MASK, PLAIN: 'p' });
    expect(answer.apps[0]!.env.DB_PASSWORD).toBe('hunter2');
  });
});
