// Original file: proto/marina/v1/marina.proto


export interface KeepAliveReply {
}

export interface KeepAliveReply__Output {
}
