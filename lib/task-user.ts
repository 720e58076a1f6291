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
