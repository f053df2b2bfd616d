// The fine calculator: a form generated from the rulebook's case schema, decided live by the mete
// WebAssembly runtime. Everything happens in the page: `books.json` lists the bundled rulebooks,
// compiled ahead by `mete compile` into `books/*.metec` (bindings/wasm/scripts/build-page.mjs),
// so the page carries the runtime only, not the compiler.
import init, { load, surcharge, packageVersion } from "./pkg/index.js";

performance.mark("mete:start");

const $ = (id) => document.getElementById(id);
const state = { lang: "zh", books: [], saved: {}, book: null, schema: null, item: null, timer: 0, first: true };

// Words of the engine (English ids) shown in both languages.
const WORDS = {
  penalize: ["予以处罚", "Penalty"],
  not_punishable: ["不予处罚", "Not punishable"],
  time_barred: ["超过追责时效，不予处罚", "Time-barred: no penalty"],
  exempt: ["免予处罚", "Exempt from penalty"],
  needs_collective_decision: ["须经集体讨论决定", "Collective decision required"],
  hearing_notice: ["听证告知", "Hearing notice"],
  legal_review: ["法制审核", "Legal review"],
  collective_decision: ["集体讨论", "Collective decision"],
  warning: ["警告", "Warning"],
  order_correction: ["责令改正", "Order to correct"],
  confiscate_gains: ["没收违法所得", "Confiscate illegal gains"],
  confiscate_property: ["没收非法财物", "Confiscate illegal property"],
  suspend_business: ["责令停产停业", "Suspend business"],
  revoke_license: ["吊销许可证件", "Revoke licence"],
  close_down: ["责令关闭", "Close down"],
  detention: ["行政拘留", "Detention"],
};
const word = (id) => (WORDS[id] ? WORDS[id][state.lang === "zh" ? 0 : 1] : id);
const t = (zh, en) => (state.lang === "zh" ? zh : en);
const yuan = (a) => `${Number(a) >= 0 ? formatAmount(a) : a} ${t("元", "yuan")}`;

/** Groups thousands of a decimal string without going through floating point. */
function formatAmount(text) {
  const [int, frac] = String(text).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac ? `${grouped}.${frac}` : grouped;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** The JSON path the core writes for `key` under `path` (same rule as the case reader). */
function pushKey(path, key) {
  const plain = /^[\p{L}\p{N}_]+$/u.test(key) && !/^[0-9]/.test(key);
  return plain ? `${path}.${key}` : `${path}["${key.replace(/["\\]/g, (c) => `\\${c}`)}"]`;
}

function applyLang() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const e of document.querySelectorAll("[data-zh]")) e.textContent = e.dataset[state.lang];
  for (const b of document.querySelectorAll(".lang button")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
}

// ---- the form, generated from the case schema -------------------------------------------------

function kindOf(s) {
  if (!s) return "text";
  if (s.type === "boolean") return "bool";
  if (s.enum) return "enum";
  if (s.format === "date") return "date";
  const alts = (s.oneOf || []).map((o) => o.type);
  if (alts.includes("number")) return "decimal";
  if (alts.includes("integer")) return "integer";
  if (alts.includes("object")) return "duration";
  if (s.type === "array") return s.items?.enum ? "multi" : s.items?.type === "object" ? "rows" : "list";
  return "text";
}

// The built-in facts every rulebook has: the schema titles them in English only.
const BUILT_IN = {
  act_date: "违法行为发生日期",
  decision_date: "作出处罚决定日期",
};

function labelText(name, s) {
  return BUILT_IN[name] ?? s.title ?? name;
}

/** A small second line: the English/id name, the unit or description, the range. */
function subText(name, s) {
  const parts = [];
  if (BUILT_IN[name]) parts.push(s.title);
  else if (name !== s.title) parts.push(name);
  if (s.description) parts.push(s.description);
  const range = s["x-range"];
  if (range) parts.push(`${range[0]} – ${range[1]}`);
  return parts.join(" · ");
}

