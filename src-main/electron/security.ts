// The shell's security configuration as plain data and pure functions, so it is tested without
// the Electron binary (test/electron/security.test.ts) and main.ts only wires it up.
// The app never talks to the network: the renderer is served from the app:// scheme, every
// http(s)/ws(s)/ftp/file request is refused, navigation and new windows are denied, and every
// permission request is refused.

/** The renderer's origin: a privileged custom scheme serving dist/renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'inw';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: false,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

/**
 * webPreferences of the one window (the preload path is added by main.ts). Context isolation
 * and the sandbox keep the page away from Node and from the preload's own globals.
 */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  enableBlinkFeatures: '',
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
  enableWebSQL: false,
  disableHtmlFullscreenWindowResize: true,
} as const;

/**
 * Strict CSP for every renderer document. Scripts and styles only from the app itself (no
 * inline script, no eval); PDF previews are drawn on canvas by pdf.js from a same-origin
 * module worker; nothing may be fetched from anywhere but the app.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'child-src': "'none'",
  'frame-src': "'none'",
  'object-src': "'none'",
  'media-src': "'none'",
  'manifest-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES).map(([k, v]) => `${k} ${v}`).join('; ');

/** Response headers added to everything the app scheme serves. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const ALLOWED_REQUEST_SCHEMES = new Set([`${APP_SCHEME}:`, 'data:', 'blob:', 'devtools:', 'chrome-extension:']);

/** session.webRequest.onBeforeRequest: only the app's own scheme (and in-memory data) passes. */
export function requestFilter(url: string): { cancel: boolean } {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return { cancel: true };
  }
  if (protocol === `${APP_SCHEME}:`) return { cancel: !url.startsWith(`${APP_ORIGIN}/`) };
  return { cancel: !ALLOWED_REQUEST_SCHEMES.has(protocol) };
}

/** will-navigate / will-redirect: the app is one page; every navigation is refused. */
export function shouldPreventNavigation(_url: string): boolean {
  return true;
}

/** setWindowOpenHandler: no new windows, ever (links to outside are not opened either). */
export function windowOpenHandler(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/** setPermissionRequestHandler: camera, notifications, geolocation, … all refused. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** setPermissionCheckHandler. */
export function permissionCheckHandler(): boolean {
  return false;
}

/** IPC sender check: only the main frame of our own window, showing our own page. */
export function isTrustedSender(sender: { frameUrl: string | undefined; isMainFrame: boolean; webContentsId: number }, windowWebContentsId: number | null): boolean {
  if (windowWebContentsId === null || sender.webContentsId !== windowWebContentsId || !sender.isMainFrame) return false;
  if (!sender.frameUrl) return false;
  try {
    const url = new URL(sender.frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Maps an app:// URL to a file under the renderer folder; null for anything outside it. */
export function resolveAppAsset(rendererDir: string, url: string, join: (...parts: string[]) => string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  const path = decodeURIComponent(parsed.pathname);
  if (path.includes('\0') || path.split('/').some((part) => part === '..' || part.includes('\\'))) return null;
  const relative = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  return join(rendererDir, ...relative.split('/'));
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function mimeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return MIME[dot >= 0 ? file.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream';
}
