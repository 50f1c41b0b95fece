// Passwords that ship with ILL Desk (the demo's accounts, printed on its sign-in screen and in the
// README): anyone can read them, so a library's own store never accepts one (DESIGN §7). This is
// the one list the desk checks against; the demo and its sign-in hint take theirs from here.
export const DEMO_CLERK_PASSWORD = 'demo1234';

export const SHIPPED_CLERK_PASSWORDS: readonly string[] = [DEMO_CLERK_PASSWORD];

export function isShippedPassword(password: string): boolean {
  return SHIPPED_CLERK_PASSWORDS.includes(password.normalize('NFC'));
}
