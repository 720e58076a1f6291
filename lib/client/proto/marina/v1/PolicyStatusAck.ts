// Original file: proto/marina/v1/marina.proto


export interface PolicyStatusAck {
}

export interface PolicyStatusAck__Output {
}
