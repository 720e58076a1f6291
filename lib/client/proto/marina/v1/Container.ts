// Original file: proto/marina/v1/marathon.proto

import type { DockerContainer as _marina_v1_DockerContainer, DockerContainer__Output as _marina_v1_DockerContainer__Output } from '../../marina/v1/DockerContainer';
import type { AppVolume as _marina_v1_AppVolume, AppVolume__Output as _marina_v1_AppVolume__Output } from '../../marina/v1/AppVolume';
import type { PortMapping as _marina_v1_PortMapping, PortMapping__Output as _marina_v1_PortMapping__Output } from '../../marina/v1/PortMapping';

export interface Container {
  /**
   * MESOS | DOCKER
   */
  'type'?: (string);
  'docker'?: (_marina_v1_DockerContainer | null);
  'volumes'?: (_marina_v1_AppVolume)[];
  'portMappings'?: (_marina_v1_PortMapping)[];
}

export interface Container__Output {
  /**
   * MESOS | DOCKER
   */
  'type'?: (string);
  'docker'?: (_marina_v1_DockerContainer__Output);
  'volumes'?: (_marina_v1_AppVolume__Output)[];
  'portMappings'?: (_marina_v1_PortMapping__Output)[];
}
