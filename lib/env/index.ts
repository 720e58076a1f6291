/** Task environment variables exactly as Marathon sets them. */
export { computeTaskEnv, portsEnv, taskContextEnv, type TaskEnvInput, type TaskEnvOptions } from './task-env';
export { computeEndpointEnv, endpointEnvName, type PodEndpoint } from './endpoint-env';
export { labelsToEnv, escapeLabelKey } from './labels-env';
export { javaDouble } from './scala-number';
