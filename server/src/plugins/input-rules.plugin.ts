import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ValidationError } from '../errors.ts';
import { CONTROL_CHARACTER_MESSAGE, findForbiddenControl } from '../lib/text-rules.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/** A body in another charset would be read as UTF-8 and stored garbled; say so instead. */
export function declaredCharsetIsUtf8(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const match = CHARSET.exec(contentType);
  if (!match) return true;
  const charset = (match[1] ?? '').toLowerCase();
  return charset === 'utf-8' || charset === 'utf8';
}

/**
 * Rules every request meets, whatever its route: text in the body, path parameters and query
 * string holds no control characters (see lib/text-rules.ts), and a declared charset is UTF-8.
 * They run before schema validation, so a route added tomorrow gets them without asking.
 */
async function inputRulesPlugin(app: FastifyInstance) {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!declaredCharsetIsUtf8(request.headers['content-type'])) {
      done(new AppError(415, 'unsupported_media_type', 'Send the body in UTF-8 (charset=utf-8).'));
      return;
    }
    done();
  });

  app.addHook('preValidation', (request, _reply, done) => {
    const field =
      findForbiddenControl(request.params) ??
      findForbiddenControl(request.query) ??
      findForbiddenControl(request.body);
    if (field !== null) {
      done(
        new ValidationError('Some fields are missing or invalid.', {
          [field || 'body']: CONTROL_CHARACTER_MESSAGE,
        }),
      );
      return;
    }
    done();
  });
}

export const inputRules = fp(inputRulesPlugin, { name: 'input-rules' });
