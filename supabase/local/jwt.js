// HS256 access tokens, signed and verified the way GoTrue and PostgREST do with a shared secret.
import { SignJWT, jwtVerify, errors } from 'jose';

/** @param {string} secret */
const keyOf = (secret) => new TextEncoder().encode(secret);

/**
 * @param {Record<string, unknown>} claims must include exp and iat (seconds)
 * @param {string} secret
 */
export async function signToken(claims, secret) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyOf(secret));
}

/**
 * @typedef {{ ok: true, claims: Record<string, any> } | { ok: false, reason: 'invalid' | 'expired', message: string }} Verified
 */

/**
 * Checks the signature, the algorithm and `exp` (no clock tolerance, as PostgREST).
 * @param {string} token
 * @param {string} secret
 * @returns {Promise<Verified>}
 */
export async function verifyToken(token, secret) {
  const parts = token.split('.').length;
  if (parts !== 3) return { ok: false, reason: 'invalid', message: `Expected 3 parts in JWT; got ${parts}` };
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ['HS256'] });
    return { ok: true, claims: payload };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired', message: 'JWT expired' };
    if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'nbf')
      return { ok: false, reason: 'expired', message: 'JWT not yet valid' };
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'invalid', message: 'JWT cryptographic operation failed' };
    if (e instanceof errors.JOSEAlgNotAllowed)
      return { ok: false, reason: 'invalid', message: 'Wrong or unsupported encoding algorithm' };
    return { ok: false, reason: 'invalid', message: "JWT couldn't be decoded" };
  }
}
