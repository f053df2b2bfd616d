// The corpus replayed through the WASM package, shared by Node and the browser: given the
// package's `compile` and `versions` and a way to read a corpus file, returns every entry's
// answer as the exact text the corpus README prescribes.

/** Joins an import path onto the importing file's name, as mete resolves imports. */
function join(from, path) {
  const parts = from.split("/").slice(0, -1);
  for (const part of path.split("/")) {
    if (part === "..") {
      if (parts.length && parts[parts.length - 1] !== "..") parts.pop();
      else parts.push("..");
    } else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** The bare decision, or the error envelope, pretty-printed with one final newline. */
function answerText(answer) {
  if (answer.status === "ok") return JSON.stringify(answer.decision, null, 2) + "\n";
  const { status, ...error } = answer;
  return JSON.stringify({ status, error }, null, 2) + "\n";
}

/**
 * @param {{compile: Function, versions: Function}} api the package's entry points
 * @param {(name: string) => Promise<string | null>} read a corpus file's text, null if absent
 * @returns {Promise<Record<string, string>>} entry name → answer text
 */
export async function replay(api, read) {
  const manifest = JSON.parse(await read("manifest.json"));
  const sources = {};
  const load = async (name) => {
    if (name in sources) return;
    const text = await read(name);
    if (text === null) return;
    sources[name] = text;
    for (const m of text.matchAll(/(?:import|导入)\s+"([^"]+)"/g)) await load(join(name, m[1]));
  };
  for (const entry of manifest) for (const name of entry.rulebooks) await load(name);

  const books = new Map();
  const book = (name) => {
    if (!books.has(name)) {
      const answer = api.compile(sources, name);
      if (answer.status !== "ok") throw new Error(`${name}: ${JSON.stringify(answer)}`);
      books.set(name, answer.rulebook);
    }
    return books.get(name);
  };

  const out = {};
  for (const entry of manifest) {
    const caseText = await read(entry.case);
    let answer;
    if (entry.rulebooks.length === 1) {
      answer = book(entry.rulebooks[0]).evaluate(caseText);
    } else {
      const set = api.versions(entry.rulebooks.map((n) => book(n).clone()));
      if (set.status !== "ok") throw new Error(`${entry.name}: ${JSON.stringify(set)}`);
      answer = set.set.evaluate(caseText);
      set.set.free();
    }
    out[entry.name] = answerText(answer);
  }
  return out;
}
