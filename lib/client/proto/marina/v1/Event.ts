// Original file: proto/marina/v1/marathon.proto

import type { EventStreamAttached as _marina_v1_EventStreamAttached, EventStreamAttached__Output as _marina_v1_EventStreamAttached__Output } from '../../marina/v1/EventStreamAttached';
import type { ApiPostEvent as _marina_v1_ApiPostEvent, ApiPostEvent__Output as _marina_v1_ApiPostEvent__Output } from '../../marina/v1/ApiPostEvent';
import type { PodEvent as _marina_v1_PodEvent, PodEvent__Output as _marina_v1_PodEvent__Output } from '../../marina/v1/PodEvent';
import type { DeploymentStepEvent as _marina_v1_DeploymentStepEvent, DeploymentStepEvent__Output as _marina_v1_DeploymentStepEvent__Output } from '../../marina/v1/DeploymentStepEvent';
import type { DeploymentEndEvent as _marina_v1_DeploymentEndEvent, DeploymentEndEvent__Output as _marina_v1_DeploymentEndEvent__Output } from '../../marina/v1/DeploymentEndEvent';
import type { StatusUpdateEvent as _marina_v1_StatusUpdateEvent, StatusUpdateEvent__Output as _marina_v1_StatusUpdateEvent__Output } from '../../marina/v1/StatusUpdateEvent';
import type { InstanceChangedEvent as _marina_v1_InstanceChangedEvent, InstanceChangedEvent__Output as _marina_v1_InstanceChangedEvent__Output } from '../../marina/v1/InstanceChangedEvent';
import type { HealthStatusChangedEvent as _marina_v1_HealthStatusChangedEvent, HealthStatusChangedEvent__Output as _marina_v1_HealthStatusChangedEvent__Output } from '../../marina/v1/HealthStatusChangedEvent';
import type { InstanceHealthChangedEvent as _marina_v1_InstanceHealthChangedEvent, InstanceHealthChangedEvent__Output as _marina_v1_InstanceHealthChangedEvent__Output } from '../../marina/v1/InstanceHealthChangedEvent';
import type { FailedHealthCheckEvent as _marina_v1_FailedHealthCheckEvent, FailedHealthCheckEvent__Output as _marina_v1_FailedHealthCheckEvent__Output } from '../../marina/v1/FailedHealthCheckEvent';
import type { UnhealthyInstanceKillEvent as _marina_v1_UnhealthyInstanceKillEvent, UnhealthyInstanceKillEvent__Output as _marina_v1_UnhealthyInstanceKillEvent__Output } from '../../marina/v1/UnhealthyInstanceKillEvent';
import type { AppTerminatedEvent as _marina_v1_AppTerminatedEvent, AppTerminatedEvent__Output as _marina_v1_AppTerminatedEvent__Output } from '../../marina/v1/AppTerminatedEvent';
import type { GroupChangeSuccess as _marina_v1_GroupChangeSuccess, GroupChangeSuccess__Output as _marina_v1_GroupChangeSuccess__Output } from '../../marina/v1/GroupChangeSuccess';
import type { GroupChangeFailed as _marina_v1_GroupChangeFailed, GroupChangeFailed__Output as _marina_v1_GroupChangeFailed__Output } from '../../marina/v1/GroupChangeFailed';

/**
 * One /v2/events event; the oneof member is named after its eventType.
 */
