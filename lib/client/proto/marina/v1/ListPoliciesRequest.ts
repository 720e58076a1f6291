// Original file: proto/marina/v1/marina.proto


export interface ListPoliciesRequest {
}

export interface ListPoliciesRequest__Output {
}