function enumSelect(id, s, path) {
  const labels = s["x-labels"] || {};
  const sel = el("select", { id, "data-path": path });
  for (const v of s.enum) sel.append(el("option", { value: v, text: labels[v] && labels[v] !== v ? `${labels[v]}（${v}）` : v }));
  if (s.default !== undefined) sel.value = s.default;
  return sel;
}

function input(kind, id, s, path) {
  switch (kind) {
    case "bool": {
      const box = el("input", { type: "checkbox", id, "data-path": path });
      box.checked = s.default === true;
      return box;
    }
    case "enum":
      return enumSelect(id, s, path);
    case "date":
      return el("input", { type: "date", id, "data-path": path });
    case "decimal":
      return el("input", { id, "data-path": path, inputmode: "decimal", placeholder: s.default ?? "0", "data-kind": "decimal" });
    case "integer":
      return el("input", { id, "data-path": path, inputmode: "numeric", placeholder: String(s.default ?? ""), "data-kind": "integer" });
    case "duration":
      return el("input", { id, "data-path": path, placeholder: "P30D", "data-kind": "text" });
    default:
      return el("input", { id, "data-path": path, "data-kind": "text" });
  }
}

let uid = 0;

/** One field: label, control, and the place where its error goes. */
function field(name, s, path) {
  const kind = kindOf(s);
  const id = `f${uid++}`;
  const wrap = el("div", { class: `field field-${kind}`, "data-field": path });
  const sub = subText(name, s);
  if (kind === "multi") {
    const set = el("fieldset", { "data-path": path, "data-kind": "multi" }, el("legend", { text: labelText(name, s) }));
    const labels = s.items["x-labels"] || {};
    for (const v of s.items.enum) {
      const cid = `f${uid++}`;
      set.append(el("label", { class: "check", for: cid }, el("input", { type: "checkbox", id: cid, value: v }), ` ${labels[v] || v}`));
    }
    wrap.append(set);
  } else if (kind === "rows") {
    wrap.append(rowsEditor(name, s, path));
  } else if (kind === "bool") {
    wrap.append(el("label", { class: "check", for: id }, input(kind, id, s, path), ` ${labelText(name, s)}`));
  } else {
    wrap.append(el("label", { for: id, text: labelText(name, s) }), input(kind, id, s, path));
  }
  const control = wrap.querySelector("[data-path]");
  if (control) control.dataset.key = name;
  if (sub && kind !== "bool") wrap.append(el("p", { class: "hint", text: sub }));
  wrap.append(el("p", { class: "error", role: "alert", hidden: true }));
  return wrap;
}

/** A list of objects (e.g. prior penalties): rows of sub-fields with add and remove. */
function rowsEditor(name, s, path) {
  const box = el("fieldset", { class: "rows", "data-path": path, "data-kind": "rows" }, el("legend", { text: labelText(name, s) }));
  const list = el("div", { class: "row-list" });
  const add = el("button", { type: "button", class: "secondary" });
  add.textContent = t("＋ 添加一条", "+ Add a row");
  add.dataset.zh = "＋ 添加一条";
  add.dataset.en = "+ Add a row";
  const props = s.items.properties || {};
  add.addEventListener("click", () => {
    const row = el("div", { class: "row" });
    for (const [k, ps] of Object.entries(props)) row.append(field(k, ps, ""));
    const rm = el("button", { type: "button", class: "link", "data-zh": "删除", "data-en": "Remove" });
    rm.textContent = t("删除", "Remove");
    rm.addEventListener("click", () => {
      row.remove();
      renumber(list, path, props);
      schedule();
    });
    row.append(rm);
    list.append(row);
    renumber(list, path, props);
    schedule();
  });
  box.append(list, add);
  return box;
}

/** Gives every sub-field of a rows editor its JSON path (`$.priors[1].date`). */
function renumber(list, path, props) {
  [...list.children].forEach((row, i) => {
    const keys = Object.keys(props);
    row.querySelectorAll(":scope > .field").forEach((f, j) => {
      const p = pushKey(`${path}[${i}]`, keys[j]);
      f.dataset.field = p;
      const c = f.querySelector("[data-path]");
      if (c) c.dataset.path = p;
    });
  });
}

