/**
 * Validation of a network policy (lib/model/policy.ts; issue 11): every field
 * error at once with Marathon's path notation (`/selector/apps(0)`,
 * `/ingress(1)/ports(0)/endPort`), a 422 naming each. Pure: whether an exact
 * app id exists is asked of `appExists` (the allocator's view); a group
 * prefix (`/shop/*`) is accepted whether or not the group exists yet.
 */
import { canonicalAppId } from './app-id';
import { Issues, Reader, isObj, items, type Obj } from './issues';
import { limitText } from './limits';
import type { Policy, PolicyPeer, PolicyPort, PolicyProtocol, PolicyRule, PolicySelector } from '../model/policy';
import { formatCidr, overlaps, parseCidr, type Cidr4 } from '../net/ipv4';
import { formatCidr6, overlaps6, parseCidr6, type Cidr6 } from '../net/ipv6';

export interface PolicyLimits {
  /** Ingress plus egress rules of one policy (--max-policy-rules). */
  maxPolicyRules: number;
  /** Entries of one list or map in a policy: apps, labels, cidrs, ports (--max-policy-entries). */
  maxPolicyEntries: number;
}

export const DEFAULT_POLICY_LIMITS: PolicyLimits = { maxPolicyRules: 256, maxPolicyEntries: 1_024 };

export interface PolicyCheck {
  limits?: PolicyLimits;
  /** Whether an exact app (or pod) id exists; unchecked when absent. */
  appExists?: (id: string) => boolean;
  /** The id the URL names (PUT /v1/policies/{id}): the body's id, if any, must match. */
  pathId?: string;
}

/** Policy ids: a DNS label-like name, as network names (`db-ingress`, `shop.default`). */
export const POLICY_ID_RE = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;
const MAX_ID = 63;
const PROTOCOLS: PolicyProtocol[] = ['tcp', 'udp', 'sctp'];
const ACTIONS = ['drop', 'reject'] as const;

/** Parse a policy definition, or throw MARINA_ERR_INVALID whose details name every bad field. */
export function parsePolicy(input: unknown, check: PolicyCheck = {}): Policy {
  const issues = new Issues();
  if (!isObj(input)) {
    issues.add('/', 'expected a JSON object (the policy)');
    issues.throwIfAny();
  }
  const limits = check.limits ?? DEFAULT_POLICY_LIMITS;
  const r = new Reader(input as Obj, '', issues);
  // version and warnings as GET answers them, so a fetched policy can be edited and PUT back (both ignored)
  r.rejectUnknown(new Set(['id', 'selector', 'ingress', 'egress', 'action', 'version', 'warnings']));
  const id = r.string('id') ?? check.pathId;
  if (id === undefined) issues.add('/id', 'is required');
  else if (!POLICY_ID_RE.test(id) || id.length > MAX_ID) issues.add('/id', `'${id}' must be a policy name: lowercase letters, digits, - _ . (at most ${MAX_ID} characters, starting and ending with a letter or digit)`);
  else if (check.pathId !== undefined && id !== check.pathId) issues.add('/id', `'${id}' does not match the id in the URL '${check.pathId}'`);

  const ctx: Ctx = { issues, limits, appExists: check.appExists };
  let selector: PolicySelector = {};
  const sel = r.child('selector');
  if (!sel) {
    if (!r.has('selector')) issues.add('/selector', 'is required: name the apps (or labels) the policy protects');
  } else {
    sel.rejectUnknown(new Set(['apps', 'labels']));
    const before = issues.count;
    selector = readSelector(sel, ctx);
    if (!selector.apps && !selector.labels && issues.count === before) issues.add('/selector', 'selects nothing: give apps and/or labels');
  }
  const ingress = readRules(r, 'ingress', 'from', ctx);
  const egress = readRules(r, 'egress', 'to', ctx);
  const rules = (ingress?.length ?? 0) + (egress?.length ?? 0);
  if (rules > limits.maxPolicyRules) issues.add('/ingress', `${rules} rules, ${limitText(limits.maxPolicyRules, 'max-policy-rules')}`);
  const action = r.string('action');
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) issues.add('/action', `'${action}' must be one of ${ACTIONS.join(', ')}`);
  issues.throwIfAny();
  return {
    id: id!,
    selector,
    ...(ingress !== undefined ? { ingress } : {}),
    ...(egress !== undefined ? { egress } : {}),
    ...(action !== undefined ? { action: action as Policy['action'] } : {}),
  };
}

interface Ctx {
  issues: Issues;
  limits: PolicyLimits;
  appExists?: (id: string) => boolean;
}

function tooMany(ctx: Ctx, path: string, n: number, what: string): boolean {
  if (n <= ctx.limits.maxPolicyEntries) return false;
  ctx.issues.add(path, `${n} ${what}, ${limitText(ctx.limits.maxPolicyEntries, 'max-policy-entries')}`);
  return true;
}

/** apps and labels of a selector or peer (the Reader already rejected unknown fields). */
function readSelector(r: Reader, ctx: Ctx): PolicySelector {
  const out: PolicySelector = {};
  const apps = r.strings('apps');
  if (apps && !tooMany(ctx, r.p('apps'), apps.length, 'apps')) {
    const list: string[] = [];
    apps.forEach((a, i) => {
      const pattern = appPattern(a, ctx, `${r.p('apps')}(${i})`);
      if (pattern !== undefined) list.push(pattern);
    });
    if (list.length > 0) out.apps = list;
  }
  const labels = r.stringMap('labels');
  if (labels && !tooMany(ctx, r.p('labels'), Object.keys(labels).length, 'labels') && Object.keys(labels).length > 0) out.labels = labels;
  return out;
}

