// The bff's one way to reach core-service and the worker: through the ServiceClient port, with the internal token and
// the person's id; core's problems pass through unchanged, an unreachable core is a 503.
import {
  CORE_APP_ID,
  INTERNAL_TOKEN_HEADER,
  ProblemType,
  REQUEST_ID_HEADER,
  USER_ID_HEADER,
  type Problem,
} from '@todo/contracts';
import {
  AppError,
  ServiceUnavailableError,
  type InvokeRequest,
  type InvokeResponse,
  type ServiceClient,
} from '@todo/platform';

export class CoreClient {
  constructor(
    private readonly client: ServiceClient,
    private readonly internalToken: string,
  ) {}

  /** The raw answer, for forwarding. */
  async send(
    request: InvokeRequest & { userId?: string; requestId?: string; appId?: string },
  ): Promise<InvokeResponse> {
    const { userId, requestId, appId = CORE_APP_ID, ...rest } = request;
    const headers: Record<string, string> = { [INTERNAL_TOKEN_HEADER]: this.internalToken, ...rest.headers };
    if (userId) headers[USER_ID_HEADER] = userId;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    try {
      return await this.client.invoke(appId, { ...rest, headers });
    } catch (err) {
      if (err instanceof ServiceUnavailableError) {
        throw new AppError(
          ProblemType.dependencyUnavailable,
          503,
          'The todo service is not answering; try again shortly',
        );
      }
      throw err;
    }
  }

  /** The body of a successful answer; a problem from core becomes the same AppError here. */
  async call<T>(request: InvokeRequest & { userId?: string; requestId?: string }): Promise<T> {
    const res = await this.send(request);
    if (res.status >= 400) throw problemToError(res);
    return res.body as T;
  }
}

export function problemToError(res: InvokeResponse): AppError {
  const problem = res.body as Partial<Problem> | undefined;
  if (res.status >= 500 || !problem || typeof problem !== 'object') {
    return new AppError(
      ProblemType.dependencyUnavailable,
      503,
      'The todo service failed to answer; try again shortly',
    );
  }
  return new AppError(
    (problem.type as ProblemType) ?? ProblemType.internal,
    res.status,
    problem.detail ?? 'The request was refused',
    problem.errors,
  );
}
