// Bundles the report and the dashboard with esbuild:
//   dist/report.js, dist/report.css, dist/dashboard.js, dist/dashboard.css
// (minified IIFE, es2020). The C++ side inlines them into report.html and the served page.
import * as esbuild from 'esbuild';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, 'dist');
const watch = process.argv.includes('--watch');

rmSync(outdir, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  entryPoints: { report: 'src/report/main.js', dashboard: 'src/dashboard/main.js' },
  outdir,
  bundle: true,
  minify: !watch && !process.env.NOMINIFY,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  charset: 'ascii', // plain ASCII output: safe to embed anywhere (the C++ side compiles it in)
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('watching src/ ...');
} else {
  await esbuild.build(options);
  // The files are inlined into <script> and <style> elements: they must not close them.
  for (const [file, bad] of [['report.js', /<\/script/i], ['dashboard.js', /<\/script/i], ['report.css', /<\/style/i], ['dashboard.css', /<\/style/i]]) {
    const path = join(outdir, file);
    const text = readFileSync(path, 'utf8');
    if (bad.test(text)) throw new Error(`${file} contains ${bad}: it cannot be inlined`);
    console.log(`dist/${file.padEnd(14)} ${(statSync(path).size / 1024).toFixed(1).padStart(7)} KiB`);
  }
}
