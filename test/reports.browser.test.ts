/**
 * The built reports site (reports/build) in headless Chromium, offline: every
 * page loads without console errors or requests leaving 127.0.0.1, every chart
 * and table shows data, and every Dropdown filter changes what is shown.
 * Screenshots go to test-artifacts/screenshots/<page>.png.
 *
 * Needs a build (npm run reports:build, or with --demo) and Chromium
 * (apt-get install chromium, or CHROMIUM_PATH). Without them it fails when CI
 * is set and is skipped, with the reason printed, otherwise.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, reportsBuildDir, seedParam, serveDirectory, type StaticServer } from "../scripts/lib/reports";
import { chromiumPath, isLocalUrl, launchChromium } from "./helpers/browser";

const screenshotDir = path.join(repoRoot, "test-artifacts", "screenshots");
const executable = chromiumPath();
const built = existsSync(path.join(reportsBuildDir, "index.html"));
const missing = [
  built ? "" : "no built site in reports/build: run `npm run reports:build` (or `npm run reports:build -- --demo`) first",
  executable ? "" : "no Chromium: `apt-get install chromium` (provides /usr/bin/chromium), or set CHROMIUM_PATH",
].filter(Boolean);
const inCi = Boolean(process.env.CI);
if (missing.length && !inCi) {
  console.warn(`[reports.browser.test] skipped: ${missing.join("; ")}`);
}

/** Text that Evidence components render when a query or a component failed. */
const evidenceErrorTexts = ["Error in", "Dataset is empty", "No Records", "does not exist in the dataset", "Missing required prop", "Error in Query"];

/** Every page of the site: the folders of reports/build holding an index.html, as URL paths. */
function sitePages(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, urlPath: string): void => {
    if (existsSync(path.join(dir, "index.html"))) out.push(urlPath);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || ["_app", "api", "data", seedParam].includes(entry.name)) continue;
      walk(path.join(dir, entry.name), `${urlPath}${entry.name}/`);
    }
  };
  walk(root, "/");
  return out.sort();
}

/** Regexes for the URL paths of templated pages (pages/leads/[handoff_id].md -> /leads/<any>/). */
function templatedRoutes(dir: string, prefix = "/"): RegExp[] {
  if (!existsSync(dir)) return [];
  const out: RegExp[] = [];
  const segment = (name: string): string => (/^\[.+\]$/.test(name) ? "[^/]+" : name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      out.push(...templatedRoutes(path.join(dir, entry.name), `${prefix}${segment(entry.name)}/`));
    } else if (entry.name.endsWith(".md")) {
      const base = entry.name.slice(0, -".md".length);
      const route = base === "index" ? prefix : `${prefix}${segment(base)}/`;
      if (route.includes("[^/]+")) out.push(new RegExp(`^${route}$`));
    }
  }
  return out;
}

/** Pages a templated route renders for each row get a sample of this many in the test. */
const templatedSample = 2;

/** Every page, but only the first few instances of each templated route. */
function pagesToTest(all: string[]): string[] {
  const routes = templatedRoutes(path.join(repoRoot, "reports", "pages"));
  const seen = new Map<RegExp, number>();
  return all.filter((urlPath) => {
    const route = routes.find((pattern) => pattern.test(urlPath));
    if (!route) return true;
    const count = (seen.get(route) ?? 0) + 1;
    seen.set(route, count);
    return count <= templatedSample;
  });
}

function screenshotName(urlPath: string): string {
  const name = urlPath.replace(/^\/|\/$/g, "").replace(/[^A-Za-z0-9_-]+/g, "__");
  return name || "index";
}

interface PageProblems {
  consoleErrors: string[];
  externalRequests: string[];
  failedRequests: string[];
}

/**
 * Evidence asks for the prerendered results of every page, and a page without
 * queries has none: that 404 (and the console line Chromium logs for it) is
 * by design.
 */
const expected404 = /\/api\/[0-9a-f]+\/[0-9a-f]+\/all-queries\.json$/;

