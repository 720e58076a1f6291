import { encode } from 'dns-packet';

/** n wire-format queries of one kind (A, SRV, or an unknown name) over the bench zone's names. */
export function queryPackets(kind: string, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const q =
      kind === 'A' ? { type: 'A' as const, name: `app${i}.marathon.mesos` }
      : kind === 'SRV' ? { type: 'SRV' as const, name: `_app${i}._tcp.marathon.mesos` }
      : { type: 'A' as const, name: `missing${i}.marathon.mesos` };
    out.push(encode({ type: 'query', id: i, flags: 0x100, questions: [q] }));
  }
  return out;
}
