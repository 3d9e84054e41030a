/** An error the visitor caused or should know about; its message is shown to them as written. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Field-level problems, e.g. [{ field: 'radius', message: 'Radius must be between 1 and 250.' }]. */
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export const badRequest = (message: string, details: FieldProblem[] = []) => new HttpError(400, message, details);
export const notFound = (message: string) => new HttpError(404, message);