/** An absolute app id (which must exist) or a group prefix `/group/*` (which need not yet). */
function appPattern(a: string, ctx: Ctx, path: string): string | undefined {
  if (!a.startsWith('/')) {
    ctx.issues.add(path, `'${a}' must be an absolute app id (/group/app) or a group prefix (/group/*)`);
    return undefined;
  }
  if (a === '/*') return a;
  const group = a.endsWith('/*');
  const c = canonicalAppId(group ? a.slice(0, -2) : a);
  if ('error' in c) {
    ctx.issues.add(path, c.error);
    return undefined;
  }
  if (c.id !== (group ? a.slice(0, -2) : a)) {
    ctx.issues.add(path, `'${a}' must be written canonically (${c.id}${group ? '/*' : ''})`);
    return undefined;
  }
  if (!group && ctx.appExists && !ctx.appExists(c.id)) {
    ctx.issues.add(path, `app '${c.id}' does not exist (a group prefix like ${c.id}/* may name apps that do not exist yet)`);
    return undefined;
  }
  return a;
}

function readRules(r: Reader, key: 'ingress' | 'egress', peerKey: 'from' | 'to', ctx: Ctx): PolicyRule[] | undefined {
  const arr = r.array(key);
  if (!arr) return undefined;
  if (arr.length > ctx.limits.maxPolicyRules) {
    ctx.issues.add(r.p(key), `${arr.length} rules, ${limitText(ctx.limits.maxPolicyRules, 'max-policy-rules')}`);
    return undefined;
  }
  const out: PolicyRule[] = [];
  for (const [rule] of items(arr, r.p(key), ctx.issues)) {
    rule.rejectUnknown(new Set([peerKey, 'ports']));
    const next: PolicyRule = {};
    const peer = rule.child(peerKey);
    if (peer) next[peerKey] = readPeer(peer, ctx);
    const ports = readPorts(rule, ctx);
    if (ports) next.ports = ports;
    out.push(next);
  }
  return out;
}

function readPeer(r: Reader, ctx: Ctx): PolicyPeer {
  r.rejectUnknown(new Set(['apps', 'labels', 'cidrs']));
  const before = ctx.issues.count;
  const out: PolicyPeer = readSelector(r, ctx);
  const cidrs = r.strings('cidrs');
  if (cidrs && !tooMany(ctx, r.p('cidrs'), cidrs.length, 'cidrs')) {
    const v4: Array<[Cidr4, number]> = [];
    const v6: Array<[Cidr6, number]> = [];
    const list: string[] = [];
    cidrs.forEach((text, i) => {
      const path = `${r.p('cidrs')}(${i})`;
      const c = parseAnyCidr(text);
      if (!c) return ctx.issues.add(path, `'${text}' is not an IPv4 or IPv6 CIDR (like 198.18.0.0/24 or 2001:db8::/64)`);
      if ('v4' in c) {
        const clash = v4.find(([o]) => overlaps(o, c.v4));
        if (clash) return ctx.issues.add(path, `${formatCidr(c.v4)} overlaps ${cidrs[clash[1]]} (cidrs(${clash[1]}))`);
        v4.push([c.v4, i]);
        list.push(formatCidr(c.v4));
      } else {
        const clash = v6.find(([o]) => overlaps6(o, c.v6));
        if (clash) return ctx.issues.add(path, `${formatCidr6(c.v6)} overlaps ${cidrs[clash[1]]} (cidrs(${clash[1]}))`);
        v6.push([c.v6, i]);
        list.push(formatCidr6(c.v6));
      }
    });
    if (list.length > 0) out.cidrs = list;
  }
  if (!out.apps && !out.labels && !out.cidrs && ctx.issues.count === before) {
    ctx.issues.add(r.path, 'names no peer: give apps, labels and/or cidrs (or leave it out to match every peer)');
  }
  return out;
}

/** A CIDR of either family, host bits cleared (`198.18.0.7/24` → 198.18.0.0/24); a bare address is a /32 or /128. */
function parseAnyCidr(text: string): { v4: Cidr4 } | { v6: Cidr6 } | undefined {
  const withLen = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`;
  try {
    return text.includes(':') ? { v6: parseCidr6(withLen) } : { v4: parseCidr(withLen) };
  } catch {
    return undefined;
  }
}

function readPorts(rule: Reader, ctx: Ctx): PolicyPort[] | undefined {
  const arr = rule.array('ports');
  if (!arr || tooMany(ctx, rule.p('ports'), arr.length, 'ports')) return undefined;
  const out: PolicyPort[] = [];
  for (const [p] of items(arr, rule.p('ports'), ctx.issues)) {
    p.rejectUnknown(new Set(['port', 'endPort', 'protocol']));
    const port = p.number('port', { min: 1, max: 65535, int: true });
    if (port === undefined && !p.has('port')) ctx.issues.add(p.p('port'), 'is required (1-65535)');
    const endPort = p.number('endPort', { min: 1, max: 65535, int: true });
    if (port !== undefined && endPort !== undefined && endPort < port) ctx.issues.add(p.p('endPort'), `${endPort} is below port ${port}`);
    const protocol = p.string('protocol') ?? 'tcp';
    if (!(PROTOCOLS as string[]).includes(protocol)) ctx.issues.add(p.p('protocol'), `'${protocol}' must be one of ${PROTOCOLS.join(', ')}`);
    if (port !== undefined) out.push({ port, ...(endPort !== undefined ? { endPort } : {}), protocol: protocol as PolicyProtocol });
  }
  return out;
}
