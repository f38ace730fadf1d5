import type { FastifyRequest } from 'fastify';
import type { ClientInfo } from './auth.service.ts';
import { deviceTokenOf } from './device-cookie.ts';

/** The browser and address a sign-in comes from (the address as TRUST_PROXY allows). */
export function clientOf(request: FastifyRequest): ClientInfo {
  return {
    userAgent: request.headers['user-agent'] ?? null,
    ip: request.ip ?? null,
    deviceToken: deviceTokenOf(request),
  };
}
