/**
 * Build freshness for the examples' start commands: a build is current when
 * each of its outputs is newer than every file it is built from, so an
 * example starts in a second when nothing changed.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time under `path` (a file or a directory; 0 when missing), skipping entries named in `skip`. */
export function newest(path, skip = []) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((name) => !skip.includes(name)).map((name) => newest(join(path, name), skip)));
}

/** True when every file of `outputs` exists and is newer than everything under `sources` (entries named in `skip` left out). */
export function isCurrent(outputs, sources, skip = []) {
  const built = Math.min(...outputs.map((file) => newest(file)));
  return built > 0 && built > Math.max(...sources.map((path) => newest(path, skip)));
}
