// Original file: proto/marina/v1/marathon.proto

import type { RejectSummary as _marina_v1_RejectSummary, RejectSummary__Output as _marina_v1_RejectSummary__Output } from '../../marina/v1/RejectSummary';

export interface ProcessedOffersSummary {
  'processedOffersCount'?: (number);
  'unusedOffersCount'?: (number);
  'rejectSummaryLastOffers'?: (_marina_v1_RejectSummary)[];
}

export interface ProcessedOffersSummary__Output {
  'processedOffersCount'?: (number);
  'unusedOffersCount'?: (number);
  'rejectSummaryLastOffers'?: (_marina_v1_RejectSummary__Output)[];
}
