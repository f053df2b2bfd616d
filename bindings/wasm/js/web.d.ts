// Types of the browser entry: the wasm-bindgen declarations, whose answer types are generated
// from the Rust types (mete-types.d.ts).
export * from "./mete.js";
export { default } from "./mete.js";
