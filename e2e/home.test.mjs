// The home page and help in a real browser: what a newcomer sees first, in Dutch and English,
// with the round blue help button, and no accessibility violations that axe can find.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, screenshot, axeViolations } from "./support.mjs";

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

test("the home page shows the blue button 'Account aanmaken' and 'Inloggen'", async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.base + "/");
  assert.equal(await page.locator("html").getAttribute("lang"), "nl");
  assert.equal(await page.locator("h1").innerText(), "Welkom bij Zorgkring");
  const create = page.getByRole("link", { name: "Account aanmaken" });
  assert.equal(await create.isVisible(), true);
  const colour = await create.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(colour, "rgb(11, 92, 173)", "the button is blue");
  assert.equal(await page.getByRole("link", { name: "Inloggen" }).isVisible(), true);
  await screenshot(page, "01-home");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("the round blue help button sits at the bottom right and opens help", async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.base + "/");
  const help = page.getByRole("link", { name: "Hulp en vragen" });
  const box = await help.boundingBox();
  assert.ok(box.x + box.width > 1280 - 60 && box.y + box.height > 800 - 60, `at ${JSON.stringify(box)}`);
  assert.equal(Math.round(box.width), Math.round(box.height), "round");
  await help.click();
  await page.waitForURL(server.base + "/hulp?over=/");
  assert.equal(await page.locator("h1").innerText(), "Hulp en vragen");
  const secretariat = server.demo.providers[0];
  assert.ok((await page.content()).includes(secretariat.secretariat.email));
  await screenshot(page, "02-help");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("English is one click away and stays chosen", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.base + "/hulp");
  await page.getByRole("link", { name: "English" }).click();
  await page.waitForURL(server.base + "/hulp");
  assert.equal(await page.locator("h1").innerText(), "Help and questions");
  await page.goto(server.base + "/");
  assert.equal(await page.getByRole("link", { name: "Create account" }).isVisible(), true);
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await context.close();
});

test("pages run no inline script: the CSP holds in the browser", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(server.base + "/");
  await page.goto(server.base + "/hulp");
  await page.goto(server.base + "/dev/outbox");
  assert.deepEqual(violations, []);
  await context.close();
});
