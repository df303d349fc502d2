// The Dapr adapter of the ServiceClient port: every call goes to this process's own sidecar
// (`/v1.0/invoke/<app id>/method/<path>`), which finds a replica of the app, applies the resiliency
// policy (timeouts, retries, circuit breaker) and access control, and carries the trace context.
// Plain HTTP to the sidecar, not @dapr/dapr's client: docs/dapr.md says why, with measurements.
import { describe, type DaprSidecar } from './dapr-sidecar.ts';
import {
  callBody,
  callHeaders,
  invokeInSpan,
  invokeResponse,
  pathAndQuery,
  ServiceUnavailableError,
  type InvokeRequest,
  type InvokeResponse,
  type ServiceClient,
} from './service-client.ts';

export interface DaprServiceClientOptions {
  sidecar: DaprSidecar;
  /** The whole call, every retry of the sidecar's policy included (DAPR_INVOKE_TIMEOUT_MS). */
  timeoutMs?: number;
}

export class DaprServiceClient implements ServiceClient {
  private readonly timeoutMs: number;

  constructor(private readonly options: DaprServiceClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    return invokeInSpan(appId, request, () => this.send(appId, request));
  }

  private async send(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const path = `/v1.0/invoke/${encodeURIComponent(appId)}/method${pathAndQuery(request)}`;
    let answer: InvokeResponse;
    try {
      const res = await this.options.sidecar.request(path, {
        method: request.method,
        // The sidecar continues this trace to the app it calls (W3C traceparent).
        headers: callHeaders(request),
        body: callBody(request),
        timeoutMs: request.timeoutMs ?? this.timeoutMs,
      });
      answer = invokeResponse(res.status, res.contentType, res.text);
    } catch (err) {
      throw new ServiceUnavailableError(
        `${appId} did not answer through the Dapr sidecar at ${this.options.sidecar.baseUrl}: ${describe(err)}`,
      );
    }
    const sidecarError = daprError(answer);
    if (sidecarError) {
      throw new ServiceUnavailableError(
        `The Dapr sidecar could not invoke ${appId} ${request.method} ${request.path}: ${answer.status} ${sidecarError}`,
      );
    }
    return answer;
  }
}

/**
 * The sidecar's own error (no replica found, connection refused, circuit breaker open, access denied,
 * a wrong token),
 * as opposed to the app's answer passed through: Dapr's errors are plain JSON with an `ERR_…`
 * errorCode, the apps answer problem+json. Only an error status's body is read.
 */
function daprError(answer: InvokeResponse): string | undefined {
  if (answer.status < 400) return undefined;
  // The sidecar's token check answers in plain text (this process's DAPR_API_TOKEN is wrong or missing).
  if (answer.status === 401 && answer.text.trim() === 'invalid api token') {
    return "invalid api token (DAPR_API_TOKEN differs from the sidecar's)";
  }
  if (!answer.contentType.startsWith('application/json')) return undefined;
  try {
    const body = JSON.parse(answer.text) as { errorCode?: unknown; message?: unknown };
    if (typeof body.errorCode === 'string' && body.errorCode.startsWith('ERR_')) {
      return `${body.errorCode}: ${String(body.message ?? '')}`;
    }
  } catch {
    // Not JSON after all: the app's answer.
  }
  return undefined;
}
