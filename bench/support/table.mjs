/**
 * Prints results as a Markdown table, so the README can quote the output as
 * it is. Columns holding numbers are right-aligned.
 */

/**
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 * @param {{ right?: number[] }} [options] indexes of right-aligned columns (default: every column but the first)
 */
export function formatTable(headers, rows, options = {}) {
  const right = new Set(options.right ?? headers.map((_, i) => i).slice(1));
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, i) => Math.max(header.length, 3, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (row) =>
    `| ${row.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((width, i) => (right.has(i) ? `${"-".repeat(width + 1)}:` : `${"-".repeat(width + 2)}`)).join("|")}|`;
  return [line(headers), rule, ...cells.map(line)].join("\n");
}

export function printTable(headers, rows, options) {
  console.log(formatTable(headers, rows, options));
}
