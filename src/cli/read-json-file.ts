/**
 * Reads the files the `slotwise` command is given, as a sentence instead of a
 * stack trace or a hang: the path is looked at first (a FIFO, a device or a
 * socket is refused before it is opened, so nothing waits on a writer or
 * reads an endless /dev/zero), at most the size cap plus one byte is read,
 * and the bytes must be UTF-8 (a leading byte order mark is allowed).
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { MAX_RULES_BYTES } from "../authoring/limits.js";

export type TextFile = { ok: true; text: string } | { ok: false; message: string };

/** A rule file: also read when it is not UTF-8, since that is a fault of the file itself (exit 1), not of the command. */
export type RulesFile = TextFile | { ok: true; text?: undefined; badByte: number; message: string };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

function tooLarge(path: string, bytes: number | undefined): { ok: false; message: string } {
  const size = bytes === undefined ? "more" : megabytes(bytes);
  return { ok: false, message: `${path}: is ${size}, more than the ${megabytes(MAX_RULES_BYTES)} a rule file may hold; split it into smaller files` };
}

function cannotRead(path: string, error: unknown): { ok: false; message: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return { ok: false, message: `${path}: no such file` };
  if (code === "EISDIR") return { ok: false, message: `${path}: is a folder, not a file` };
  if (code === "EACCES" || code === "EPERM") return { ok: false, message: `${path}: cannot be read (permission denied)` };
  return { ok: false, message: `${path}: cannot be read (${code ?? String(error)})` };
}

/** The offset of the first byte of `bytes` that is not part of a well-formed UTF-8 character, or -1. */
export function firstBadUtf8Byte(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] as number;
    if (lead < 0x80) {
      at++;
      continue;
    }
    // The length of the sequence, and the range of its second byte (no overlongs, no surrogates, nothing past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return at;
    for (let index = 1; index < length; index++) {
      const byte = bytes[at + index];
      if (byte === undefined) return at;
      if (index === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return at;
    }
    at += length;
  }
  return -1;
}

/** Reads at most `limit` + 1 bytes of the regular file at `path`. */
function readBytes(path: string, limit: number): Uint8Array | { ok: false; message: string } {
  let fd: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, message: `${path}: is a folder, not a file` };
    if (!stat.isFile()) return { ok: false, message: `${path}: is not a regular file (a pipe, a device or a socket); give the path of a JSON file` };
    if (stat.size > limit) return tooLarge(path, stat.size);
    fd = openSync(path, "r");
  } catch (error) {
    return cannotRead(path, error);
  }
  try {
    // Checked again on the open file: the path may have been replaced since.
    if (!fstatSync(fd).isFile()) return { ok: false, message: `${path}: is not a regular file (a pipe, a device or a socket); give the path of a JSON file` };
    const buffer = Buffer.allocUnsafe(limit + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, limit + 1 - length, null);
      if (read === 0) break;
      length += read;
      if (length > limit) break;
    }
    if (length > limit) return tooLarge(path, undefined);
    return buffer.subarray(0, length);
  } catch (error) {
    return cannotRead(path, error);
  } finally {
    closeSync(fd);
  }
}

/** Reads a file's text (see the module comment); a file that is not UTF-8 is a sentence too. Never throws. */
export function readTextFile(path: string, limit = MAX_RULES_BYTES): TextFile {
  const read = readRulesFile(path, limit);
  return "badByte" in read ? { ok: false, message: `${path}: ${read.message}` } : read;
}

/** Reads a rule file's text (see the module comment). Never throws. */
export function readRulesFile(path: string, limit = MAX_RULES_BYTES): RulesFile {
  const bytes = readBytes(path, limit);
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const at = firstBadUtf8Byte(bytes);
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      ok: true,
      badByte: at,
      message: `the file is not UTF-8 text: byte ${at.toLocaleString("en-US")} (0x${byte}) is not part of a UTF-8 character`,
    };
  }
}
