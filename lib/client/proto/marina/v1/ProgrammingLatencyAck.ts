// Original file: proto/marina/v1/marina.proto


export interface ProgrammingLatencyAck {
}

export interface ProgrammingLatencyAck__Output {
}