export interface Event {
  'eventType'?: (string);
  'eventStreamAttached'?: (_marina_v1_EventStreamAttached | null);
  'apiPostEvent'?: (_marina_v1_ApiPostEvent | null);
  'podCreatedEvent'?: (_marina_v1_PodEvent | null);
  'podUpdatedEvent'?: (_marina_v1_PodEvent | null);
  'podDeletedEvent'?: (_marina_v1_PodEvent | null);
  'deploymentInfo'?: (_marina_v1_DeploymentStepEvent | null);
  'deploymentStepSuccess'?: (_marina_v1_DeploymentStepEvent | null);
  'deploymentStepFailure'?: (_marina_v1_DeploymentStepEvent | null);
  'deploymentSuccess'?: (_marina_v1_DeploymentEndEvent | null);
  'deploymentFailed'?: (_marina_v1_DeploymentEndEvent | null);
  'statusUpdateEvent'?: (_marina_v1_StatusUpdateEvent | null);
  'instanceChangedEvent'?: (_marina_v1_InstanceChangedEvent | null);
  'healthStatusChangedEvent'?: (_marina_v1_HealthStatusChangedEvent | null);
  'instanceHealthChangedEvent'?: (_marina_v1_InstanceHealthChangedEvent | null);
  'failedHealthCheckEvent'?: (_marina_v1_FailedHealthCheckEvent | null);
  'unhealthyInstanceKillEvent'?: (_marina_v1_UnhealthyInstanceKillEvent | null);
  'appTerminatedEvent'?: (_marina_v1_AppTerminatedEvent | null);
  'groupChangeSuccess'?: (_marina_v1_GroupChangeSuccess | null);
  'groupChangeFailed'?: (_marina_v1_GroupChangeFailed | null);
  'event'?: "eventStreamAttached"|"apiPostEvent"|"podCreatedEvent"|"podUpdatedEvent"|"podDeletedEvent"|"deploymentInfo"|"deploymentStepSuccess"|"deploymentStepFailure"|"deploymentSuccess"|"deploymentFailed"|"statusUpdateEvent"|"instanceChangedEvent"|"healthStatusChangedEvent"|"instanceHealthChangedEvent"|"failedHealthCheckEvent"|"unhealthyInstanceKillEvent"|"appTerminatedEvent"|"groupChangeSuccess"|"groupChangeFailed";
}

/**
 * One /v2/events event; the oneof member is named after its eventType.
 */
export interface Event__Output {
  'eventType'?: (string);
  'eventStreamAttached'?: (_marina_v1_EventStreamAttached__Output);
  'apiPostEvent'?: (_marina_v1_ApiPostEvent__Output);
  'podCreatedEvent'?: (_marina_v1_PodEvent__Output);
  'podUpdatedEvent'?: (_marina_v1_PodEvent__Output);
  'podDeletedEvent'?: (_marina_v1_PodEvent__Output);
  'deploymentInfo'?: (_marina_v1_DeploymentStepEvent__Output);
  'deploymentStepSuccess'?: (_marina_v1_DeploymentStepEvent__Output);
  'deploymentStepFailure'?: (_marina_v1_DeploymentStepEvent__Output);
  'deploymentSuccess'?: (_marina_v1_DeploymentEndEvent__Output);
  'deploymentFailed'?: (_marina_v1_DeploymentEndEvent__Output);
  'statusUpdateEvent'?: (_marina_v1_StatusUpdateEvent__Output);
  'instanceChangedEvent'?: (_marina_v1_InstanceChangedEvent__Output);
  'healthStatusChangedEvent'?: (_marina_v1_HealthStatusChangedEvent__Output);
  'instanceHealthChangedEvent'?: (_marina_v1_InstanceHealthChangedEvent__Output);
  'failedHealthCheckEvent'?: (_marina_v1_FailedHealthCheckEvent__Output);
  'unhealthyInstanceKillEvent'?: (_marina_v1_UnhealthyInstanceKillEvent__Output);
  'appTerminatedEvent'?: (_marina_v1_AppTerminatedEvent__Output);
  'groupChangeSuccess'?: (_marina_v1_GroupChangeSuccess__Output);
  'groupChangeFailed'?: (_marina_v1_GroupChangeFailed__Output);
  'event'?: "eventStreamAttached"|"apiPostEvent"|"podCreatedEvent"|"podUpdatedEvent"|"podDeletedEvent"|"deploymentInfo"|"deploymentStepSuccess"|"deploymentStepFailure"|"deploymentSuccess"|"deploymentFailed"|"statusUpdateEvent"|"instanceChangedEvent"|"healthStatusChangedEvent"|"instanceHealthChangedEvent"|"failedHealthCheckEvent"|"unhealthyInstanceKillEvent"|"appTerminatedEvent"|"groupChangeSuccess"|"groupChangeFailed";
}
