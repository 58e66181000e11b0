// What an error answer says, by status: the error page's kind, the API's code, and the API's list
// of problems (each wrong field with its translated message). app.tsx's one error handler uses
// these for every answer it gives.
import type { FastifySchemaValidationError } from 'fastify';
import type { Translate } from '../i18n/messages.ts';
import type { DomainError } from './domain-errors.ts';
import type { ErrorKind } from './error-page.view.tsx';

const KIND_OF_STATUS: Partial<Record<number, ErrorKind>> = {
  401: 'unauthorised',
  403: 'forbidden',
  404: 'notFound',
  413: 'tooLarge',
  429: 'tooMany',
  500: 'server',
};

/** Which translated error page answers a status (any other 4xx: "bad request"). */
export const errorKindOf = (status: number): ErrorKind => KIND_OF_STATUS[status] ?? 'badRequest';

const CODE_OF_STATUS: Partial<Record<number, string>> = {
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  500: 'server-error',
};

/** The API's code for a refusal that is not a domain error (any other: "malformed"). */
export const errorCodeOf = (status: number): string => CODE_OF_STATUS[status] ?? 'malformed';

/** The API's answer to a domain error: each wrong field, or the one problem, with a translated message. */
export function apiErrors(error: DomainError, t: Translate) {
  const problems = error.problems?.map((p) => ({ ...p, field: `fields.${p.field}` })) ?? [{ field: error.field ?? '', code: error.code }];
  return problems.map((p) => {
    const { index, max, ...rest } = p as typeof p & { index?: number; max?: number };
    return {
      ...rest,
      ...(index !== undefined ? { index } : {}),
      ...(max !== undefined ? { max } : {}),
      message: t(`error.${p.code}`, { line: (index ?? 0) + 1, max: max ?? 0 }),
    };
  });
}

/** The API's answer to a request its schema refused: each field, required or malformed. */
export function validationErrors(validation: FastifySchemaValidationError[], t: Translate) {
  return validation.map((v) => ({
    field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.missingProperty ?? ''),
    code: v.keyword === 'required' ? 'required' : 'malformed',
    message: t('error.malformed'),
  }));
}
