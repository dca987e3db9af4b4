// Letter fonts for the letters functions of the core: the bundled Noto Serif JP in development,
// the copies in resources/fonts in a packaged app (paths are passed in; core never looks).
import { join } from 'node:path';
import { defaultFontPaths } from '../../core/index.js';
import type { LetterFontPaths } from '../../core/letters/types.js';

export function letterFonts(fontsDir: string | undefined): LetterFontPaths {
  if (!fontsDir) return defaultFontPaths();
  return { regular: join(fontsDir, 'NotoSerifJP_400Regular.ttf'), bold: join(fontsDir, 'NotoSerifJP_700Bold.ttf') };
}
