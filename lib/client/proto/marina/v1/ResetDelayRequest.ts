// Original file: proto/marina/v1/marina.proto


export interface ResetDelayRequest {
  'appId'?: (string);
}

export interface ResetDelayRequest__Output {
  'appId'?: (string);
}
