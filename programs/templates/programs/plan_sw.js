// Weaklink plan service worker (scope {{ page_url }}): the plan opens without signal once visited.
// Page: network first, the last good copy when offline. Static files: cache first.
// POSTs (marking done, pain) are never cached here: without signal the page keeps them on the phone (js/plan-offline.js) and sends them when it is back online.
"use strict";
const CACHE = "{{ cache_name|escapejs }}";
const PAGE = "{{ page_url|escapejs }}";
const STATIC_PREFIX = "{{ static_prefix|escapejs }}";
const ASSETS = {{ assets_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(ASSETS.map((url) => cache.add(url).catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("weaklink-plan-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function offlinePage() {
  const body = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width, initial-scale=1'>" +
    "<title>Offline · Weaklink</title><h1>No signal</h1><p>Open your plan once while online and it will be here next time.</p>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function keep(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (keep(response)) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
          }
          return response;
        })
        .catch(() => caches.match(PAGE).then((hit) => hit || offlinePage()))
    );
    return;
  }

  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (keep(response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
  }
});

// Signing out on a shared phone: forget the stored plan.
self.addEventListener("message", (event) => {
  if (event.data === "forget-plan") {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((key) => key.startsWith("weaklink-plan-")).map((key) => caches.delete(key)))));
  }
});
