/**
 * Marathon pods in Marina: a pod is stored and scheduled as an app whose
 * labels carry its containers (POD_CONTAINERS_LABEL, read by the agent: one
 * process per container in the task's netns) and the pod definition as the
 * user wrote it, normalised (POD_SPEC_LABEL, rendered back by /v2/pods).
 * One task is one pod instance; the pod's endpoints are the app's named ports.
 */
export const POD_CONTAINERS_LABEL = 'MARINA_POD_CONTAINERS';
export const POD_SPEC_LABEL = 'MARINA_POD_SPEC';

/** What the agent runs per container. */
export interface PodContainerSpec {
  name: string;
  cmd: string;
  env?: Record<string, string>;
}
