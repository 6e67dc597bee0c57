import { err, ok, type Result } from '../../shared/result.ts';

/**
 * Where embedded PGlite keeps its data: nowhere (`memory://`, a throwaway database) or a directory
 * on the file system, as a path that may be relative to the working directory.
 */
export type PgliteDataDir = { readonly kind: 'memory'; readonly dataDir: string } | { readonly kind: 'directory'; readonly path: string };

// PGlite's stores that live in a browser; on Node they do not exist.
const BROWSER_STORES = new Set(['idb', 'opfs-ahp', 'memfs2opfs']);
const EXAMPLE = 'give a directory path such as /var/lib/unblock (or file:///var/lib/unblock)';

/**
 * Reads DATA_DIR the way PGlite reads its `dataDir` (@electric-sql/pglite 0.5, `parseDataDir` in
 * src/fs/index.ts), so that the directory Unblock locks is the one PGlite opens: `memory://…` keeps
 * nothing; `file://` followed by a path, or a bare path, is a directory. PGlite removes `file://`
 * as text, not as a URL (`file:///data` is /data, `file://data` is ./data), and so does this:
 * earlier releases handed DATA_DIR to PGlite as it was, and their data must be found where they
 * left it. Every other `scheme://` is refused: PGlite's browser stores (idb://, opfs-ahp://,
 * memfs2opfs://) would not be a directory another bot could be kept out of, and anything else would
 * become an odd relative path. The result, given again, reads the same.
 *
 * Returns the storage, or the reason it is refused, worded to follow "DATA_DIR: ".
 */
export function parsePgliteDataDir(text: string): Result<PgliteDataDir, string> {
  if (text.startsWith('memory://')) return ok({ kind: 'memory', dataDir: text });
  const path = text.startsWith('file://') ? text.slice('file://'.length) : text;
  if (path === '') return err(text === '' ? `empty; ${EXAMPLE}` : `file:// needs a path after it; ${EXAMPLE}`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1];
  if (scheme !== undefined) {
    const store = BROWSER_STORES.has(scheme.toLowerCase()) ? ` (PGlite's ${scheme}:// store exists only in browsers)` : '';
    return err(`${scheme}:// is not a directory${store}; Unblock keeps its embedded database in a directory: ${EXAMPLE}`);
  }
  return ok({ kind: 'directory', path });
}
