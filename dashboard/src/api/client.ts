import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "@api/schema";
import { getKey } from "../auth";

export type Schemas = components["schemas"];
export type Account = Schemas["AccountResponse"];
export type Transfer = Schemas["TransferResponse"];
export type TransferEvent = Schemas["TransferEventResponse"];
export type Balance = Schemas["BalanceResponse"];
export type ApiKey = Schemas["ApiKeyResponse"];
export type WebhookEndpoint = Schemas["WebhookEndpointResponse"];
export type Delivery = Schemas["DeliveryResponse"];
export type Deposit = Schemas["DepositResponse"];
export type Flag = Schemas["FlagResource"];
export type FlagAnalytics = Schemas["FlagAnalyticsView"];
export type Verification = Schemas["VerificationResource"];

/** The error envelope as a thrown value: code to branch on, field for forms, request id for support. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
    public requestId?: string,
  ) {
    super(message);
  }
}

/** The last X-RateLimit-* headers seen, for the developer page. */
export const rateLimit = { limit: 0, remaining: 0, reset: 0 };

const auth: Middleware = {
  onRequest({ request }) {
    const key = getKey();
    if (key) request.headers.set("Authorization", `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    const limit = response.headers.get("X-RateLimit-Limit");
    if (limit) {
      rateLimit.limit = Number(limit);
      rateLimit.remaining = Number(response.headers.get("X-RateLimit-Remaining") ?? 0);
      rateLimit.reset = Number(response.headers.get("X-RateLimit-Reset") ?? 0);
    }
    return response;
  },
};

/** Typed from /openapi/v1.json: a contract change that breaks a page breaks `npm run build`. */
export const api = createClient<paths>({ baseUrl: "" });
api.use(auth);

type Envelope<T> = { success: boolean; data?: T | null };
type ErrorBody = { error?: { code?: string; message?: string; details?: { field?: unknown } }; request_id?: string };

/** Unwraps the envelope of an openapi-fetch result, throwing ApiError on an error envelope. */
export async function unwrap<T>(call: Promise<{ data?: Envelope<T>; error?: unknown; response: Response }>): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok || !data) throw toApiError(error, response);
  return data.data as NonNullable<T>;
}

function toApiError(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as ErrorBody;
  const field = typeof body.error?.details?.field === "string" ? body.error.details.field : undefined;
  return new ApiError(response.status, body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? response.statusText, field, body.request_id);
}

/**
 * List filters and cursors. The list endpoints read their query string by hand, so the document declares no
 * query parameters; this serializer supplies them without loosening the rest of the call's types.
 */
export function query(values: Record<string, string | number | undefined | null>) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  }
  const text = search.toString();
  return { querySerializer: () => text };
}

/** A fresh Idempotency-Key per create form submission (kept across its retries). */
export function newIdempotencyKey(): string {
  return `dash_${crypto.randomUUID()}`;
}

export const FINAL = ["completed", "failed", "rejected"];