function buildForm(sampleDates = {}) {
  const form = $("case-form");
  form.replaceChildren();
  const props = state.schema.properties;
  const dates = el("fieldset", { class: "group" }, el("legend", { "data-zh": "日期", "data-en": "Dates" }));
  const facts = el("fieldset", { class: "group" }, el("legend", { "data-zh": "事实与情节", "data-en": "Facts and circumstances" }));
  for (const [name, s] of Object.entries(props)) {
    if (name === "violation" || name === "violations") continue;
    const f = field(name, s, pushKey("$", name));
    (kindOf(s) === "date" ? dates : facts).append(f);
  }
  const today = new Date().toISOString().slice(0, 10);
  for (const name of ["act_date", "decision_date"]) {
    const c = dates.querySelector(`[data-path="${pushKey("$", name)}"]`);
    if (c) c.value = sampleDates[name] ?? today;
  }
  form.append(dates, facts);
  applyLang();
}

/** The value of one control, or undefined when left blank (the rulebook's default applies). */
function valueOf(c) {
  const kind = c.dataset.kind;
  if (kind === "multi") return [...c.querySelectorAll("input:checked")].map((i) => i.value);
  if (kind === "rows") {
    return [...c.querySelectorAll(":scope > .row-list > .row")].map((row) => {
      const o = {};
      for (const sub of row.querySelectorAll(":scope > .field [data-path]")) {
        const v = valueOf(sub);
        if (v !== undefined) o[sub.dataset.key] = v;
      }
      return o;
    });
  }
  if (c.type === "checkbox") return c.checked;
  const v = c.value.trim();
  return v === "" ? undefined : v;
}

function readCase() {
  const c = { violation: $("item").value };
  for (const f of $("case-form").querySelectorAll(":scope > fieldset > .field")) {
    const ctl = f.querySelector("[data-path]");
    const v = ctl ? valueOf(ctl) : undefined;
    if (v !== undefined) c[ctl.dataset.key] = v;
  }
  return c;
}

// ---- deciding ---------------------------------------------------------------------------------

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(decide, 120);
}

function clearErrors() {
  for (const e of document.querySelectorAll("#case-form .error")) {
    e.hidden = true;
    e.textContent = "";
  }
  for (const f of document.querySelectorAll("#case-form .invalid")) f.classList.remove("invalid");
  for (const c of document.querySelectorAll("#case-form [aria-invalid]")) c.removeAttribute("aria-invalid");
}

