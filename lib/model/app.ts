/**
 * Marathon app definitions after normalisation (lib/validation turns what
 * users write, legacy forms included, into these). Field names follow
 * Marathon's JSON so stored apps read like Marathon's /v2/apps output.
 */

export type PortProtocol = 'tcp' | 'udp' | 'udp,tcp';

export type NetworkMode = 'host' | 'container/bridge' | 'container';

export interface AppNetwork {
  mode: NetworkMode;
  /** Network name, for mode `container` (virtual network). `none` = loopback only. */
  name?: string;
  labels?: Record<string, string>;
}

/** Host-mode port (Marathon portDefinitions). port 0 = dynamic. */
export interface PortDefinition {
  port: number;
  protocol: PortProtocol;
  name?: string;
  labels: Record<string, string>;
}

/** Container-mode port (Marathon container.portMappings). */
export interface PortMapping {
  containerPort: number;
  /** undefined = no host port (virtual network); 0 = dynamic. */
  hostPort?: number;
  /** 0 = assigned by the allocator. */
  servicePort: number;
  protocol: PortProtocol;
  name?: string;
  labels: Record<string, string>;
  networkNames?: string[];
}

export type HealthCheckProtocol =
  | 'HTTP'
  | 'HTTPS'
  | 'TCP'
  | 'COMMAND'
  | 'MESOS_HTTP'
  | 'MESOS_HTTPS'
  | 'MESOS_TCP';

export interface HealthCheck {
  protocol: HealthCheckProtocol;
  path?: string;
  portIndex?: number;
  port?: number;
  command?: { value: string };
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  maxConsecutiveFailures: number;
  delaySeconds: number;
  ignoreHttp1xx: boolean;
  ipProtocol: 'IPv4' | 'IPv6';
}

export interface UpgradeStrategy {
  minimumHealthCapacity: number;
  maximumOverCapacity: number;
}

/** Marathon constraint: [field, operator, value?]. */
export type Constraint = [string, string] | [string, string, string];

export interface ContainerSpec {
  type: 'MESOS' | 'DOCKER';
  portMappings?: PortMapping[];
  docker?: { image?: string; [k: string]: unknown };
  volumes?: unknown[];
}

/**
 * A validated app (lib/validation parseAppDefinition). Defaults applied there,
 * as Marathon's: instances 1, cpus 1, mem 128, disk 0, gpus 0, networks
 * [{mode: 'host'}], requirePorts false, upgradeStrategy 1/1, backoffSeconds 1,
 * backoffFactor 1.15, maxLaunchDelaySeconds 3600, killSelection YOUNGEST_FIRST.
 */
export interface AppDefinition {
  /** Absolute path: `/group/web` (lib/validation resolves relative ids, `.` and `..`). */
  id: string;
  cmd?: string;
  args?: string[];
  user?: string;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  env: Record<string, string>;
  labels: Record<string, string>;
  networks: AppNetwork[];
  /**
   * Present for host-mode apps (may be empty). Marathon's default when the
   * user gives none: `[{port: 0, protocol: 'tcp', name: 'default', labels: {}}]`.
   * Absent for bridge / container networking (ports are container.portMappings).
   */
  portDefinitions?: PortDefinition[];
  requirePorts: boolean;
  container?: ContainerSpec;
  healthChecks: HealthCheck[];
  upgradeStrategy: UpgradeStrategy;
  constraints: Constraint[];
  acceptedResourceRoles?: string[];
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  killSelection: 'YOUNGEST_FIRST' | 'OLDEST_FIRST';
  /** Seconds between SIGTERM and SIGKILL when a task is killed (absent: the agent's --kill-grace). */
  taskKillGracePeriodSeconds?: number;
  // Marathon-LB style edge settings are labels (HAPROXY_*), kept in labels.
  /** Run specs or groups (absolute ids) the app starts after, once they run and are healthy (Marathon's). */
  dependencies?: string[];
  /** Set by the allocator when it stores the app (ISO timestamp, Marathon's version). */
  version?: string;
}
