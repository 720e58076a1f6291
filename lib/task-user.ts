/**
 * The allocator's side of "root only when the app asks and the caller may":
 * agents run a task as root only when its app says `"user": "root"`
 * (services/agent/runner/task-user.ts); the API layer calls asksForRoot on
 * every app or pod it creates or updates and refuses (403) a caller whose
 * role may not run root tasks.
 */

/** True when the definition asks for its tasks to run as root. */
export function asksForRoot(def: { user?: string }): boolean {
  return def.user === 'root';
}

/** Definitions in a request body (one app or pod, an array of them, or a group tree) that ask for root. */
export function bodyAsksForRoot(body: unknown): boolean {
  if (Array.isArray(body)) return body.some(bodyAsksForRoot);
  if (typeof body !== 'object' || body === null) return false;
  const o = body as { user?: unknown; apps?: unknown; groups?: unknown; pods?: unknown };
  if (o.user === 'root') return true;
  return [o.apps, o.groups, o.pods].some((x) => Array.isArray(x) && x.some(bodyAsksForRoot));
}

/** Why `role` may not create or change a root task, or undefined when it may (admins only). */
export function rootDenied(role: string): string | undefined {
  return role === 'admin' ? undefined : `only an admin may run tasks as root ("user": "root"); role ${role} may not`;
}
