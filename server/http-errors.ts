/**
 * Typed errors as HTTP answers: a registry from the error code to a status, one JSON body shape
 * (`{error: {code, message, hint?, field?}}`) and nothing else (no stack, no cause) so no secret leaks.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, EvohubError } from '../core/errors.ts';
import type { Redactor } from '../core/redact.ts';

const STATUS: Readonly<Record<ErrorCode | 'UNAUTHORIZED' | 'FORBIDDEN', ContentfulStatusCode>> = {
  USAGE: 400,
  VALIDATION: 400,
  NOT_FOUND: 404,
  GIT: 500,
  CONFLICT: 409,
  TEMPLATE: 400,
  PROVIDER: 502,
  BUDGET: 409,
  CONFIG: 400,
  IO: 500,
  FORGE: 502,
  FAILED_CHECK: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
};

export type HttpErrorCode = keyof typeof STATUS;

/** An error the server itself raises (auth, scope, CSRF), with its own code. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly hint: string | undefined;
  constructor(code: HttpErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.hint = hint;
  }
}

export type ErrorBody = { error: { code: string; message: string; hint?: string; field?: string } };

export function errorBody(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.hint) body.error.hint = error.hint;
    return { status: STATUS[error.code], body };
  }
  if (error instanceof EvohubError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.hint) body.error.hint = error.hint;
    if (error.location?.field) body.error.field = error.location.field;
    return { status: STATUS[error.code] ?? 500, body };
  }
  // Not ours: a bug. Say so without echoing its text (it might quote a request or a secret).
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error (a bug in evohub)' } } };
}

/** The JSON answer, its text run through the redactor: no response carries a secret. */
export function jsonResponse(
  c: Context,
  redact: Redactor,
  value: unknown,
  status: ContentfulStatusCode = 200,
) {
  return c.body(redact(JSON.stringify(value)), status, { 'content-type': 'application/json; charset=utf-8' });
}
