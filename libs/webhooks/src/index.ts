export type { WebhookEventEnvelope } from './events/webhook-event.js';
export {
  buildReportReadyEvent,
  reportReadyEventType,
  reportReadyEventVersion,
  type ReportReadyEvent,
  type ReportReadyEventData,
} from './events/report-ready-event.js';
export { buildPingEvent, pingEventType, type PingEvent } from './events/ping-event.js';
export {
  buildScanFindingsEvent,
  maxListedFindings,
  notifyingSeverities,
  scanFindingsEventType,
  scanFindingsEventVersion,
  type ScanEventFinding,
  type ScanEventLinks,
  type ScanFindingsEvent,
  type ScanFindingsEventData,
  type ScanFindingsEventInput,
  type WebhookResource,
} from './events/scan-findings-event.js';
export {
  computeWebhookSignature,
  defaultSignatureToleranceSeconds,
  signatureHeaderName,
  signWebhookPayload,
  verifyWebhookSignature,
  type SignatureRejection,
  type SignatureVerification,
  type VerifyOptions,
} from './signing/webhook-signature.js';
export { endpointSecretHint, generateEndpointSecret, isEndpointSecret } from './signing/endpoint-secret.js';
export {
  parseWebhookUrl,
  WebhookUrlRejectedError,
  type WebhookUrl,
  type WebhookUrlOptions,
} from './delivery/webhook-url.js';
export { webhookAddressBlockedReason } from './delivery/webhook-address-policy.js';
export {
  pinWebhookAddress,
  WebhookAddressBlockedError,
  WebhookResolutionError,
  type PinnedWebhookAddress,
  type WebhookPinOptions,
} from './delivery/webhook-address-pinning.js';
export { classifyResponseStatus, type DeliveryOutcome } from './delivery/delivery-outcome.js';
export type { WebhookDeliveryRecord } from './delivery/delivery-record.js';
export {
  defaultWebhookRetryPolicy,
  parseRetryAfter,
  webhookBackoffStrategy,
  webhookBackoffStrategyFor,
  webhookRetryDelayMs,
  WebhookRetryLaterError,
  type RetryDelayOptions,
  type WebhookBackoffStrategy,
  type WebhookRetryPolicy,
} from './delivery/retry-schedule.js';
export {
  deliverWebhook,
  type DeliverWebhookOptions,
  type WebhookDeliveryResult,
  type WebhookEndpointTarget,
} from './delivery/webhook-sender.js';
