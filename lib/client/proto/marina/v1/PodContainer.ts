// Original file: proto/marina/v1/marathon.proto

import type { PodExec as _marina_v1_PodExec, PodExec__Output as _marina_v1_PodExec__Output } from '../../marina/v1/PodExec';
import type { PodResources as _marina_v1_PodResources, PodResources__Output as _marina_v1_PodResources__Output } from '../../marina/v1/PodResources';
import type { PodEndpoint as _marina_v1_PodEndpoint, PodEndpoint__Output as _marina_v1_PodEndpoint__Output } from '../../marina/v1/PodEndpoint';
import type { PodHealthCheck as _marina_v1_PodHealthCheck, PodHealthCheck__Output as _marina_v1_PodHealthCheck__Output } from '../../marina/v1/PodHealthCheck';
import type { PodLifecycle as _marina_v1_PodLifecycle, PodLifecycle__Output as _marina_v1_PodLifecycle__Output } from '../../marina/v1/PodLifecycle';
import type { PodVolumeMount as _marina_v1_PodVolumeMount, PodVolumeMount__Output as _marina_v1_PodVolumeMount__Output } from '../../marina/v1/PodVolumeMount';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface PodContainer {
  'name'?: (string);
  'exec'?: (_marina_v1_PodExec | null);
  'resources'?: (_marina_v1_PodResources | null);
  'endpoints'?: (_marina_v1_PodEndpoint)[];
  'environment'?: ({[key: string]: string});
  'user'?: (string);
  'healthCheck'?: (_marina_v1_PodHealthCheck | null);
  'labels'?: ({[key: string]: string});
  'lifecycle'?: (_marina_v1_PodLifecycle | null);
  'volumeMounts'?: (_marina_v1_PodVolumeMount)[];
  /**
   * Marathon's artifacts (fetched URIs); Marina accepts and ignores them.
   */
  'artifacts'?: (_google_protobuf_Struct)[];
}

export interface PodContainer__Output {
  'name'?: (string);
  'exec'?: (_marina_v1_PodExec__Output);
  'resources'?: (_marina_v1_PodResources__Output);
  'endpoints'?: (_marina_v1_PodEndpoint__Output)[];
  'environment'?: ({[key: string]: string});
  'user'?: (string);
  'healthCheck'?: (_marina_v1_PodHealthCheck__Output);
  'labels'?: ({[key: string]: string});
  'lifecycle'?: (_marina_v1_PodLifecycle__Output);
  'volumeMounts'?: (_marina_v1_PodVolumeMount__Output)[];
  /**
   * Marathon's artifacts (fetched URIs); Marina accepts and ignores them.
   */
  'artifacts'?: (_google_protobuf_Struct__Output)[];
}
