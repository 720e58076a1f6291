/** `why` on the allocator's view: resolve FROM/TO (422 naming the field) and evaluate (lib/policy/evaluate.ts). */
import { MarinaError, type FieldError } from '../../../lib/errors';
import type { PolicyProtocol } from '../../../lib/model/policy';
import { resolveEndpoint, why, type PolicyWorld, type WhyAnswer } from '../../../lib/policy/evaluate';
import type { StateView } from '../state/view';

export interface WhyQuery {
  from?: string;
  to?: string;
  port?: string | number;
  protocol?: string;
}

/** The policies, apps and tasks of the view, as the evaluator reads them. */
export function worldOf(view: StateView): PolicyWorld {
  return { policies: view.policies, apps: view.apps, tasks: view.tasks };
}

/** `port` may carry the protocol: `5432/udp`. */
export function policyWhy(view: StateView, q: WhyQuery): WhyAnswer {
  const details: FieldError[] = [];
  const bad = (path: string, msg: string) => details.push({ path, errors: [msg] });
  const world = worldOf(view);
  const ep = (key: 'from' | 'to') => {
    const v = q[key];
    if (!v) {
      bad(`/${key}`, 'is required: an app id (/x/y), a task id or an IP address');
      return undefined;
    }
    const e = resolveEndpoint(world, v);
    if (!e) bad(`/${key}`, `'${v}' is not an app, a task or an IP address`);
    return e;
  };
  const from = ep('from');
  const to = ep('to');
  const [portText, protoInPort] = String(q.port ?? '').split('/');
  const port = Number(portText);
  if (!portText || !Number.isInteger(port) || port < 1 || port > 65535) bad('/port', `'${q.port ?? ''}' must be a port 1-65535 (optionally /tcp, /udp or /sctp)`);
  const protocol = (q.protocol || protoInPort || 'tcp') as PolicyProtocol;
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) bad('/protocol', `'${protocol}' must be tcp, udp or sctp`);
  if (details.length > 0 || !from || !to) throw new MarinaError('MARINA_ERR_INVALID', details.map((d) => `${d.path.slice(1)} ${d.errors[0]}`).join('; '), { details });
  return why(world, from, to, port, protocol);
}
