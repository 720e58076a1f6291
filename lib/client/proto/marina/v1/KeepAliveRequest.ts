// Original file: proto/marina/v1/marina.proto


export interface KeepAliveRequest {
  'agentId'?: (string);
}

export interface KeepAliveRequest__Output {
  'agentId'?: (string);
}
