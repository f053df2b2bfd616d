// The package's last line of defence: whatever happens inside a call, the caller gets an answer
// object, never an exception. A Rust panic in a wasm32 build aborts (a WebAssembly trap, thrown
// as RuntimeError); the panic hook installed at start-up has recorded its message, which the
// answer carries. Anything else thrown (a freed handle, an argument JavaScript cannot pass) is a
// bad argument.

/** The typed internal error (same shape as the Rust `InternalError`). */
export function internalError(code, message) {
  return { status: "error", kind: "internal", code, message };
}

/** `fn`, answering an internal error instead of throwing. */
export function guarded(raw, fn) {
  return function guardedCall(...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        let message;
        try {
          message = raw.__takePanic();
        } catch {
          message = undefined;
        }
        return internalError("mete::wasm::panic", message ?? `WebAssembly trap: ${e.message}`);
      }
      return internalError("mete::wasm::bad_argument", e instanceof Error ? e.message : String(e));
    }
  };
}

const METHODS = {
  Rulebook: ["evaluate", "explain", "caseSchema", "items"],
  RulebookSet: ["evaluate"],
};

const PATCHED = Symbol.for("mete-wasm.guarded");

/** Guards the answer-returning methods of the exported classes, once. */
export function guardClasses(raw) {
  for (const [cls, methods] of Object.entries(METHODS)) {
    const proto = raw[cls].prototype;
    if (proto[PATCHED]) continue;
    for (const m of methods) proto[m] = guarded(raw, proto[m]);
    proto[PATCHED] = true;
  }
}
