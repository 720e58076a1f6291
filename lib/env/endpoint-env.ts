/**
 * Pod endpoint variables, as Marathon's TaskGroupBuilder.endpointEnvVars:
 * ENDPOINT_<NAME> = host port on host networking, else the container port;
 * EP_HOST_<NAME> = the host port when one is allocated;
 * EP_CONTAINER_<NAME> = the container port when declared.
 * NAME is uppercased, runs of [^A-Z0-9_] become '_'; the optional prefix
 * (uppercased) goes in front of each.
 */
export interface PodEndpoint {
  name: string;
  containerPort?: number;
  /** Allocated host port, if any. */
  hostPort?: number;
}

export function endpointEnvName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
}

export function computeEndpointEnv(endpoints: PodEndpoint[], opts: { hostNetwork: boolean; prefix?: string }): Record<string, string> {
  const prefix = (opts.prefix ?? '').toUpperCase();
  const env: Record<string, string> = {};
  for (const ep of endpoints) {
    const n = endpointEnvName(ep.name);
    const port = opts.hostNetwork ? ep.hostPort : ep.containerPort;
    if (port !== undefined) env[`${prefix}ENDPOINT_${n}`] = String(port);
    if (ep.hostPort !== undefined) env[`${prefix}EP_HOST_${n}`] = String(ep.hostPort);
    if (ep.containerPort !== undefined) env[`${prefix}EP_CONTAINER_${n}`] = String(ep.containerPort);
  }
  return env;
}
