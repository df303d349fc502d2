// Service invocation: how the bff and worker call core-service. Direct HTTP between processes of their
// own; in memory within `npm start`'s one process (in-process-service-client.ts); DaprServiceClient
// (dapr-service-client.ts) goes through the caller's own sidecar.
import { Agent, request as undiciRequest } from 'undici';
import { clientSpan, withTraceHeaders } from '../tracing.ts';
export interface InvokeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** This call's own limit, for the rare one that takes long (an import); else the client's. */
  timeoutMs?: number;
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

/** A call to another service, in a client span named for it: every adapter's invoke. */
export function invokeInSpan(
  appId: string,
  request: InvokeRequest,
  send: () => Promise<InvokeResponse>,
): Promise<InvokeResponse> {
  return clientSpan(`invoke ${appId} ${request.method}`, send, {
    'rpc.service': appId,
    'url.path': request.path,
  });
}

/** The request's path with its query, if any. */
export const pathAndQuery = (request: InvokeRequest) =>
  `${request.path}${request.query ? `?${request.query}` : ''}`;

/** The headers a call sends: its own, JSON's content type when it has a body, the trace's. */
export const callHeaders = (request: InvokeRequest) =>
  withTraceHeaders({
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...request.headers,
  });

/** An answer's content type, from its headers as Node or undici give them. */
export function contentTypeOf(headers: Record<string, string | string[] | number | undefined>): string {
  const type = headers['content-type'];
  return String((Array.isArray(type) ? type[0] : type) ?? '');
}

/** The body a call sends: its JSON, or none. */
export const callBody = (request: InvokeRequest) =>
  request.body === undefined ? undefined : JSON.stringify(request.body);

export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
}

/**
 * Calls `baseUrls[appId]` over plain HTTP on kept-alive connections. undici's request() rather than
 * fetch(): fetch builds WHATWG Request, Headers and stream objects for every call, which cost the bff
 * more CPU than the rest of a forwarded request (issue 14's profile); the answer is the same.
 */
export class DirectHttpServiceClient implements ServiceClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000 });

  constructor(
    private readonly baseUrls: Record<string, string>,
    private readonly timeoutMs = 10_000,
  ) {}

  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    return invokeInSpan(appId, request, () => this.send(appId, request));
  }

  private async send(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const base = this.baseUrls[appId];
    if (!base) throw new ServiceUnavailableError(`no address configured for ${appId}`);
    const url = `${base}${pathAndQuery(request)}`;
    // The timeout covers the body too: a peer that sends headers and then stalls is not waited for.
    try {
      const res = await undiciRequest(url, {
        dispatcher: this.agent,
        method: request.method,
        headers: callHeaders(request),
        body: callBody(request),
        signal: AbortSignal.timeout(request.timeoutMs ?? this.timeoutMs),
      });
      return invokeResponse(res.statusCode, contentTypeOf(res.headers), await res.body.text());
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
