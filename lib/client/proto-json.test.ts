/**
 * The JSON mapping's edges (well-known types, presence, requests without
 * empty lists) and the generated types in lib/client/proto/ being those of
 * the .proto files (regenerated into a temp dir and compared).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from '../paths';
import { fromWire, messageType, toWire } from './proto-json';

test('Value, ListValue, Struct are plain JSON; null only where Marathon writes it', () => {
  const E = messageType('ApiPostEvent');
  expect(fromWire(E, toWire(E, { clientIp: null, uri: '/v2/apps/a', eventType: 'api_post_event', timestamp: 't' }))).toEqual({ clientIp: null, uri: '/v2/apps/a', eventType: 'api_post_event', timestamp: 't' });
  const App = messageType('App');
  const back = fromWire(App, toWire(App, { id: '/a', constraints: [['hostname', 'UNIQUE'], ['rack', 'LIKE', 'r1']], cmd: null }));
  expect(back.constraints).toEqual([['hostname', 'UNIQUE'], ['rack', 'LIKE', 'r1']]);
  expect('cmd' in back).toBe(false);
});

test('presence: zero values set are kept, unset ones absent; requests leave empty lists and maps out', () => {
  const App = messageType('App');
  const bytes = toWire(App, { id: '/a', instances: 0, requirePorts: false, cpus: 0.25, labels: {}, portDefinitions: [] });
  expect(fromWire(App, bytes)).toMatchObject({ id: '/a', instances: 0, requirePorts: false, cpus: 0.25, labels: {}, portDefinitions: [] });
  expect(fromWire(App, bytes, false)).toEqual({ id: '/a', instances: 0, requirePorts: false, cpus: 0.25 });
  expect('mem' in fromWire(App, bytes)).toBe(false);
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

test('lib/client/proto/ is generated from the current .proto files (npm run gen:proto)', () => {
  const out = mkdtempSync(join(tmpdir(), 'marina-proto-'));
  try {
    const bin = join(repoRoot(), 'node_modules', '.bin', 'proto-loader-gen-types');
    const args = ['--longs', 'Number', '--enums', 'String', '--oneofs', '--includeComments', '--grpcLib', '@grpc/grpc-js', '-I', 'proto', '-O', out, 'marina/v1/marina.proto'];
    execFileSync(bin, args, { cwd: repoRoot(), stdio: 'pipe' });
    const dir = join(repoRoot(), 'lib', 'client', 'proto');
    const generated = files(out).map((f) => relative(out, f)).sort();
    expect(files(dir).map((f) => relative(dir, f)).filter((f) => f !== 'README.md').sort()).toEqual(generated);
    for (const f of generated) expect({ f, text: readFileSync(join(dir, f), 'utf8') }).toEqual({ f, text: readFileSync(join(out, f), 'utf8') });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
