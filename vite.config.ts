// The renderer: React in src-renderer, built to dist/renderer (loaded from app://inw/ in the
// app). `npm run dev:web` serves it with a proxy to the loopback test bridge; the bridge token
// reaches the page as a <meta> tag, never in a URL.
import { defineConfig, type Plugin } from 'vite';

function bridgeToken(): Plugin {
  return {
    name: 'inw-bridge-token',
    transformIndexHtml(html) {
      const token = process.env.INW_BRIDGE_TOKEN;
      return token ? html.replace('<head>', `<head>\n    <meta name="inw-bridge-token" content="${token}">`) : html;
    },
  };
}

export default defineConfig({
  root: 'src-renderer',
  base: './',
  publicDir: false,
  plugins: [bridgeToken()],
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 3000,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    // Only the bridge's own routes (src-main/bridge/server.ts): a bare '/api' prefix would also
    // send the renderer's modules in src-renderer/api/ to the bridge, which answers 401.
    proxy: process.env.INW_BRIDGE_URL
      ? { '^/api/(?:invoke|events|test)(?:[/?]|$)': { target: process.env.INW_BRIDGE_URL, changeOrigin: true } }
      : undefined,
  },
});
