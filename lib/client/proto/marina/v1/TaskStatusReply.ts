// Original file: proto/marina/v1/marina.proto


export interface TaskStatusReply {
}

export interface TaskStatusReply__Output {
}
