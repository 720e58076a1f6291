// Original file: proto/marina/v1/marina.proto


export interface ListQueueRequest {
}

export interface ListQueueRequest__Output {
}
