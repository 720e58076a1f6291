import type { VipService, VipTable } from '../../services/lb/model/vip-table';

/** n VIPs (198.19.0.0/16 and up, port 80) × b backends in 198.18.0.0/15. */
export function syntheticTable(n: number, b: number, offset = 0): VipTable {
  const t: VipTable = new Map();
  for (let i = 0; i < n; i++) {
    const ip = `198.19.${250 - Math.floor(i / 250)}.${(i % 250) + 1}`;
    const key = `${ip}:80/tcp`;
    const backends = Array.from({ length: b }, (_, j) => {
      const k = i * b + j + offset;
      return { ip: `198.18.${128 + Math.floor(k / 250) % 127}.${(k % 250) + 1}`, port: 8080, taskId: `t${k}` };
    });
    const svc: VipService = { key, ip, port: 80, proto: 'tcp', family: 4, appIds: [`/app${i}`], backends };
    t.set(key, svc);
  }
  return t;
}
