// Offline support: every file the calculator needs is cached at install; requests go to the
// network first (so a rebuilt page is picked up) and fall back to the cache when offline.
const CACHE = "fine-calculator-v2";
const FILES = [
  "./",
  "index.html",
  "style.css",
  "app.js",
  "books.json",
  "pkg/index.js",
  "pkg/guard.js",
  "pkg/mete.js",
  "pkg/mete_bg.wasm",
];

// The compiled rulebooks are listed in books.json; all are cached, not only the one opened.
async function install() {
  const cache = await caches.open(CACHE);
  await cache.addAll(FILES);
  const books = await (await cache.match("books.json")).json();
  await cache.addAll(books.map((b) => b.file));
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((r) => r || Response.error())),
  );
});
