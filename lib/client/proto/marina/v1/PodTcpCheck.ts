// Original file: proto/marina/v1/marathon.proto


export interface PodTcpCheck {
  'endpoint'?: (string);
}

export interface PodTcpCheck__Output {
  'endpoint'?: (string);
}
