// Original file: proto/marina/v1/marathon.proto


export interface RejectSummary {
  'reason'?: (string);
  'declined'?: (number);
  'processed'?: (number);
}

export interface RejectSummary__Output {
  'reason'?: (string);
  'declined'?: (number);
  'processed'?: (number);
}
