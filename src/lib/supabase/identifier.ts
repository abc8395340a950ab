export type Identifier = { email: string } | { phone: string };

/**
 * An email, or a mainland mobile number (11 digits starting with 1, optionally +86/86 and spaces
 * or dashes), sent to GoTrue in E.164 (GoTrue stores phones as E.164 digits).
 */
export function parseIdentifier(input: string): Identifier | null {
  const value = input.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return { email: value.toLowerCase() };
  const digits = value.replace(/[\s-]/g, '');
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(digits);
  return m ? { phone: `+86${m[1]}` } : null;
}
