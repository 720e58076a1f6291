/**
 * Marathon pods in Marina: a pod is stored and scheduled as an app whose
 * labels carry its containers (POD_CONTAINERS_LABEL, read by the agent: one
 * process per container in the task's netns) and the pod definition as the
 * user wrote it, normalised (POD_SPEC_LABEL, rendered back by /v2/pods).
 * One task is one pod instance; the pod's endpoints are the app's named ports.
 */
export const POD_CONTAINERS_LABEL = 'MARINA_POD_CONTAINERS';
export const POD_SPEC_LABEL = 'MARINA_POD_SPEC';

/** A container's name: a DNS label (its sandbox subfolder and MESOS_CONTAINER_NAME). */
export const POD_CONTAINER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The container names in an app's POD_CONTAINERS_LABEL (undefined: not a pod; names only, the agent checks the rest). */
export function podContainerNames(labels: Record<string, string> | undefined): string[] | undefined {
  const raw = labels?.[POD_CONTAINERS_LABEL];
  if (raw === undefined) return undefined;
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.map((c) => (c as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/** What the agent runs per container. */
export interface PodContainerSpec {
  name: string;
  cmd: string;
  env?: Record<string, string>;
}
