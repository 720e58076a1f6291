// Original file: proto/marina/v1/marathon.proto

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from '../../google/protobuf/ListValue';
import type { Container as _marina_v1_Container, Container__Output as _marina_v1_Container__Output } from '../../marina/v1/Container';
import type { FetchUri as _marina_v1_FetchUri, FetchUri__Output as _marina_v1_FetchUri__Output } from '../../marina/v1/FetchUri';
import type { HealthCheck as _marina_v1_HealthCheck, HealthCheck__Output as _marina_v1_HealthCheck__Output } from '../../marina/v1/HealthCheck';
import type { Network as _marina_v1_Network, Network__Output as _marina_v1_Network__Output } from '../../marina/v1/Network';
import type { PortDefinition as _marina_v1_PortDefinition, PortDefinition__Output as _marina_v1_PortDefinition__Output } from '../../marina/v1/PortDefinition';
import type { SecretDef as _marina_v1_SecretDef, SecretDef__Output as _marina_v1_SecretDef__Output } from '../../marina/v1/SecretDef';
import type { UnreachableStrategy as _marina_v1_UnreachableStrategy, UnreachableStrategy__Output as _marina_v1_UnreachableStrategy__Output } from '../../marina/v1/UnreachableStrategy';
import type { UpgradeStrategy as _marina_v1_UpgradeStrategy, UpgradeStrategy__Output as _marina_v1_UpgradeStrategy__Output } from '../../marina/v1/UpgradeStrategy';
import type { VersionInfo as _marina_v1_VersionInfo, VersionInfo__Output as _marina_v1_VersionInfo__Output } from '../../marina/v1/VersionInfo';
import type { DeploymentRef as _marina_v1_DeploymentRef, DeploymentRef__Output as _marina_v1_DeploymentRef__Output } from '../../marina/v1/DeploymentRef';
import type { ReadinessCheckResult as _marina_v1_ReadinessCheckResult, ReadinessCheckResult__Output as _marina_v1_ReadinessCheckResult__Output } from '../../marina/v1/ReadinessCheckResult';
import type { Task as _marina_v1_Task, Task__Output as _marina_v1_Task__Output } from '../../marina/v1/Task';
import type { TaskStatsByVersion as _marina_v1_TaskStatsByVersion, TaskStatsByVersion__Output as _marina_v1_TaskStatsByVersion__Output } from '../../marina/v1/TaskStatsByVersion';
import type { TaskFailure as _marina_v1_TaskFailure, TaskFailure__Output as _marina_v1_TaskFailure__Output } from '../../marina/v1/TaskFailure';

/**
 * An app as GET /v2/apps/{id} shows it (AppInfo: the definition plus what
 * `embed` adds), and as POST/PUT take it (AppDefinition).
 */
export interface App {
  'id'?: (string);
  'acceptedResourceRoles'?: (string)[];
  'args'?: (string)[];
  'backoffFactor'?: (number | string);
  'backoffSeconds'?: (number | string);
  'cmd'?: (string);
  /**
   * [field, operator] or [field, operator, value]
   */
  'constraints'?: (_google_protobuf_ListValue)[];
  'container'?: (_marina_v1_Container | null);
  'cpus'?: (number | string);
  'dependencies'?: (string)[];
  'disk'?: (number | string);
  /**
   * Marina takes string values only (no secret references).
   */
  'env'?: ({[key: string]: string});
  'executor'?: (string);
  'fetch'?: (_marina_v1_FetchUri)[];
  'gpus'?: (number);
  'healthChecks'?: (_marina_v1_HealthCheck)[];
  'instances'?: (number);
  /**
   * YOUNGEST_FIRST | OLDEST_FIRST
   */
  'killSelection'?: (string);
  'labels'?: ({[key: string]: string});
  'maxLaunchDelaySeconds'?: (number | string);
  'mem'?: (number | string);
  'networks'?: (_marina_v1_Network)[];
  'portDefinitions'?: (_marina_v1_PortDefinition)[];
  'requirePorts'?: (boolean);
  'secrets'?: ({[key: string]: _marina_v1_SecretDef});
  'unreachableStrategy'?: (_marina_v1_UnreachableStrategy | null);
  'upgradeStrategy'?: (_marina_v1_UpgradeStrategy | null);
  'user'?: (string);
  'version'?: (string);
  'versionInfo'?: (_marina_v1_VersionInfo | null);
  'taskKillGracePeriodSeconds'?: (number | string);
  /**
   * AppInfo: what `embed` adds.
   */
  'tasksStaged'?: (number);
  'tasksRunning'?: (number);
  'tasksHealthy'?: (number);
  'tasksUnhealthy'?: (number);
  'deployments'?: (_marina_v1_DeploymentRef)[];
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult)[];
  'tasks'?: (_marina_v1_Task)[];
  'taskStats'?: (_marina_v1_TaskStatsByVersion | null);
  'lastTaskFailure'?: (_marina_v1_TaskFailure | null);
}

/**
 * An app as GET /v2/apps/{id} shows it (AppInfo: the definition plus what
 * `embed` adds), and as POST/PUT take it (AppDefinition).
 */
export interface App__Output {
  'id'?: (string);
  'acceptedResourceRoles'?: (string)[];
  'args'?: (string)[];
  'backoffFactor'?: (number);
  'backoffSeconds'?: (number);
  'cmd'?: (string);
  /**
   * [field, operator] or [field, operator, value]
   */
  'constraints'?: (_google_protobuf_ListValue__Output)[];
  'container'?: (_marina_v1_Container__Output);
  'cpus'?: (number);
  'dependencies'?: (string)[];
  'disk'?: (number);
  /**
   * Marina takes string values only (no secret references).
   */
  'env'?: ({[key: string]: string});
  'executor'?: (string);
  'fetch'?: (_marina_v1_FetchUri__Output)[];
  'gpus'?: (number);
  'healthChecks'?: (_marina_v1_HealthCheck__Output)[];
  'instances'?: (number);
  /**
   * YOUNGEST_FIRST | OLDEST_FIRST
   */
  'killSelection'?: (string);
  'labels'?: ({[key: string]: string});
  'maxLaunchDelaySeconds'?: (number);
  'mem'?: (number);
  'networks'?: (_marina_v1_Network__Output)[];
  'portDefinitions'?: (_marina_v1_PortDefinition__Output)[];
  'requirePorts'?: (boolean);
  'secrets'?: ({[key: string]: _marina_v1_SecretDef__Output});
  'unreachableStrategy'?: (_marina_v1_UnreachableStrategy__Output);
  'upgradeStrategy'?: (_marina_v1_UpgradeStrategy__Output);
  'user'?: (string);
  'version'?: (string);
  'versionInfo'?: (_marina_v1_VersionInfo__Output);
  'taskKillGracePeriodSeconds'?: (number);
  /**
   * AppInfo: what `embed` adds.
   */
  'tasksStaged'?: (number);
  'tasksRunning'?: (number);
  'tasksHealthy'?: (number);
  'tasksUnhealthy'?: (number);
  'deployments'?: (_marina_v1_DeploymentRef__Output)[];
  'readinessCheckResults'?: (_marina_v1_ReadinessCheckResult__Output)[];
  'tasks'?: (_marina_v1_Task__Output)[];
  'taskStats'?: (_marina_v1_TaskStatsByVersion__Output);
  'lastTaskFailure'?: (_marina_v1_TaskFailure__Output);
}
