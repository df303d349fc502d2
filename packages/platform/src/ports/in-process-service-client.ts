// Service invocation within one process (`npm start`, where the bff, core-service and the worker share
// it): a call is handed to the service's own request handler as a request made in memory
// (light-my-request), so it runs every middleware an HTTP call would (the internal token, validation,
// problems) without a socket, HTTP written and parsed twice, or a client pool. Issue 14: on loopback,
// the bff's call cost more CPU than the work core-service did for it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inject } from 'light-my-request';
import type { InvokeRequest, InvokeResponse, ServiceClient } from './service-client.ts';
import {
  callBody,
  callHeaders,
  contentTypeOf,
  invokeInSpan,
  invokeResponse,
  pathAndQuery,
  ServiceUnavailableError,
} from './service-client.ts';

/** A service's request handler, as Node's HTTP server calls it (Koa's `app.callback()`). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** An answer as the service's app left it, before any of it was written as HTTP. */
export interface InProcessAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Where a call made in this process takes its answer from the app unwritten (createHttpApp's
 * answerInProcess): a property no request from a socket can have.
 */
export const IN_PROCESS_ANSWER = Symbol('in-process answer');
export interface AnswerSlot {
  answer?: InProcessAnswer;
}
export type InProcessRequest = IncomingMessage & { [IN_PROCESS_ANSWER]?: AnswerSlot };

export class InProcessServiceClient implements ServiceClient {
  constructor(
    private readonly handlers: Record<string, RequestHandler>,
    private readonly timeoutMs = 10_000,
  ) {}

  invoke(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    return invokeInSpan(appId, request, () => this.send(appId, request));
  }

  private async send(appId: string, request: InvokeRequest): Promise<InvokeResponse> {
    const handler = this.handlers[appId];
    if (!handler) throw new ServiceUnavailableError(`no handler in this process for ${appId}`);
    let timer: NodeJS.Timeout | undefined;
    // As over HTTP, a call that takes too long is given up on (the handler may still finish).
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceUnavailableError(`${appId} did not answer in time`)),
        request.timeoutMs ?? this.timeoutMs,
      );
    });
    const slot: AnswerSlot = {};
    const marked: RequestHandler = (req, res) => {
      (req as InProcessRequest)[IN_PROCESS_ANSWER] = slot;
      handler(req, res);
    };
    try {
      const res = await Promise.race([
        inject(marked, {
          method: request.method,
          url: pathAndQuery(request),
          headers: callHeaders(request),
          payload: callBody(request),
        }),
        late,
      ]);
      // An app of createHttpApp's leaves its answer in the slot; any other handler writes it.
      const { status, contentType, text } = slot.answer ?? {
        status: res.statusCode,
        contentType: contentTypeOf(res.headers),
        text: res.payload,
      };
      return invokeResponse(status, contentType, text);
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err;
      throw new ServiceUnavailableError(`${appId} failed to answer: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
