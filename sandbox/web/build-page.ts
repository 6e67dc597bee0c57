import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** This folder: index.html and main.tsx. */
const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the sandbox page (index.html, React, slack-blocks-to-jsx and its stylesheet) into `outDir`
 * with Vite, for the sandbox server to serve statically. No config file: everything is here.
 */
export async function buildPage(outDir: string): Promise<void> {
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    base: './',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4096 },
  });
}
