import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg';

// The WebAssembly global is not in the ES or Node type libraries this project compiles against.
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
};

let instantiated: Promise<void> | undefined;

/**
 * Instantiates the WebAssembly schema engine once per process. The package's own entry point
 * imports the .wasm file as an ES module, which Node only does behind a flag, so the bytes are
 * compiled here and handed to its wasm-bindgen glue instead.
 */
function instantiateOnce(): Promise<void> {
  instantiated ??= (async () => {
    const glue = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(glue.replace(/\.js$/, '.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': runtime });
    runtime.__wbg_set_wasm(instance.exports as object);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return instantiated;
}

/** Runs `work` with a schema engine connected through `adapter`, freeing the engine afterwards. */
export async function withSchemaEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string } | undefined,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await instantiateOnce();
  const engine = (await runtime.SchemaEngine.new(
    { datamodels: schema ? [[schema.path, schema.content]] : undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  )) as SchemaEngine;
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
