// Original file: proto/marina/v1/marathon.proto

import type { PersistentVolumeInfo as _marina_v1_PersistentVolumeInfo, PersistentVolumeInfo__Output as _marina_v1_PersistentVolumeInfo__Output } from '../../marina/v1/PersistentVolumeInfo';
import type { ExternalVolumeInfo as _marina_v1_ExternalVolumeInfo, ExternalVolumeInfo__Output as _marina_v1_ExternalVolumeInfo__Output } from '../../marina/v1/ExternalVolumeInfo';

export interface AppVolume {
  'containerPath'?: (string);
  'hostPath'?: (string);
  /**
   * RO | RW
   */
  'mode'?: (string);
  'persistent'?: (_marina_v1_PersistentVolumeInfo | null);
  'external'?: (_marina_v1_ExternalVolumeInfo | null);
  'secret'?: (string);
}

export interface AppVolume__Output {
  'containerPath'?: (string);
  'hostPath'?: (string);
  /**
   * RO | RW
   */
  'mode'?: (string);
  'persistent'?: (_marina_v1_PersistentVolumeInfo__Output);
  'external'?: (_marina_v1_ExternalVolumeInfo__Output);
  'secret'?: (string);
}
