/**
 * Faults the stand-in injects in place of a normal response, chosen per request.
 */

/** One request as the stand-in received it. */
export interface RecordedRequest {
  /** 1-based count of requests received, site-list requests included. */
  number: number;
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  /** Query parameters; a repeated name keeps its last value. */
  params: Record<string, string>;
  /** Milliseconds since the epoch when the request arrived. */
  receivedAt: number;
}

export type Fault =
  /** Responds with this HTTP status and a short HTML body, and `Retry-After` when given. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Responds HTTP 200 with an HTML error page, as the service does for an invalid query. */
  | { kind: 'html-error' }
  /**
   * Sends only the first `keepBytes` bytes of the response (default: half). `close-socket`
   * declares the full Content-Length and then destroys the socket; `end-early` sends no
   * Content-Length and ends the response normally, so the body just stops mid-row.
   */
  | { kind: 'truncate'; mode: 'close-socket' | 'end-early'; keepBytes?: number }
  /** Destroys the socket before responding. */
  | { kind: 'reset' }
  /** Waits `ms` milliseconds, then responds normally. */
  | { kind: 'delay'; ms: number }
  /** Responds HTTP 200 with an empty body. */
  | { kind: 'empty' }
  /** Responds with this plain-text body (HTTP 200 unless `status` is given). */
  | { kind: 'body'; body: string; status?: number };

export interface FaultRule {
  /** Request numbers (1-based) the fault applies to. */
  requests?: number[];
  /** Requests the fault applies to, when `requests` is not given or does not match. */
  match?: (request: RecordedRequest) => boolean;
  fault: Fault;
}

/** Rules tried in order; the first that applies decides. */
export type FaultPlan = FaultRule[];

/** Returns the fault for a request, or null for a normal response. */
export function faultFor(plan: FaultPlan, request: RecordedRequest): Fault | null {
  for (const rule of plan) {
    if (rule.requests?.includes(request.number) === true) return rule.fault;
    if (rule.match?.(request) === true) return rule.fault;
  }
  return null;
}
