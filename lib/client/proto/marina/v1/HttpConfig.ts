// Original file: proto/marina/v1/marathon.proto


export interface HttpConfig {
  'httpPort'?: (number);
  'httpsPort'?: (number);
}

export interface HttpConfig__Output {
  'httpPort'?: (number);
  'httpsPort'?: (number);
}
