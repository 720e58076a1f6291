/**
 * Marathon's `embed` query parameter for /v2/apps and /v2/apps/{id}: which
 * extra parts an app object carries. Marathon accepts `app.` and `apps.`
 * forms on both endpoints; the list always embeds counts and deployments,
 * the single app also tasks and lastTaskFailure (AppsResource's defaults).
 * `apps.marina` (Marina's own) adds Marina's task fields to embedded tasks.
 */
export interface AppEmbeds {
  tasks: boolean;
  counts: boolean;
  deployments: boolean;
  readiness: boolean;
  lastTaskFailure: boolean;
  taskStats: boolean;
  marina: boolean;
}

const PARTS: Record<string, keyof AppEmbeds> = {
  tasks: 'tasks',
  counts: 'counts',
  deployments: 'deployments',
  readiness: 'readiness',
  lastTaskFailure: 'lastTaskFailure',
  failures: 'lastTaskFailure',
  taskStats: 'taskStats',
  marina: 'marina',
};

/** Embeds of the list (single = false) or of one app, from the raw query value (string or repeated). */
export function parseEmbeds(raw: unknown, single: boolean): AppEmbeds {
  const out: AppEmbeds = { tasks: single, counts: true, deployments: true, readiness: false, lastTaskFailure: single, taskStats: false, marina: false };
  const values = ([] as unknown[]).concat(raw ?? []).flatMap((v) => String(v).split(','));
  for (const v of values) {
    const m = /^(?:apps?\.)?(\w+)$/.exec(v.trim());
    const part = m ? PARTS[m[1]] : undefined;
    if (part) out[part] = true;
  }
  return out;
}

/** The old boolean form of renderApp's third argument: counts and deployments, tasks when true. */
export function embedsOf(tasks: boolean): AppEmbeds {
  return { ...parseEmbeds(undefined, false), tasks };
}
