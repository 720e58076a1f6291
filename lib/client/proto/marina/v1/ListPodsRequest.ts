// Original file: proto/marina/v1/marina.proto


export interface ListPodsRequest {
}

export interface ListPodsRequest__Output {
}