function showProblems(problems) {
  const unplaced = [];
  const links = [];
  for (const p of problems) {
    // The nearest field: the path itself, else its closest enclosing path.
    let path = p.path;
    let f = null;
    while (path && !(f = document.querySelector(`#case-form [data-field="${CSS.escape(path)}"]`))) {
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    const text = p.hint ? `${p.message}（${p.hint}）` : p.message;
    if (f) {
      const err = f.querySelector(":scope > .error");
      err.textContent = err.textContent ? `${err.textContent}; ${text}` : text;
      err.hidden = false;
      f.classList.add("invalid");
      const control = f.querySelector("[data-path]");
      control?.setAttribute("aria-invalid", "true");
      const label = f.querySelector("label, legend")?.textContent.trim() || p.path;
      const a = el("a", { href: "#", text: `${label}：${p.message}` });
      a.addEventListener("click", (e) => {
        e.preventDefault();
        f.scrollIntoView({ block: "center" });
        (f.querySelector("input, select") ?? control)?.focus();
      });
      links.push(el("li", {}, a));
    } else unplaced.push(`${p.path}: ${text}`);
  }
  const box = $("problems");
  box.replaceChildren(
    el("strong", { text: t("案件信息有误，请修改标红的项目：", "Some facts need correcting (marked in red):") }),
    el("ul", { class: "problem-list" }, ...links, ...unplaced.map((u) => el("li", { text: u }))),
  );
  box.hidden = false;
}

function decide() {
  if (!state.book) return;
  clearErrors();
  const kase = readCase();
  const answer = state.book.evaluate(kase);
  if (answer.status !== "ok") {
    $("result").hidden = true;
    if (answer.kind === "case") showProblems(answer.problems);
    else {
      $("problems").replaceChildren(el("strong", { text: `${answer.code}: ${answer.message}` }));
      $("problems").hidden = false;
    }
    return;
  }
  $("problems").hidden = true;
  render(answer.decision, kase);
  if (state.first) {
    state.first = false;
    performance.mark("mete:first-result");
    const m = performance.measure("mete:time-to-first-result", { start: 0, end: "mete:first-result" });
    document.body.dataset.firstResultMs = m.duration.toFixed(1);
  }
}

function li(main, ...rest) {
  return el("li", {}, el("span", { class: "li-main", text: main }), ...rest.filter(Boolean).map((r) => el("span", { class: "cite", text: r })));
}

function render(d, kase) {
  $("result").hidden = false;
  const out = $("outcome");
  out.textContent = word(d.outcome);
  out.className = `outcome outcome-${d.outcome}`;
  const band = $("band");
  if (d.fine) {
    band.textContent = d.fine.min === d.fine.max ? yuan(d.fine.min) : `${formatAmount(d.fine.min)} – ${yuan(d.fine.max)}`;
    $("band-note").textContent = [
      d.fine.point ? `${t("建议", "Suggested")} ${yuan(d.fine.point)}` : "",
      d.fine.reduced ? t("减轻处罚（低于法定最低额）", "Reduced below the statutory minimum") : "",
    ].filter(Boolean).join(" · ");
  } else {
    band.textContent = t("不罚款", "No fine");
    $("band-note").textContent = "";
  }
  $("statutory").textContent = d.statutory
    ? d.statutory.max === null || d.statutory.max === undefined
      ? `≥ ${yuan(d.statutory.min)}`
      : `${formatAmount(d.statutory.min)} – ${yuan(d.statutory.max)}`
    : "—";
  $("tier").textContent = d.tier ? `${d.tier.label}${d.tier.grade ? `（${d.tier.grade}）` : ""}` : "—";
  $("sanctions").textContent = d.sanctions.length ? d.sanctions.map((s) => word(s.kind) + (s.detail ? `（${s.detail}）` : "")).join("、") : "—";
  const none = () => el("li", { class: "none", text: t("无", "None") });
  $("options").replaceChildren(...(d.options.length ? d.options.map((o) => li(o.label || word(o.kind || o.effect || ""), o.cite)) : [none()]));
  $("reviews").replaceChildren(...(d.reviews.length ? d.reviews.map((r) => li(`${r.label}`, word(r.kind) !== r.label ? word(r.kind) : null, r.cite)) : [none()]));
  const circ = [
    ...d.circumstances.filter((c) => c.applied).map((c) => li(c.label, c.cite.join("；"))),
    ...d.adjustments.map((a) => li(`${a.label}：${a.action}`, a.cite)),
  ];
  $("circumstances").replaceChildren(...(circ.length ? circ : [none()]));
  $("rationale").textContent = state.lang === "zh" ? d.rationale.zh : d.rationale.en;
  const ex = state.book.explain(kase, state.lang);
  $("explain").textContent = ex.status === "ok" ? ex.text : "";
  // The surcharge starts from the decided fine until the user types a fine of their own.
  if (d.fine && !state.fineEdited) {
    $("s-fine").value = d.fine.point ?? d.fine.max;
    updateSurcharge();
  }
}

// ---- the surcharge calculator -----------------------------------------------------------------

function updateSurcharge() {
  const fine = $("s-fine").value.trim();
  const days = $("s-days").value.trim();
  const excluded = $("s-excluded").value.trim() || "0";
  const errs = { "s-fine-error": "", "s-days-error": "", "s-excluded-error": "" };
  const whole = /^[0-9]{1,6}$/;
  if (!whole.test(days)) errs["s-days-error"] = t("请输入天数（非负整数）", "Enter a whole number of days");
  if (!whole.test(excluded)) errs["s-excluded-error"] = t("请输入天数（非负整数）", "Enter a whole number of days");
  let answer = null;
  if (!errs["s-days-error"] && !errs["s-excluded-error"]) {
    answer = surcharge(fine, Number(days), Number(excluded));
    if (answer.status === "error") errs["s-fine-error"] = answer.message;
  }
  for (const [id, msg] of Object.entries(errs)) {
    $(id).textContent = msg;
    $(id).hidden = !msg;
    $(id).closest(".field").classList.toggle("invalid", Boolean(msg));
  }
  const out = $("surcharge-out");
  if (answer?.status === "ok") {
    const total = addDecimals(fine, answer.surcharge);
    out.textContent = t(
      `计入 ${answer.days_counted} 天，加处罚款 ${yuan(answer.surcharge)}；合计应缴 ${yuan(total)}。`,
      `${answer.days_counted} days counted: surcharge ${yuan(answer.surcharge)}; total due ${yuan(total)}.`,
    );
  } else out.textContent = "";
}

/** Adds two non-negative decimal strings exactly (BigInt over a common scale). */
function addDecimals(a, b) {
  const scale = Math.max((a.split(".")[1] || "").length, (b.split(".")[1] || "").length);
  const big = (x) => {
    const [i, f = ""] = x.split(".");
    return BigInt(i + f.padEnd(scale, "0"));
  };
  const s = (big(a) + big(b)).toString().padStart(scale + 1, "0");
  if (!scale) return s;
  const r = `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, "");
  return r;
}

// ---- loading ----------------------------------------------------------------------------------

/** The saved rulebook `file`, fetched once. */
function fetchBook(file) {
  state.saved[file] ??= fetch(file).then((r) => {
    if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  return state.saved[file];
}

async function selectBook(i) {
  const entry = state.books[i];
  let answer;
  try {
    answer = load(new Uint8Array(await fetchBook(entry.file)));
  } catch (e) {
    answer = { status: "error", message: String(e) };
  }
  if (answer.status !== "ok") {
    $("load-error").textContent = `${t("规则库加载失败", "Could not load the rulebook")}: ${answer.message}`;
    $("load-error").hidden = false;
    return;
  }
  $("load-error").hidden = true;
  state.book?.free();
  state.book = answer.rulebook;
  state.schema = state.book.caseSchema();
  $("book-meta").textContent = `${answer.id} · ${t("版本", "version")} ${answer.version}`;
  const items = state.book.items();
  state.items = items;
  $("item").replaceChildren(...items.map((it) => el("option", { value: it.id, text: `${it.title}` })));
  buildForm(entry.dates);
  selectItem();
}

function selectItem() {
  const it = state.items.find((i) => i.id === $("item").value);
  $("item-cite").textContent = it ? [t("违反", "Violates"), it.violates.join("；"), "·", t("依据", "Penalty under"), it.cite.join("；")].join(" ") : "";
  decide();
}

async function main() {
  applyLang();
  try {
    const [books] = await Promise.all([fetch("books.json").then((r) => r.json()), init()]);
    state.books = books;
  } catch (e) {
    $("load-error").textContent = `${t("加载失败", "Could not load")}: ${e}`;
    $("load-error").hidden = false;
    return;
  }
  $("engine-version").textContent = `mete ${packageVersion()}`;
  $("book").replaceChildren(...state.books.map((b, i) => el("option", { value: String(i), text: `${b.label.zh} · ${b.label.en}` })));
  $("book").addEventListener("change", () => selectBook(Number($("book").value)));
  $("item").addEventListener("change", selectItem);
  $("case-form").addEventListener("input", schedule);
  $("case-form").addEventListener("change", schedule);
  $("surcharge-form").addEventListener("input", (e) => {
    if (e.target.id === "s-fine") state.fineEdited = true;
    updateSurcharge();
  });
  for (const b of document.querySelectorAll(".lang button")) {
    b.addEventListener("click", () => {
      state.lang = b.dataset.lang;
      applyLang();
      decide();
      updateSurcharge();
    });
  }
  await selectBook(0);
  updateSurcharge();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").then(
      () => navigator.serviceWorker.ready.then(() => {
        const badge = $("offline-state");
        badge.dataset.zh = "可离线使用";
        badge.dataset.en = "Works offline";
        badge.hidden = false;
        applyLang();
      }),
      () => {},
    );
  }
}

main();
