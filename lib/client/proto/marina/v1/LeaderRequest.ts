// Original file: proto/marina/v1/marina.proto


export interface LeaderRequest {
}

export interface LeaderRequest__Output {
}
