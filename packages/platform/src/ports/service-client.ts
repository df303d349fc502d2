// Service invocation: how the bff and worker call core-service. Direct HTTP in the embedded default;
// the Dapr sidecar adapter arrives with the Dapr work and keeps this interface.
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
  body: unknown;
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

  async invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const base = this.baseUrls[appId];
    if (!base) throw new ServiceUnavailableError(`no address configured for ${appId}`);
    const url = `${base}${request.path}${request.query ? `?${request.query}` : ''}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: request.method,
        headers: {
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ServiceUnavailableError(`${appId} did not answer: ${(err as Error).message}`);
    }
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const body = text && contentType.includes('json') ? JSON.parse(text) : text || undefined;
    return { status: res.status, contentType, body };
  }
}
