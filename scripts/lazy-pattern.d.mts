// Types of scripts/lazy-pattern.mjs, for tsup.config.ts.
import type { Plugin } from "esbuild";

export const lazyPattern: Plugin;
