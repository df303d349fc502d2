// The one error family: services throw AppError, the error middleware turns it into problem+json.
import { ProblemType, type FieldError } from '@todo/contracts';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly type: ProblemType,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(ProblemType.notFound, 404, `${what} was not found`);
export const badRequest = (message: string, errors?: FieldError[]) =>
  new AppError(ProblemType.validation, 400, message, errors);
export const conflict = (message: string) => new AppError(ProblemType.conflict, 409, message);
export const unauthorized = (message = 'Sign in first') =>
  new AppError(ProblemType.unauthorized, 401, message);
export const forbidden = (message: string) => new AppError(ProblemType.forbidden, 403, message);
