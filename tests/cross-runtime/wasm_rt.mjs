// Writes the WASM package's answer to every conformance entry, from Node and from headless
// Chromium, into OUT/node/<name>.json and OUT/chromium/<name>.json.
// Usage: node wasm_rt.mjs OUT [PACKAGE_DIR]   (PACKAGE_DIR: bindings/wasm, built with scripts/build)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { replay } from "./answers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const corpus = join(repo, "tests", "conformance");
const out = resolve(process.argv[2] ?? "target/cross-runtime");
const pkg = resolve(process.argv[3] ?? join(repo, "bindings", "wasm"));

function write(runtime, answers) {
  const dir = join(out, runtime);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(answers)) writeFileSync(join(dir, `${name}.json`), text);
  console.log(`${runtime}: ${Object.keys(answers).length} answers`);
}

const readCorpus = async (name) => {
  try {
    return await readFile(join(corpus, name), "utf8");
  } catch {
    return null;
  }
};

// Node: the `nodejs` build.
const node = await import(pathToFileURL(join(pkg, "dist", "node", "index.mjs")).href);
write("node", await replay(node, readCorpus));

// Chromium: the `web` build, served with the corpus from the repository on 127.0.0.1; the page
// runs the same replay and hands the answers back.
const { serve } = await import(pathToFileURL(join(pkg, "scripts", "serve.mjs")).href);
const { chromium } = createRequire(join(pkg, "package.json"))("playwright-core");
const server = await serve(repo, 0);
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), "mete-cross-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(`${base}/${relative(repo, here)}/blank.html`);
  const webEntry = `/${relative(repo, join(pkg, "dist", "web", "index.js"))}`;
  const answersUrl = `/${relative(repo, join(here, "answers.mjs"))}`;
  const corpusUrl = `/${relative(repo, corpus)}/`;
  const answers = await page.evaluate(
    async ([webEntry, answersUrl, corpusUrl]) => {
      const api = await import(webEntry);
      await api.default();
      const { replay } = await import(answersUrl);
      const read = async (name) => {
        const r = await fetch(new URL(name, new URL(corpusUrl, location.href)));
        return r.ok ? r.text() : null;
      };
      return replay(api, read);
    },
    [webEntry, answersUrl, corpusUrl],
  );
  write("chromium", answers);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
