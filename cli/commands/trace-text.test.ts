import type { TraceReport } from '../../lib/trace/types';
import { traceText } from './trace-text';

test('one line per hop, the failing hop named last', () => {
  const r: TraceReport = {
    ok: false,
    from: { spec: '/shop/web', agentId: 'h1', taskId: 'shop_web.1' },
    to: { spec: 'db.shop.marathon.mesos:5432', ip: '198.19.0.70', port: 5432, proto: 'tcp', name: 'db.shop.marathon.mesos', vip: false },
    hops: [
      { hop: 'dns', status: 'ok', summary: 'db.shop.marathon.mesos → 198.19.0.70 (ttl 60s from 198.18.0.1)' },
      { hop: 'policy', status: 'ok', summary: 'no policy' },
      { hop: 'path', status: 'fail', summary: 'no FDB entry for 02:aa on marina-x1' },
    ],
    failedHop: 'path',
    ms: 12,
  };
  expect(traceText(r)).toBe(
    [
      'trace /shop/web → db.shop.marathon.mesos:5432/tcp: from task shop_web.1 on h1 (198.19.0.70:5432)',
      '  ok    dns     db.shop.marathon.mesos → 198.19.0.70 (ttl 60s from 198.18.0.1)',
      '  ok    policy  no policy',
      '  FAIL  path    no FDB entry for 02:aa on marina-x1',
      'path broken at hop "path" (12 ms)',
      '',
    ].join('\n'),
  );
});
