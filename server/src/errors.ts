/** Errors that services throw; the app's error handler turns them into the API's error shape. */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** Bad input, with `details` naming each field and what is wrong with it. */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, string>, code = 'validation_failed') {
    super(400, code, message, { details });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication is required.', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not do that.', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource', code = 'not_found') {
    super(404, code, `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, { details });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'The upload is too large.') {
    super(413, 'payload_too_large', message);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'This type of file is not accepted.') {
    super(415, 'unsupported_media_type', message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string, code = 'service_unavailable') {
    super(503, code, message);
  }
}
