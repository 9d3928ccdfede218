/**
 * The envelope every webhook event shares. `type` and `version` together name the payload schema: a receiver switches
 * on both, and meshguard never changes the meaning of a published (type, version) pair — it publishes a new version.
 */
export interface WebhookEventEnvelope<Type extends string, Version extends number, Data> {
  /** Unique per event; the same id on every retry of it, so receivers can drop duplicates. */
  id: string;
  type: Type;
  version: Version;
  /** ISO 8601 UTC time the event was created (not the time of the delivery attempt). */
  createdAt: string;
  tenantId: string;
  data: Data;
}
