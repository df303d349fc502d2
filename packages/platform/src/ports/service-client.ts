// Service invocation: how the bff and worker call core-service. Direct HTTP in the embedded default;
// DaprServiceClient (dapr-service-client.ts) goes through the caller's own sidecar.
import { clientSpan, withTraceHeaders } from '../tracing.ts';
export interface InvokeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface InvokeResponse {
  status: number;
  contentType: string;
  /** The body as sent: what a forwarding caller passes on without parsing it. */
  text: string;
  /** The body parsed from JSON (when it is JSON; parsed when first read), else the text or undefined. */
  readonly body: unknown;
}

export interface ServiceClient {
  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse>;
}

export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
}

/** Calls `baseUrls[appId]` over plain HTTP with keep-alive (Node's fetch pools connections). */
export class DirectHttpServiceClient implements ServiceClient {
  constructor(
    private readonly baseUrls: Record<string, string>,
    private readonly timeoutMs = 10_000,
  ) {}

  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    return clientSpan(`invoke ${appId} ${request.method}`, () => this.send(appId, request), {
      'rpc.service': appId,
      'url.path': request.path,
    });
  }

  private async send(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const base = this.baseUrls[appId];
    if (!base) throw new ServiceUnavailableError(`no address configured for ${appId}`);
    const url = `${base}${request.path}${request.query ? `?${request.query}` : ''}`;
    // The timeout covers the body too: a peer that sends headers and then stalls is not waited for.
    try {
      const res = await fetch(url, {
        method: request.method,
        headers: withTraceHeaders({
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        }),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const contentType = res.headers.get('content-type') ?? '';
      return invokeResponse(res.status, contentType, await res.text());
    } catch (err) {
      throw new ServiceUnavailableError(`${appId} did not answer: ${(err as Error).message}`);
    }
  }
}

/** A response whose JSON is parsed only if someone reads `body` (a forwarded pull page is not). */
export function invokeResponse(status: number, contentType: string, text: string): InvokeResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    contentType,
    text,
    get body() {
      parsed ??= { value: text && contentType.includes('json') ? JSON.parse(text) : text || undefined };
      return parsed.value;
    },
  };
}
