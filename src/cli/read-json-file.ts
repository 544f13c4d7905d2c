import { readFileSync } from "node:fs";

/** Reads a file's text, turning "no such file" into a sentence instead of a stack trace. */
export function readTextFile(path: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, message: `${path}: no such file` };
    if (code === "EISDIR") return { ok: false, message: `${path}: is a folder, not a file` };
    return { ok: false, message: `${path}: cannot be read (${code ?? String(error)})` };
  }
}
