// Original file: proto/marina/v1/marina.proto


export interface ResetDelayReply {
}

export interface ResetDelayReply__Output {
}
