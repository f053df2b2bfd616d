// The browser entry has the same types, plus init.
import init, { compile } from "../../dist/web/index.js";

export async function start(): Promise<string> {
  await init();
  const c = compile({ "a.mete": "" }, "a.mete");
  return c.status;
}
