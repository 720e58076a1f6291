// Original file: proto/marina/v1/marina.proto


export interface InfoRequest {
}

export interface InfoRequest__Output {
}
