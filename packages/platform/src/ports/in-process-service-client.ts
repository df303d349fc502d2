// Service invocation within one process (`npm start`, where the bff, core-service and the worker share
// it): a call is handed to the service's own request handler as a request made in memory
// (light-my-request), so it runs every middleware an HTTP call would (the internal token, validation,
// problems) without a socket, HTTP written and parsed twice, or a client pool. Issue 14: on loopback,
// the bff's call cost more CPU than the work core-service did for it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inject } from 'light-my-request';
import { clientSpan, withTraceHeaders } from '../tracing.ts';
import {
  invokeResponse,
  ServiceUnavailableError,
  type InvokeRequest,
  type InvokeResponse,
  type ServiceClient,
} from './service-client.ts';

/** A service's request handler, as Node's HTTP server calls it (Koa's `app.callback()`). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export class InProcessServiceClient implements ServiceClient {
  constructor(
    private readonly handlers: Record<string, RequestHandler>,
    private readonly timeoutMs = 10_000,
  ) {}

  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    return clientSpan(`invoke ${appId} ${request.method}`, () => this.send(appId, request), {
      'rpc.service': appId,
      'url.path': request.path,
    });
  }

  private async send(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const handler = this.handlers[appId];
    if (!handler) throw new ServiceUnavailableError(`no handler in this process for ${appId}`);
    const headers = withTraceHeaders({
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    });
    let timer: NodeJS.Timeout | undefined;
    // As over HTTP, a call that takes too long is given up on (the handler may still finish).
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceUnavailableError(`${appId} did not answer in time`)),
        request.timeoutMs ?? this.timeoutMs,
      );
    });
    try {
      const res = await Promise.race([
        inject(handler, {
          method: request.method,
          url: `${request.path}${request.query ? `?${request.query}` : ''}`,
          headers,
          ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
        }),
        late,
      ]);
      const type = res.headers['content-type'];
      const contentType = (Array.isArray(type) ? type[0] : type) ?? '';
      return invokeResponse(res.statusCode, String(contentType), res.payload);
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err;
      throw new ServiceUnavailableError(`${appId} failed to answer: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
