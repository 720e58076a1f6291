// Original file: proto/marina/v1/marathon.proto

import type { DockerParameter as _marina_v1_DockerParameter, DockerParameter__Output as _marina_v1_DockerParameter__Output } from '../../marina/v1/DockerParameter';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

export interface DockerContainer {
  'image'?: (string);
  'forcePullImage'?: (boolean);
  'privileged'?: (boolean);
  'parameters'?: (_marina_v1_DockerParameter)[];
  /**
   * Marathon's pullConfig ({secret}); Marina has no secret store.
   */
  'pullConfig'?: (_google_protobuf_Struct | null);
}

export interface DockerContainer__Output {
  'image'?: (string);
  'forcePullImage'?: (boolean);
  'privileged'?: (boolean);
  'parameters'?: (_marina_v1_DockerParameter__Output)[];
  /**
   * Marathon's pullConfig ({secret}); Marina has no secret store.
   */
  'pullConfig'?: (_google_protobuf_Struct__Output);
}
