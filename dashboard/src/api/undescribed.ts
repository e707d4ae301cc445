import type { Schemas } from "./client";
import { unwrapResponse } from "./client";

/*
 * Answers that /openapi/v1.json does not describe yet. The events, webhooks, deposits and compliance read endpoints
 * answer through TypedResults.Json, which adds no response metadata to the document, so their 200s carry no schema.
 * Their paths, path parameters and request bodies are still checked against the document; the answer types below
 * mirror the API's records (Api/Endpoints/*Endpoints.cs), reusing the document's component schemas where it has them.
 *
 * `undescribed` only accepts a call whose answer the document leaves empty: once the API declares a schema for one
 * of these routes, the call stops compiling here and moves to `unwrap`, taking the generated type instead.
 */

export interface Page<T> {
  items: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface WebhookEndpoint {
  id: string;
  object: "webhook_endpoint";
  url: string;
  events: string[];
  status: "enabled" | "disabled";
  description: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
  /** Only in the answers to create and rotate-secret. */
  secret: string | null;
}

export interface DeliveryAttempt {
  at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  object: "webhook_delivery";
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: "pending" | "succeeded" | "failed";
  attempt_count: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  created_at: string;
  /** Only on GET /webhooks/{id}/deliveries/{whd_id}. */
  attempts: DeliveryAttempt[] | null;
}

export interface RowellEvent {
  id: string;
  object: "event";
  type: string;
  created_at: string;
  data: { object: Record<string, unknown> };
}

export type Deposit = Schemas["DepositResponse"];
export type Flag = Schemas["FlagResource"];
export type Verification = Schemas["VerificationResource"];

export interface CountBucket {
  key: string;
  count: number;
}

export interface FlagAnalytics {
  total: number;
  open: number;
  by_status: CountBucket[];
  by_severity: CountBucket[];
  by_reason: CountBucket[];
  by_entity_type: CountBucket[];
  median_hours_to_decision: number | null;
  average_risk_score: number;
}

type Empty = { data?: undefined; error?: unknown; response: Response };

export async function undescribed<T>(call: Promise<Empty>): Promise<T> {
  return unwrapResponse<T>(await call);
}