function watch(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], externalRequests: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (expected404.test(message.location().url) && message.text().includes("404")) return;
    problems.consoleErrors.push(message.text().slice(0, 500));
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(`uncaught: ${error.message.slice(0, 500)}`));
  page.on("request", (request) => {
    if (!isLocalUrl(request.url())) problems.externalRequests.push(request.url());
  });
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "failed";
    // A navigation or SvelteKit's hydration cancels some fetches: that is no failure of the site.
    if (isLocalUrl(request.url()) && reason === "net::ERR_ABORTED") return;
    problems.failedRequests.push(`${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() === 404 && expected404.test(new URL(response.url()).pathname)) return;
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
  return problems;
}

interface Rendered {
  charts: { width: number; height: number; inkPixels: number; hash: string }[];
  tables: { rows: number; text: string }[];
  noData: string[];
  errors: string[];
  /** The article's text without the filters' labels. */
  shown: string;
}

/** What the page's article shows now: charts (canvas pixels), tables (rows), markers. */
async function rendered(page: Page): Promise<Rendered> {
  const raw = await page.evaluate((errorTexts) => {
    const article = document.querySelector("#evidence-main-article") ?? document.body;
    const visible = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const charts = [...article.querySelectorAll("[_echarts_instance_]")].filter(visible).map((chart) => {
      const canvas = chart.querySelector("canvas");
      if (!canvas) return { width: 0, height: 0, inkPixels: 0, data: "" };
      const context = canvas.getContext("2d");
      let inkPixels = 0;
      if (context && canvas.width && canvas.height) {
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < pixels.length; i += 4) {
          const alpha = pixels[i + 3] ?? 0;
          const light = Math.min(pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0);
          if (alpha > 0 && light < 235) inkPixels += 1;
        }
      }
      return { width: canvas.width, height: canvas.height, inkPixels, data: canvas.toDataURL() };
    });
    const tables = [...article.querySelectorAll("table")].map((table) => {
      const rows = [...table.querySelectorAll("tr")].filter((row) => row.querySelector("td"));
      return { rows: rows.length, text: rows.map((row) => row.textContent?.trim() ?? "").join("\n") };
    });
    const noData = [...article.querySelectorAll("[data-handoff-no-data]")].map((el) => el.getAttribute("data-handoff-no-data") || "(a table)");
    const text = (article as HTMLElement).innerText ?? "";
    const errors = errorTexts.filter((needle) => text.includes(needle));
    // Everything the page says, except the filters' own labels (they change with every choice).
    const copy = article.cloneNode(true) as HTMLElement;
    for (const control of copy.querySelectorAll("button[role=combobox], [role=listbox], [data-melt-popover-content]")) control.remove();
    const shown = (copy.textContent ?? "").replace(/\s+/g, " ").trim();
    return { charts, tables, noData, errors, shown };
  }, evidenceErrorTexts);
  return {
    ...raw,
    charts: raw.charts.map(({ data, ...chart }) => ({ ...chart, hash: createHash("sha1").update(data).digest("hex") })),
  };
}

function signature(view: Rendered): string {
  return JSON.stringify([view.charts.map((chart) => chart.hash), view.tables.map((table) => table.text), view.shown]);
}

/** Waits until the page has rendered and stopped changing (queries run in DuckDB-WASM after load). */
async function settle(page: Page, timeoutMs = 30_000): Promise<Rendered> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let stableSince = Date.now();
  let view = await rendered(page);
  while (Date.now() < deadline) {
    await page.waitForTimeout(500);
    view = await rendered(page);
    const now = signature(view);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1_500) {
      break;
    }
  }
  return view;
}

/** Soft expectations: a failing page reports all of its problems at once. */
function expectDataShown(urlPath: string, view: Rendered, afterFilter = false): void {
  expect.soft(view.noData, `${urlPath} says "No data yet" for these tables: build against a warehouse with data`).toEqual([]);
  // A filter may legitimately select nothing for one chart: Evidence then says "No Records".
  const errors = afterFilter ? view.errors.filter((text) => text !== "No Records" && text !== "Dataset is empty") : view.errors;
  expect.soft(errors, `${urlPath} shows Evidence error text`).toEqual([]);
  if (afterFilter) return;
  view.charts.forEach((chart, index) => {
    expect.soft(chart.width * chart.height, `${urlPath}: chart ${index + 1} has no size`).toBeGreaterThan(0);
    // Axes and labels alone ink well under 1% of a chart; series lines or bars add more.
    expect.soft(chart.inkPixels, `${urlPath}: chart ${index + 1} looks empty`).toBeGreaterThan(chart.width * chart.height * 0.005);
  });
  view.tables.forEach((table, index) => {
    expect.soft(table.rows, `${urlPath}: table ${index + 1} has no rows`).toBeGreaterThan(0);
  });
}

/** Dropdowns the page tests changed, over the whole site. */
let dropdownsExercised = 0;

const allPages = sitePages(reportsBuildDir);
const pages = pagesToTest(allPages);

describe("reports in headless Chromium (offline)", () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (missing.length) return;
    // Only this run's screenshots: stale ones of pages that no longer exist would mislead.
    rmSync(screenshotDir, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    server = await serveDirectory(reportsBuildDir);
    browser = await launchChromium(executable!);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.runIf(missing.length > 0 && inCi)("has a built site and Chromium", () => {
    throw new Error(`cannot test the reports in a browser: ${missing.join("; ")}`);
  });

  it.skipIf(missing.length > 0)("finds the pages of the site", () => {
    expect(pages).toContain("/");
    if (allPages.length > pages.length) {
      console.info(`[reports.browser.test] ${allPages.length} pages; testing ${pages.length} (at most ${templatedSample} per templated page)`);
    }
  });

  it.skipIf(missing.length > 0)("loads every source table into DuckDB-WASM in the browser (no parquet extension)", async () => {
    const context = await browser!.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    const problems = watch(page);
    try {
      await page.goto(`${server!.url}/`, { waitUntil: "networkidle" });
      // Evidence's own queries wait until every table is loaded; this check cannot see that promise.
      await settle(page);
      // The engine Evidence puts on the page, queried directly: every table of the data manifest
      // must be there, read from its parquet file by the patched client, without any download.
      let result: { tables?: { table: string; rows: number }[]; error?: string } = {};
      const deadline = Date.now() + 45_000;
      do {
        result = await page.evaluate(async () => {
          const db = (window as unknown as Record<symbol, { connect: () => Promise<{ query: (sql: string) => Promise<{ toArray: () => { n: number }[] }>; close: () => Promise<void> }> } | undefined>)[
            Symbol.for("EVIDENCE_QUERY_ENGINE")
          ];
          if (!db) return { error: "no DuckDB-WASM engine on the page yet" };
          const manifest = (await (await fetch("/data/manifest.json")).json()) as { renderedFiles?: Record<string, string[]> };
          let connection;
          try {
            connection = await db.connect();
          } catch (error) {
            return { error: `engine not ready: ${String(error)}` };
          }
          try {
            const tables: { table: string; rows: number }[] = [];
            for (const [source, urls] of Object.entries(manifest.renderedFiles ?? {})) {
              for (const url of urls) {
                const table = (url.split("/").at(-1) ?? "").replace(/\.parquet$/, "");
                const rows = await connection.query(`select count(*) as n from "${source}"."${table}"`);
                tables.push({ table: `${source}.${table}`, rows: Number(rows.toArray()[0]?.n) });
              }
            }
            return { tables };
          } catch (error) {
            return { error: String(error) };
          } finally {
            await connection.close();
          }
        });
        if (result.tables) break;
        // Errors while Evidence's own queries still run on the same worker are retried.
        await page.waitForTimeout(1_000);
      } while (Date.now() < deadline);
      expect(result.error, "querying the source tables in DuckDB-WASM").toBeUndefined();
      expect(result.tables?.length, "tables in /data/manifest.json").toBeGreaterThan(0);
    } finally {
      expect.soft(problems.externalRequests, "requests off this machine").toEqual([]);
      expect.soft(problems.consoleErrors, "console errors").toEqual([]);
      await context.close();
    }
  }, 120_000);

  for (const urlPath of pages.length ? pages : ["/"]) {
    it.skipIf(missing.length > 0)(`renders ${urlPath} with data, offline, and its filters work`, async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
      const page = await context.newPage();
      const problems = watch(page);
      try {
        await page.goto(`${server!.url}${urlPath}`, { waitUntil: "networkidle" });
        let view = await settle(page);
        const name = screenshotName(urlPath);
        await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
        expectDataShown(urlPath, view);

        const dropdowns = page.locator("#evidence-main-article button[role=combobox]");
        const count = await dropdowns.count();
        for (let index = 0; index < count; index += 1) {
          const dropdown = dropdowns.nth(index);
          const before = signature(view);
          const current = ((await dropdown.textContent()) ?? "").replace(/\s+/g, " ").trim();
          await dropdown.click();
          const options = page.locator("[role=option]");
          await options.first().waitFor({ state: "visible", timeout: 10_000 });
          const labels = (await options.allTextContents()).map((label) => label.replace(/\s+/g, " ").trim());
          const pick = labels.findIndex((label) => label && !current.endsWith(label));
          expect(pick, `${urlPath}: dropdown ${index + 1} (${current}) has no other option to pick`).toBeGreaterThanOrEqual(0);
          await options.nth(pick).click();
          await page.keyboard.press("Escape");
          const deadline = Date.now() + 20_000;
          while (signature(view) === before && Date.now() < deadline) {
            await page.waitForTimeout(250);
            view = await rendered(page);
          }
          view = await settle(page);
          expect(signature(view), `${urlPath}: choosing "${labels[pick]}" in dropdown ${index + 1} changed nothing`).not.toEqual(before);
          expectDataShown(`${urlPath} (after choosing "${labels[pick]}")`, view, true);
          dropdownsExercised += 1;
          await page.screenshot({ path: path.join(screenshotDir, `${name}.filtered-${index + 1}.png`), fullPage: true });
        }
      } finally {
        // Soft, and here, so that they are reported even when a step above failed.
        expect.soft(problems.externalRequests, `${urlPath} sent requests off this machine`).toEqual([]);
        expect.soft(problems.failedRequests, `${urlPath} had failed requests`).toEqual([]);
        expect.soft(problems.consoleErrors, `${urlPath} logged console errors`).toEqual([]);
        await context.close();
      }
    }, 180_000);
  }

  it.skipIf(missing.length > 0)("changed at least one Dropdown filter somewhere on the site", () => {
    expect(
      dropdownsExercised,
      "no page has a Dropdown filter to try: the index page has one once handoff.rpt_seam_latency_weekly has rows (or build with --demo)",
    ).toBeGreaterThan(0);
  });
});
