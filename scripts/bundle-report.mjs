// Prints which packages and files make up a browser bundle of an entry.
import { build } from "esbuild";
import { lazyPattern } from "./lazy-pattern.mjs";
const entry = process.argv[2] ?? "src/auto.ts";
const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: "iife", platform: "browser", target: "es2020", write: false, metafile: true, plugins: /^(\.\/)?src\/auto(-personalize)?\.ts$/.test(entry) ? [lazyPattern] : [] });
const out = Object.values(result.metafile.outputs)[0];
const groups = {};
for (const [file, info] of Object.entries(out.inputs)) {
  const key = file.includes("node_modules/") ? file.split("node_modules/")[1].split("/").slice(0, file.includes("node_modules/@") ? 2 : 1).join("/") : file.replace(/\/[^/]+$/, "");
  groups[key] = (groups[key] ?? 0) + info.bytesInOutput;
}
for (const [k, v] of Object.entries(groups).sort((a, b) => b[1] - a[1])) console.log(String(v).padStart(8), k);
const top = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 25);
for (const [f, i] of top) console.log(String(i.bytesInOutput).padStart(8), f);
