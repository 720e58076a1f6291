// Original file: proto/marina/v1/marathon.proto


export interface LocalVolumeId {
  'containerPath'?: (string);
  'persistenceId'?: (string);
}

export interface LocalVolumeId__Output {
  'containerPath'?: (string);
  'persistenceId'?: (string);
}
