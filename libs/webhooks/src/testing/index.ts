export {
  startWebhookReceiver,
  type ReceivedDelivery,
  type ReceiverAnswer,
  type WebhookReceiver,
} from './webhook-receiver.js';
