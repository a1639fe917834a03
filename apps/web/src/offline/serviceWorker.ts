/**
 * The service worker that makes the web debugger work offline once loaded: on install it caches
 * every file of the build (the page, its scripts and styles, the debug worker, the examples inside
 * them), and from then on answers the page's requests from that cache, the network only for what
 * is not in it. Built files carry content hashes in their names, so a cached file never goes
 * stale; a new build has a new PRECACHE.version, hence a new sw.js, which the browser installs
 * beside the old one and which takes over (its own cache, the old one deleted).
 *
 * PRECACHE is written in front of this file by the build (offlinePrecache.ts): this file is not
 * a module of the page.
 */

declare const PRECACHE: { readonly version: string; readonly files: readonly string[] };

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE_PREFIX = 'lantern-web-';
const CACHE = `${CACHE_PREFIX}${PRECACHE.version}`;
/** What a navigation to the app (its folder, with or without a query) is answered with. */
const PAGE = new URL('./', worker.registration.scope).href;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload': the files themselves, not what the browser's HTTP cache kept of an older build.
      await cache.addAll(PRECACHE.files.map((file) => new Request(new URL(file, worker.registration.scope), { cache: 'reload' })));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== worker.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const navigation = request.mode === 'navigate';
      const hit = (await cache.match(request, { ignoreSearch: navigation })) ?? (navigation ? await cache.match(PAGE) : undefined);
      return hit ?? fetch(request);
    })(),
  );
});
