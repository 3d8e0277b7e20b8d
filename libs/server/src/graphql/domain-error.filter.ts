import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ERROR_CODES, DomainError } from '@council/core';

const HTTP_STATUS: Record<keyof typeof ERROR_CODES, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/**
 * Domain errors are answers, not faults: hand them to GraphQL's formatter
 * untouched (Nest would otherwise log each one with a stack), and give plain
 * HTTP routes the same code as JSON.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return error;
    const res = host.switchToHttp().getResponse<Response>();
    res.status(HTTP_STATUS[error.kind]).json({ message: error.message, code: ERROR_CODES[error.kind], messageEn: error.messageEn, ...error.details });
    return undefined;
  }
}
