// Original file: proto/marina/v1/marathon.proto


export interface PodHttpCheck {
  'endpoint'?: (string);
  'path'?: (string);
  'scheme'?: (string);
}

export interface PodHttpCheck__Output {
  'endpoint'?: (string);
  'path'?: (string);
  'scheme'?: (string);
}
