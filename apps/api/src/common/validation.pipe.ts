import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { ValidationError } from './app-error.js';

function flatten(errors: ClassValidatorError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Strict input validation: unknown fields are refused, types are converted from query strings,
 * and the 400 names each offending field (nested ones with their path, e.g. `items.3.rating`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const message = fields.map((f) => f.problems.map((p) => (p.includes(f.field) ? p : `${f.field}: ${p}`)).join('; ')).join('; ');
      return new ValidationError(message || 'invalid input', fields);
    },
  });
}
