import { isMarinaError } from '../errors';
import {
  agentTail,
  appIdFromTaskId,
  appLabels,
  canonicalTaskLabel,
  dcosAppLabel,
  dcosTaskName,
  marathonTaskId,
  parseVipLabel,
  taskHash5,
  taskNames,
  vipFqdn,
  vipLabelError,
  zbase32Encode,
} from './index';

describe('taskHash5 (Mesos-DNS hashString)', () => {
  // "test" → iffe9 is TestHashString in mesos-dns records/generator_test.go; the
  // others are the canonical names TestInsertState expects for factories/fake.json.
  test.each([
    ['test', 'iffe9'],
    ['liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5', '4dfjd'],
    ['liquor-store.b71166c1-562f-11e4-a088-c20493233aa5', 'zasmd'],
    ['car-store.43758382-562f-11e4-a088-c20493233aa5', 'zinaz'],
  ])('%s → %s', (taskId, hash) => {
    expect(taskHash5(taskId)).toBe(hash);
  });

  test('zbase32 of known bytes (tv42/zbase32 vectors)', () => {
    expect(zbase32Encode(new Uint8Array([]))).toBe('');
    expect(zbase32Encode(new Uint8Array([0]))).toBe('yy');
    expect(zbase32Encode(new Uint8Array([0xf0, 0xbf, 0xc7]))).toBe('6n9hq');
    expect(zbase32Encode(new Uint8Array([0xd4, 0x7a, 0x04]))).toBe('4t7ye');
  });
});

describe('Mesos-DNS names', () => {
  test.each([
    ['/web', { dotted: 'web', dashed: 'web', all: ['web'] }],
    ['/group/web', { dotted: 'web.group', dashed: 'web-group', all: ['web-group', 'web.group'] }],
    ['/a/b/my.app', { dotted: 'my.app.b.a', dashed: 'my-app-b-a', all: ['my-app-b-a', 'my.app.b.a'] }],
    ['liquor-store', { dotted: 'liquor-store', dashed: 'liquor-store', all: ['liquor-store'] }],
  ])('appLabels(%s)', (appId, want) => {
    expect(appLabels(appId)).toEqual(want);
  });

  test('agentTail is the lowercased part after the last hyphen', () => {
    expect(agentTail('20140803-125133-3041283216-5050-2410-0')).toBe('0');
    expect(agentTail('20140827-000744-3041283216-5050-2116-S1')).toBe('s1');
    expect(agentTail('agent7')).toBe('agent7');
  });

  test('canonical names match Mesos-DNS fake.json expectations', () => {
    expect(canonicalTaskLabel('/liquor-store', 'liquor-store.b8db9f73-562f-11e4-a088-c20493233aa5', '20140803-125133-3041283216-5050-2410-0')).toBe(
      'liquor-store-4dfjd-0',
    );
    expect(canonicalTaskLabel('/car-store', 'car-store.43758382-562f-11e4-a088-c20493233aa5', '20140803-125133-3041283216-5050-2410-0')).toBe(
      'car-store-zinaz-0',
    );
  });

  test('taskNames lists canonical names for both app forms', () => {
    const n = taskNames('/group/web', 'test', 'x-S3');
    expect(n).toEqual({ app: ['web-group', 'web.group'], canonical: ['web-group-iffe9-s3', 'web.group-iffe9-s3'] });
  });

  test('marathonTaskId and appIdFromTaskId round-trip', () => {
    const id = marathonTaskId('/group/web', '4a5b6c7d-0000-4000-8000-000000000001');
    expect(id).toBe('group_web.4a5b6c7d-0000-4000-8000-000000000001');
    expect(appIdFromTaskId(id)).toBe('/group/web');
    expect(marathonTaskId('/web')).toMatch(/^web\.[0-9a-f-]{36}$/);
    expect(appIdFromTaskId('my.app.4a5b6c7d-0000-4000-8000-000000000001')).toBe('/my.app');
    expect(appIdFromTaskId('prod_db.marathon-4a5b6c7d-0000-4000-8000-000000000001')).toBe('/prod/db');
  });

  test.each(['nodot', '.uuid', '_.x', ''])('appIdFromTaskId(%j) is a 422 naming /taskId', (bad) => {
    try {
      appIdFromTaskId(bad);
      throw new Error('expected a throw');
    } catch (err) {
      expect(isMarinaError(err, 'MARINA_ERR_INVALID')).toBe(true);
      expect((err as { details: Array<{ path: string }> }).details[0]!.path).toBe('/taskId');
    }
  });
});

describe('DC/OS names', () => {
  // DC/OS docs (networking/DNS): /mygroup/myapp → myapp-mygroup.marathon.autoip...,
  // VIP /mygroup/myapp:80 → mygroupmyapp.marathon.l4lb.thisdcos.directory.
  test('task names', () => {
    expect(dcosAppLabel('/mygroup/myapp')).toBe('myapp-mygroup');
    expect(dcosAppLabel('/web')).toBe('web');
    expect(dcosTaskName('/mygroup/myapp', 'autoip')).toBe('myapp-mygroup.marathon.autoip.dcos.thisdcos.directory');
    expect(dcosTaskName('/web', 'containerip')).toBe('web.marathon.containerip.dcos.thisdcos.directory');
  });

  test('VIP names', () => {
    expect(vipFqdn('/web')).toBe('web.marathon.l4lb.thisdcos.directory');
    expect(vipFqdn('/mygroup/myapp')).toBe('mygroupmyapp.marathon.l4lb.thisdcos.directory');
    expect(vipFqdn('/g/web')).toBe('gweb.marathon.l4lb.thisdcos.directory');
  });

  test.each([
    ['/web:80', { name: '/web', port: 80 }],
    ['web:8080', { name: 'web', port: 8080 }],
    ['/mygroup/myapp:80', { name: '/mygroup/myapp', port: 80 }],
    ['198.19.250.7:80', { ip: '198.19.250.7', port: 80 }],
    ['[2001:db8::7]:443', { ip: '2001:db8::7', port: 443 }],
  ])('parseVipLabel(%s)', (label, want) => {
    expect(parseVipLabel(label)).toEqual(want);
  });

  test.each([
    ['/web', 'must be <name>:<port>'],
    ['/web:0', 'invalid port'],
    ['/web:65536', 'invalid port'],
    ['/web:http', 'invalid port'],
    ['198.19.250:80', 'invalid IP address'],
    ['/$$:80', 'empty name'],
  ])('parseVipLabel(%s) fails clearly', (label, msg) => {
    expect(vipLabelError(label)).toContain(msg);
    try {
      parseVipLabel(label, '/portDefinitions(0)/labels/VIP_0');
      throw new Error('expected a throw');
    } catch (err) {
      expect(isMarinaError(err, 'MARINA_ERR_INVALID')).toBe(true);
      const d = (err as { details: Array<{ path: string; errors: string[] }> }).details[0]!;
      expect(d.path).toBe('/portDefinitions(0)/labels/VIP_0');
      expect(d.errors[0]).toContain(msg);
    }
  });
});
