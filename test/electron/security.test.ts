// The shell's security configuration, tested as data without the Electron binary.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY, CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS, WEB_PREFERENCES, isTrustedSender, permissionCheckHandler,
  permissionRequestHandler, requestFilter, resolveAppAsset, shouldPreventNavigation, windowOpenHandler,
} from '../../src-main/electron/security.js';

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  it('allows scripts, styles and connections only from the app itself', () => {
    expect(CSP_DIRECTIVES['default-src']).toBe("'none'");
    expect(CSP_DIRECTIVES['script-src']).toBe("'self'");
    expect(CSP_DIRECTIVES['connect-src']).toBe("'self'");
    expect(CSP_DIRECTIVES['object-src']).toBe("'none'");
    expect(CSP_DIRECTIVES['frame-ancestors']).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|ws:|\*/);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('request filter', () => {
  it('refuses every network request', () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'ws://localhost/', 'wss://x.test/', 'ftp://x.test/', 'file:///etc/passwd', 'not a url']) {
      expect(requestFilter(url), url).toEqual({ cancel: true });
    }
  });
  it('lets the app scheme and in-memory data through', () => {
    expect(requestFilter(APP_ENTRY)).toEqual({ cancel: false });
    expect(requestFilter('app://inw/assets/index.js')).toEqual({ cancel: false });
    expect(requestFilter('app://other/x.js')).toEqual({ cancel: true });
    expect(requestFilter('data:,')).toEqual({ cancel: false });
    expect(requestFilter('blob:app://inw/1234')).toEqual({ cancel: false });
  });
});

describe('navigation, windows and permissions', () => {
  it('denies every navigation and new window', () => {
    expect(shouldPreventNavigation('https://example.com/')).toBe(true);
    expect(shouldPreventNavigation(APP_ENTRY)).toBe(true);
    expect(windowOpenHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
  it('denies every permission request and check', () => {
    let granted: boolean | null = null;
    permissionRequestHandler(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(permissionCheckHandler()).toBe(false);
  });
});

describe('IPC sender check', () => {
  const ours = { frameUrl: 'app://inw/index.html', isMainFrame: true, webContentsId: 7 };
  it('trusts only the main frame of our window showing our page', () => {
    expect(isTrustedSender(ours, 7)).toBe(true);
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.test/' }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: undefined }, 7)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
  });
});

describe('app:// asset resolution', () => {
  it('serves files under the renderer folder only', () => {
    expect(resolveAppAsset('/r', 'app://inw/', join)).toBe(join('/r', 'index.html'));
    expect(resolveAppAsset('/r', 'app://inw/assets/a.js', join)).toBe(join('/r', 'assets', 'a.js'));
    // The URL parser resolves dot segments first: they can never climb out of the folder.
    expect(resolveAppAsset('/r', 'app://inw/%2e%2e/%2e%2e/secret', join)).toBe(join('/r', 'secret'));
    expect(resolveAppAsset('/r', 'app://inw/a%5c..%5cb', join)).toBeNull();
    expect(resolveAppAsset('/r', 'app://evil/a.js', join)).toBeNull();
    expect(resolveAppAsset('/r', 'https://inw/a.js', join)).toBeNull();
  });
});
