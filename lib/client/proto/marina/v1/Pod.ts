// Original file: proto/marina/v1/marathon.proto

import type { PodContainer as _marina_v1_PodContainer, PodContainer__Output as _marina_v1_PodContainer__Output } from '../../marina/v1/PodContainer';
import type { Network as _marina_v1_Network, Network__Output as _marina_v1_Network__Output } from '../../marina/v1/Network';
import type { PodScaling as _marina_v1_PodScaling, PodScaling__Output as _marina_v1_PodScaling__Output } from '../../marina/v1/PodScaling';
import type { PodScheduling as _marina_v1_PodScheduling, PodScheduling__Output as _marina_v1_PodScheduling__Output } from '../../marina/v1/PodScheduling';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { PodResources as _marina_v1_PodResources, PodResources__Output as _marina_v1_PodResources__Output } from '../../marina/v1/PodResources';

/**
 * A pod as GET /v2/pods/{id} shows it and POST/PUT take it.
 */
export interface Pod {
  'id'?: (string);
  'labels'?: ({[key: string]: string});
  'version'?: (string);
  'user'?: (string);
  'environment'?: ({[key: string]: string});
  'containers'?: (_marina_v1_PodContainer)[];
  'networks'?: (_marina_v1_Network)[];
  'scaling'?: (_marina_v1_PodScaling | null);
  'scheduling'?: (_marina_v1_PodScheduling | null);
  /**
   * Marina supports neither (an empty list / object round-trips).
   */
  'volumes'?: (_google_protobuf_Struct)[];
  'secrets'?: (_google_protobuf_Struct | null);
  'executorResources'?: (_marina_v1_PodResources | null);
}

/**
 * A pod as GET /v2/pods/{id} shows it and POST/PUT take it.
 */
export interface Pod__Output {
  'id'?: (string);
  'labels'?: ({[key: string]: string});
  'version'?: (string);
  'user'?: (string);
  'environment'?: ({[key: string]: string});
  'containers'?: (_marina_v1_PodContainer__Output)[];
  'networks'?: (_marina_v1_Network__Output)[];
  'scaling'?: (_marina_v1_PodScaling__Output);
  'scheduling'?: (_marina_v1_PodScheduling__Output);
  /**
   * Marina supports neither (an empty list / object round-trips).
   */
  'volumes'?: (_google_protobuf_Struct__Output)[];
  'secrets'?: (_google_protobuf_Struct__Output);
  'executorResources'?: (_marina_v1_PodResources__Output);
}
