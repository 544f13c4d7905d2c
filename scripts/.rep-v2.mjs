import { build } from "esbuild";
const entry = process.argv[2];
const opts = entry.endsWith(".ts") ? { entryPoints: [entry] } : { stdin: { contents: entry, resolveDir: process.cwd(), loader: "ts" } };
const r = await build({ ...opts, bundle: true, minify: true, format: "iife", platform: "browser", target: "es2020", write: false, metafile: true });
const o = Object.values(r.metafile.outputs)[0];
let tot=0;
for (const [f, i] of Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) { if (/runtime\/(context|visitor|facts|page|device|host-facts|geo)|dom\/(storage|navigation)|later\/|nanoid/.test(f)) {tot+=i.bytesInOutput; console.log(String(i.bytesInOutput).padStart(7), f);} }
console.log("mine", tot);
