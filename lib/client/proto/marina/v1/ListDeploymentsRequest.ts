// Original file: proto/marina/v1/marina.proto


export interface ListDeploymentsRequest {
}

export interface ListDeploymentsRequest__Output {
}
