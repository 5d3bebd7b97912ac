/**
 * Fastify's router refuses some requests before any route or error handler sees them: a URL
 * that is not valid UTF-8 once decoded (`%FF`, an encoded lone surrogate), a path parameter
 * longer than `maxParamLength`. Its own answer has no Hearth envelope; this one does, so every
 * refusal carries a stable `code`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '#common/errors';

/** The `frameworkErrors` option of the Fastify factory. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body: ApiErrorBody = {
    error: tooLong
      ? { code: 'too_large', message: 'A part of the address is too long.' }
      : {
          code: 'validation_failed',
          message: 'The address is not valid: it has characters or an encoding the server cannot read.',
        },
  };
  void reply.status(tooLong ? 414 : 400).send(body);
}
