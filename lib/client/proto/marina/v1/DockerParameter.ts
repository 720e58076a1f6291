// Original file: proto/marina/v1/marathon.proto


export interface DockerParameter {
  'key'?: (string);
  'value'?: (string);
}

export interface DockerParameter__Output {
  'key'?: (string);
  'value'?: (string);
}
