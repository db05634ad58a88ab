/** Headless Chromium for the status page tests: where it is, and a page that may fetch only from the node. */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Browser, Page } from "playwright-core";

/** CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    for (const name of ["chromium", "chromium-browser"]) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** What the page did besides rendering: console errors, uncaught exceptions, requests leaving the node, loads. */
export interface Watch {
  errors: string[];
  external: string[];
  loads: number;
}

/** A fresh page that may fetch only from `origin`: any other request is recorded and aborted. */
export async function watchedPage(browser: Browser, origin: string): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const watch: Watch = { errors: [], external: [], loads: 0 };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    watch.external.push(url);
    return route.abort();
  });
  page.on("console", (msg) => msg.type() === "error" && watch.errors.push(`console: ${msg.text()}`));
  page.on("pageerror", (error) => watch.errors.push(`page error: ${error.message}`));
  page.on("load", () => watch.loads++);
  return { page, watch };
}
