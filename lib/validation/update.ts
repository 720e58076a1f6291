/**
 * parseAppUpdate: PUT /v2/apps/{id} with Marathon's AppUpdate semantics —
 * fields present in the update replace the app's, absent ones are kept;
 * the result is validated as a whole.
 * - `cmd` without `args` clears args (and vice versa): they are exclusive.
 * - Changing networking drops ports of the other kind: switching to
 *   container networking drops portDefinitions, switching to host drops
 *   container.portMappings, unless the update gives them.
 * - `id`, when given, must name the same app.
 */
import type { AppDefinition } from '../model/app';
import { invalid } from '../errors';
import { canonicalAppId } from './app-id';
import { parseAppDefinition } from './app';
import { isObj, type Obj } from './issues';

function hasField(o: Obj, k: string): boolean {
  return o[k] !== undefined;
}

function mergeNetworking(merged: Obj, update: Obj): void {
  const touchesNetworking = hasField(update, 'networks') || hasField(update, 'ipAddress') ||
    (isObj(update.container) && isObj(update.container.docker) && update.container.docker.network !== undefined);
  if (!touchesNetworking) return;
  const nets = Array.isArray(update.networks) ? update.networks : undefined;
  const toHost = nets !== undefined && (nets.length === 0 || nets.every((n) => isObj(n) && n.mode === 'host'));
  if (toHost && isObj(merged.container) && !(isObj(update.container) && hasField(update.container, 'portMappings'))) {
    const c = { ...merged.container };
    delete c.portMappings;
    merged.container = c;
  }
  if (!toHost && !hasField(update, 'portDefinitions') && !hasField(update, 'ports')) delete merged.portDefinitions;
}

/** Apply a Marathon partial update to `existing` and validate the result (422 on any bad field). */
export function parseAppUpdate(input: unknown, existing: AppDefinition): AppDefinition {
  if (!isObj(input)) throw invalid([{ path: '/', errors: ['expected a JSON object (the app update)'] }]);
  if (typeof input.id === 'string') {
    const res = canonicalAppId(input.id);
    if (!('id' in res) || res.id !== existing.id) {
      throw invalid([{ path: '/id', errors: [`the update's id '${input.id}' does not match the app '${existing.id}'`] }]);
    }
  }
  const merged: Obj = { ...(existing as unknown as Obj) };
  delete merged.version;
  for (const [k, v] of Object.entries(input)) {
    if (k === 'id') continue;
    merged[k] = v;
  }
  if (hasField(input, 'cmd') && !hasField(input, 'args')) delete merged.args;
  if (hasField(input, 'args') && !hasField(input, 'cmd')) delete merged.cmd;
  if (hasField(input, 'ports')) delete merged.portDefinitions;
  mergeNetworking(merged, input);
  return parseAppDefinition(merged);
}
