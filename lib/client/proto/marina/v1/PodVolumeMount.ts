// Original file: proto/marina/v1/marathon.proto


export interface PodVolumeMount {
  'name'?: (string);
  'mountPath'?: (string);
  'readOnly'?: (boolean);
}

export interface PodVolumeMount__Output {
  'name'?: (string);
  'mountPath'?: (string);
  'readOnly'?: (boolean);
}
