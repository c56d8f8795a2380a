// "Zorgpagina toevoegen" in a real browser (SPEC S1 "extra zorgpagina"): the demo account makes
// a care page for its mother on a phone-sized screen, sees how to connect a provider later, and
// finds the page as a letter's target on Connecties. Pages are checked with axe on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, axeViolations, loginDemoAccount } from "./support.mjs";

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

async function checked(page, name) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${name} fits 360 px (is ${width})`);
}

test("an extra care page for mother, without a provider", async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await loginDemoAccount(page, server);
  await page.getByRole("link", { name: "Zorgpagina toevoegen" }).click();
  await page.waitForURL(/\/zorgpagina\/toevoegen$/);
  await checked(page, "zorgpagina toevoegen");

  // A mistake is named plainly and keeps what was typed.
  await page.getByLabel("Voornaam van deze persoon").fill("Riet");
  await page.getByRole("button", { name: "Zorgpagina maken" }).click();
  assert.ok((await page.content()).includes("Vul de achternaam in."));
  await checked(page, "zorgpagina toevoegen, met fout");

  await page.getByLabel("Achternaam van deze persoon").fill("de Boer");
  await page.getByLabel("Geboortedatum van deze persoon").fill("04-03-1950");
  await page.getByLabel(/^Iemand anders die helpt/).check();
  await page.getByRole("button", { name: "Zorgpagina maken" }).click();
  await page.waitForURL(/\/zorgpagina\?pagina=/);
  const care = await page.content();
  assert.ok(care.includes("Zorgpagina: Riet de Boer"));
  assert.ok(care.includes("Deze zorgpagina is nog niet gekoppeld aan een zorgaanbieder."));
  await checked(page, "nieuwe zorgpagina");

  await page.goto(server.base + "/connecties");
  assert.ok((await page.content()).includes("Voor Riet de Boer: koppel de brief"));
  await checked(page, "connecties");
  await context.close();
});
