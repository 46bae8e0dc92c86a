// Random strings for keys, tokens and codes.
import { randomBytes, randomInt } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `length` characters from [0-9a-zA-Z], each from the CSPRNG (≈5.95 bits apiece). */
export function randomAlphanumeric(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A 4-digit code (SMS and email confirmation). */
export const randomPin = (): string => String(randomInt(1000, 10000));

/** `bytes` random bytes as base64url (32 bytes → 43 characters): secrets no person types. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
