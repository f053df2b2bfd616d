// End to end: serve examples/fine-calculator on 127.0.0.1, drive it in headless Chromium, and
// check what a user sees. Saves screenshots under target/wasm-artifacts/ and prints the page's
// time to first result (performance marks set by the page).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve, pageDir } from "../scripts/serve.mjs";
import { repoDir } from "../test/helpers.mjs";

const artifacts = join(repoDir, "target", "wasm-artifacts");
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN",
];
let server, context, page, profile, url;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await serve(pageDir, 0);
  url = `http://127.0.0.1:${server.address().port}/`;
  profile = mkdtempSync(join(tmpdir(), "mete-chromium-"));
  // A fresh profile directory each run (playwright passes it as --user-data-dir).
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
  });
  page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(url);
  await page.waitForSelector("#result:not([hidden])");
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const field = (fact) => `#case-form [data-path="$.${fact}"]`;
const errorOf = (fact) => `#case-form [data-field="$.${fact}"] > .error`;

test("the page reports its time to first result", async () => {
  const ms = await page.evaluate(() => document.body.dataset.firstResultMs);
  assert.ok(Number(ms) > 0, `no first-result mark: ${ms}`);
  console.log(`time to first result: ${ms} ms (navigation start to first decision shown)`);
});

test("an item and facts give the CLI's band and rationale", async () => {
  await page.selectOption("#item", "环评-登记表");
  await page.fill(field("act_date"), "2021-06-01");
  await page.fill(field("decision_date"), "2021-07-15");
  await page.selectOption(field("排放情况"), "超标排放");
  // Three prior penalties of the same kind within two years: the rows editor.
  for (const [date] of [["2019-09-01"], ["2020-03-01"], ["2021-01-15"]]) {
    await page.click('#case-form [data-path="$.既往处罚记录"] > button.secondary');
    const row = page.locator('#case-form [data-path="$.既往处罚记录"] .row').last();
    await row.locator('input[type="date"]').fill(date);
    await row.locator("select").selectOption("同类");
  }
  // The page decides as the user types: wait for the decision of the complete case.
  await page.waitForFunction(() => /罚款40000元至50000元/.test(document.querySelector("#rationale").textContent));
  assert.equal((await page.textContent("#band")).trim(), "40,000 – 50,000 元");
  const rationale = await page.textContent("#rationale");
  assert.match(rationale, /罚款40000元至50000元/);
  assert.match(rationale, /《环境影响评价法》第三十一条第三款/);
  assert.match(await page.textContent("#reviews"), /听证告知/);
  assert.match(await page.textContent("#outcome"), /予以处罚/);
  await page.screenshot({ path: join(artifacts, "calculator.png"), fullPage: true });
});

test("a bad amount shows a message next to its field", async () => {
  await page.fill(field("超标倍数"), "三倍");
  await page.waitForSelector(`${errorOf("超标倍数")}:not([hidden])`);
  const message = await page.textContent(errorOf("超标倍数"));
  assert.ok(message.length > 5, message);
  assert.equal(await page.getAttribute(field("超标倍数"), "aria-invalid"), "true");
  assert.equal(await page.isHidden("#result"), true);
  // The summary beside the result names the field and leads to it.
  assert.match(await page.textContent("#problems"), /污染物排放浓度超过排放标准的倍数/);
  await page.click("#problems a");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), "$.超标倍数");
  await page.screenshot({ path: join(artifacts, "calculator-error.png"), fullPage: false });
  await page.fill(field("超标倍数"), "");
  await page.waitForSelector("#result:not([hidden])");
  assert.equal(await page.isHidden(errorOf("超标倍数")), true);
});

test("the surcharge calculator", async () => {
  await page.fill("#s-fine", "10000");
  await page.fill("#s-days", "20");
  await page.fill("#s-excluded", "0");
  assert.match(await page.textContent("#surcharge-out"), /6,000 元/);
  await page.fill("#s-days", "-3");
  assert.equal(await page.isVisible("#s-days-error"), true);
});

test("English, another rulebook, and a phone-sized screen", async () => {
  await page.click('.lang button[data-lang="en"]');
  await page.selectOption("#book", { index: 1 });
  await page.waitForSelector("#result:not([hidden])");
  assert.match(await page.textContent("#rationale"), /Violation:/);
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(url);
  await phone.waitForSelector("#result:not([hidden])");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await phone.screenshot({ path: join(artifacts, "calculator-phone.png"), fullPage: false });
  await phone.close();
});

test("works offline once loaded (service worker)", async () => {
  const ctx = context;
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForSelector("#result:not([hidden])");
  await ctx.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector("#result:not([hidden])");
    assert.notEqual((await page.textContent("#band")).trim(), "");
  } finally {
    await ctx.setOffline(false);
  }
});
