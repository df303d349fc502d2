// The error middleware, registered first: every failure leaves as RFC 9457 problem+json with a
// stable `type`; database errors are mapped explicitly; nothing else reveals its stack or SQL.
import { ProblemType, type Problem } from '@todo/contracts';
import type { Context, Next } from 'koa';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const TYPE_BY_STATUS: Record<number, ProblemType> = {
  401: ProblemType.unauthorized,
  405: ProblemType.methodNotAllowed,
  403: ProblemType.forbidden,
  404: ProblemType.notFound,
  409: ProblemType.conflict,
  413: ProblemType.payloadTooLarge,
  415: ProblemType.unsupportedMediaType,
  429: ProblemType.rateLimited,
};

interface ErrorLike {
  name?: string;
  code?: string;
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  constraint?: string;
  nativeError?: ErrorLike;
}

/** Maps what libraries throw (body parser, pg/objection) to an AppError, or null when unexpected. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as ErrorLike;
  const pgCode = e.code ?? e.nativeError?.code;
  if (e.name === 'NotFoundError')
    return new AppError(ProblemType.notFound, 404, 'The resource was not found');
  if (pgCode === '23505' || e.name === 'UniqueViolationError')
    return new AppError(ProblemType.conflict, 409, 'A record with these values already exists');
  if (pgCode === '23503' || e.name === 'ForeignKeyViolationError')
    return new AppError(ProblemType.validation, 400, 'The request refers to something that does not exist');
  if (pgCode === '23514' || pgCode === '23502' || e.name === 'CheckViolationError')
    return new AppError(ProblemType.validation, 400, 'A value is out of its allowed range');
  if ((pgCode && pgCode.startsWith('22')) || e.name === 'DataError')
    return new AppError(ProblemType.validation, 400, 'A value has the wrong form');
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large' || status === 413)
    return new AppError(
      ProblemType.payloadTooLarge,
      413,
      'The request body is larger than the server accepts',
    );
  if (e.type === 'entity.parse.failed' || (status === 400 && e.name === 'SyntaxError'))
    return new AppError(ProblemType.malformedJson, 400, 'The request body is not valid JSON');
  if (status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new AppError(ProblemType.unsupportedMediaType, 415, 'The request body encoding is not supported');
  if (status && status >= 400 && status < 500 && e.expose)
    return new AppError(
      TYPE_BY_STATUS[status] ?? ProblemType.validation,
      status,
      e.message ?? 'The request was refused',
    );
  return null;
}

export function problemBody(
  status: number,
  type: string,
  detail: string,
  errors?: Problem['errors'],
): Problem {
  return { type, title: TITLES[status] ?? 'Error', status, detail, ...(errors ? { errors } : {}) };
}

export function sendProblem(ctx: Context, problem: Problem, headers: Record<string, string> = {}): void {
  ctx.status = problem.status;
  ctx.set(headers);
  ctx.type = 'application/problem+json';
  ctx.body = problem;
}

export function errorMiddleware() {
  return async function problems(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        sendProblem(ctx, problemBody(404, ProblemType.notFound, `No route for ${ctx.method} ${ctx.path}`));
      } else if ((ctx.status === 405 || ctx.status === 501) && typeof ctx.body !== 'object') {
        // The router answers an unknown method with 501 and a known one on the wrong path with 405:
        // to a client both are "this method is not allowed here" (RFC 9110 §15.5.6).
        const allow = ctx.response.get('Allow');
        sendProblem(
          ctx,
          problemBody(405, ProblemType.methodNotAllowed, `${ctx.method} is not allowed on ${ctx.path}`),
          allow ? { Allow: allow } : {},
        );
      }
    } catch (err) {
      const log = (ctx.state.log ?? ctx.app.context.log) as Logger | undefined;
      const known = toAppError(err);
      if (known) {
        log?.debug({ problem: known.type, cause: known === err ? undefined : String(err) }, known.message);
        sendProblem(ctx, problemBody(known.status, known.type, known.message, known.errors), known.headers);
        return;
      }
      log?.error({ err }, 'unexpected error');
      sendProblem(
        ctx,
        problemBody(500, ProblemType.internal, 'An unexpected error occurred; it has been logged'),
      );
    }
  };
}
