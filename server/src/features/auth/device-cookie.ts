import type { FastifyReply, FastifyRequest } from 'fastify';

export const DEVICE_COOKIE = 'bt_device';
const DEVICE_COOKIE_DAYS = 365;

/** The device cookie this browser holds, if any (see DeviceTokens). */
export function deviceTokenOf(request: FastifyRequest): string | null {
  return request.cookies?.[DEVICE_COOKIE] ?? null;
}

/** Marks this browser as one that signed in to the account: only sent back to the sign-in routes. */
export function setDeviceCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/api/auth',
    maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
  });
}
