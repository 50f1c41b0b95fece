// What Electron's windows may do beyond showing our page: nothing by default. No permission
// (camera, notifications, clipboard reads, …) is granted or even reported as granted, no page
// navigates away or opens a window, and the system browser or mail program opens only the
// configured hub's pages and mailto: links. Types only from electron, so these run in unit tests.
import type { Session, WebContents } from 'electron';

/** Refuses every permission request, and answers every permission check with "not granted". */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Whether a link may be handed to the operating system (shell.openExternal): the hub's own pages
 * (same scheme, host and port as the hub address the desk is connected to) and mailto: addresses.
 * Anything else — another site, file:, a custom scheme that starts a program — is refused.
 */
export function isAllowedExternalUrl(url: string, hubUrl: string | null): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol === 'mailto:') return target.pathname.includes('@');
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username !== '' || target.password !== '') return false;
  if (hubUrl === null) return false;
  try {
    return target.origin === new URL(hubUrl).origin;
  } catch {
    return false;
  }
}

export interface NavigationPolicy {
  /** Whether the window may go to this address itself (our own page); nothing, if absent. */
  mayNavigate?: (url: string) => boolean;
  /** Where a link that wants a new window goes instead (the system browser); dropped, if absent. */
  openOutside?: (url: string) => void;
}

/** Keeps a window on its page: navigation elsewhere is stopped and no window is ever opened. */
export function guardNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, policy: NavigationPolicy = {}): void {
  contents.on('will-navigate', (event, url) => {
    if (!policy.mayNavigate?.(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    policy.openOutside?.(url);
    return { action: 'deny' };
  });
}
