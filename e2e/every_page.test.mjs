// Every page a visitor can reach by following links, checked with axe (WCAG 2.2 A and AA), in
// Dutch and English: as a stranger, as a client, as a relative in a client's network and as
// provider staff. The pages are found by crawling, so a new page is checked without a new line
// here; a page that no link reaches does not exist for users either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, axeViolations } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Links not to follow: they log out, switch language, download, or leave the site's pages. */
function followable(url, base) {
  if (!url.startsWith(base)) return false;
  const path = url.slice(base.length);
  // The help button's link differs per page; the help page itself is crawled once.
  return (
    !/^\/(uitloggen|taal\/|dev\/|static\/|healthz|fhir\/|hulp\?over=)/.test(path) &&
    !/\/documenten\/|\/pdf|\.pdf/.test(path)
  );
}

/**
 * Visits every page reachable from `start` (at most `limit`) and runs `check` on each (axe
 * unless told otherwise); returns the pages seen and the problems found.
 */
async function crawl(page, start, { limit = 60, check = axeViolations } = {}) {
  const seen = new Set();
  const queue = start.map((p) => server.base + p);
  const problems = [];
  while (queue.length > 0 && seen.size < limit) {
    const url = queue.shift().split("#")[0];
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await page.goto(url);
    if (!response || response.headers()["content-type"]?.includes("text/html") !== true) continue;
    const violations = await check(page);
    if (violations.length > 0) problems.push(`${url.slice(server.base.length)}: ${violations.join("; ")}`);
    const links = await page.$$eval("a[href]:not([download])", (as) => as.map((a) => a.href));
    for (const link of links) {
      const clean = link.split("#")[0];
      if (followable(clean, server.base) && !seen.has(clean)) queue.push(clean);
    }
  }
  return { seen: [...seen].map((u) => u.slice(server.base.length)), problems };
}

/** Every SMS code on the demo outbox page, in the order shown. */
async function smsCodes(page) {
  await page.goto(server.base + "/dev/outbox");
  return [...(await page.content()).matchAll(/Je code voor Zorgkring is (\d{6})/g)].map((m) => m[1]);
}

async function logIn(page, email, password) {
  const before = (await smsCodes(page)).length;
  await page.goto(server.base + "/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  let codes = await smsCodes(page);
  for (let i = 0; i < 60 && codes.length === before; i++) {
    await new Promise((r) => setTimeout(r, 250));
    codes = await smsCodes(page);
  }
  assert.ok(codes.length > before, "an SMS code was sent");
  // The outbox page lists the newest message first.
  const code = codes[0];
  await page.goto(server.base + "/inloggen/sms");
  await page.getByLabel("Code uit de sms").fill(code);
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.waitForLoadState("load");
  assert.ok(!page.url().includes("/inloggen"), `logged in as ${email}: at ${page.url()}`);
}

for (const locale of ["nl-NL", "en-GB"]) {
  test(`every page a stranger reaches has no axe violations (${locale})`, async () => {
    const context = await browser.newContext({ bypassCSP: true, locale });
    const page = await context.newPage();
    const { seen, problems } = await crawl(page, ["/", "/hulp", "/bestaat-niet", "/account-aanmaken"]);
    assert.ok(seen.length >= 5, `crawled ${seen.join(", ")}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

const people = [
  ["a client", () => server.demo.accounts[0], "/zorgpagina"],
  ["a relative", () => server.demo.relatives[0], "/zorgpagina"],
  [
    "provider staff",
    () => ({ email: server.demo.providers[0].staff_email, password: server.demo.providers[0].staff_password }),
    "/zorgaanbieder",
  ],
];

for (const [who, login, start] of people) {
  test(`every page ${who} reaches has no axe violations`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const { email, password } = login();
    await logIn(page, email, password);
    const { seen, problems } = await crawl(page, [start, "/profiel"]);
    assert.ok(seen.length >= 3, `crawled ${seen.join(", ")}`);
    assert.deepEqual(problems, [], `crawled ${seen.join(", ")}`);
    await context.close();
  });
}

/** A page that is wider than the screen makes the reader scroll sideways for every line. */
async function sidewaysScrolling(page) {
  const [content, screen] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  return content > screen ? [`${content} pixels wide on a ${screen}-pixel screen`] : [];
}

test("every page a client reaches fits a 360-pixel-wide phone screen and 200% zoom", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const { email, password } = server.demo.accounts[0];
  await logIn(page, email, password);
  const start = ["/zorgpagina", "/profiel", "/hulp"];
  const { seen, problems } = await crawl(page, start, { check: sidewaysScrolling });
  assert.ok(seen.length >= 3, `crawled ${seen.join(", ")}`);
  assert.deepEqual(problems, []);
  // The same pages at 200% zoom of a 1280-pixel screen (see below), in the same login.
  await page.setViewportSize(zoomed);
  const zoom = await crawl(page, start, { check: sidewaysScrolling });
  assert.deepEqual(zoom.problems, [], "at 200% zoom");
  await context.close();
});

// 200% zoom (WCAG 1.4.4, 1.4.10): a 1280-pixel screen zoomed to 200% shows 640 CSS pixels, each
// drawn with two device pixels. Nothing may need scrolling sideways.
const zoomed = { width: 640, height: 400 };

test("every page a stranger reaches fits the screen at 200% zoom", async () => {
  const context = await browser.newContext({ viewport: zoomed, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const { seen, problems } = await crawl(page, ["/", "/hulp", "/account-aanmaken", "/inloggen"], {
    check: sidewaysScrolling,
  });
  assert.ok(seen.length >= 5, `crawled ${seen.join(", ")}`);
  assert.deepEqual(problems, []);
  await context.close();
});
