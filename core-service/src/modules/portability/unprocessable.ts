// 422: an import that is well-formed but that this server will not take (not Todoist's CSV, too many
// rows, a record the rules refuse). Nothing of it is written.
import { ProblemType, type FieldError } from '@todo/contracts';
import { AppError } from '@todo/platform';

export const unprocessable = (message: string, errors?: FieldError[]) =>
  new AppError(ProblemType.validation, 422, message, errors);
