/**
 * Typed errors. Every error a user can cause carries what they need to fix it (file, line, column, field or
 * flag, and a hint); the CLI's single top-level handler maps them to one line and an exit code. Anything that
 * is not an EvohubError is a bug.
 */

export type SourceLocation = {
  file: string;
  line?: number;
  column?: number;
  /** JSON-pointer-like path of the offending field, e.g. `/messages/0/role`. */
  field?: string;
};

export type ErrorCode =
  | 'USAGE'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'GIT'
  | 'CONFLICT'
  | 'TEMPLATE'
  | 'PROVIDER'
  | 'BUDGET'
  | 'CONFIG'
  | 'IO'
  | 'FORGE'
  | 'FAILED_CHECK';

/** Exit codes: 0 ok, 1 a failed check or an operation error, 2 a usage error. */
export type ExitCode = 1 | 2;

export type EvohubErrorOptions = {
  location?: SourceLocation;
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCode;
  /** The command already printed what went wrong (e.g. a `--json` report); the handler prints nothing more. */
  reported?: boolean;
};

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  return s;
}

export class EvohubError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;
  readonly reported: boolean;

  constructor(code: ErrorCode, message: string, options: EvohubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EvohubError';
    this.code = code;
    this.exitCode = options.exitCode ?? (code === 'USAGE' ? 2 : 1);
    this.location = options.location;
    this.hint = options.hint;
    this.reported = options.reported ?? false;
  }

  /** The one line the CLI prints: `file:line:col: message (hint)`. */
  userMessage(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    const field =
      this.location?.field && !this.message.includes(this.location.field) ? ` [${this.location.field}]` : '';
    const hint = this.hint ? ` (${this.hint})` : '';
    return `${where}${this.message}${field}${hint}`;
  }
}

/** A bad flag, argument or combination of them. Exit code 2. */
export class UsageError extends EvohubError {
  constructor(message: string, options: Omit<EvohubErrorOptions, 'exitCode'> = {}) {
    super('USAGE', message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export type Problem = { location: SourceLocation; message: string };

export function formatProblem(p: Problem): string {
  return `${formatLocation(p.location)}: ${p.message}`;
}

/** One or more located problems found at once (schema violations, YAML syntax errors). */
export class ValidationError extends EvohubError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options: Omit<EvohubErrorOptions, 'location'> = {}) {
    const first = problems[0];
    super('VALIDATION', first ? first.message : 'invalid input', { ...options, location: first?.location });
    this.name = 'ValidationError';
    this.problems = problems;
  }

  override userMessage(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

export class NotFoundError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('NOT_FOUND', message, options);
    this.name = 'NotFoundError';
  }
}

export class GitError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('GIT', message, options);
    this.name = 'GitError';
  }
}

/** An operation refused because it would destroy something the user has (uncommitted edits, an existing file). */
export class ConflictError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}

export class TemplateError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('TEMPLATE', message, options);
    this.name = 'TemplateError';
  }
}

export class ConfigError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('CONFIG', message, options);
    this.name = 'ConfigError';
  }
}

/** Why a forge (GitHub) call failed, as the user can act on it. */
export type ForgeFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'validation' | 'server' | 'network';

/** A forge (GitHub) request that failed: a missing or under-privileged token, a 5xx, a network failure. */
export class ForgeError extends EvohubError {
  readonly failure: ForgeFailure;
  readonly status: number | undefined;

  constructor(
    failure: ForgeFailure,
    message: string,
    options: EvohubErrorOptions & { status?: number } = {},
  ) {
    super('FORGE', message, options);
    this.name = 'ForgeError';
    this.failure = failure;
    this.status = options.status;
  }
}

/** A check that ran and did not pass (validation of files, a regression gate). Exit code 1, no stack. */
export class FailedCheckError extends EvohubError {
  constructor(message: string, options: EvohubErrorOptions = {}) {
    super('FAILED_CHECK', message, options);
    this.name = 'FailedCheckError';
  }
}

export function isEvohubError(e: unknown): e is EvohubError {
  return e instanceof EvohubError;
}
