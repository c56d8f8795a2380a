// Messages in a real browser (SPEC S5b): the demo client starts a conversation with the demo
// relative (a member with "berichten"), the relative sees it as new on the care page, opens it
// and replies, and the client reads the reply. Pages are checked with axe and on a phone's width.
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

async function smsCodes(page) {
  await page.goto(server.base + "/dev/outbox");
  return [...(await page.content()).matchAll(/Je code voor Zorgkring is (\d{6})/g)].map((m) => m[1]);
}

/** Logs in with password and the newest SMS code (both demo people share one phone number). */
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
  await page.goto(server.base + "/inloggen/sms");
  await page.getByLabel("Code uit de sms").fill(codes[0]);
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.waitForURL(/\/zorgpagina/);
}

async function checked(page, name) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  const [content, screen] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(content <= screen, `${name}: ${content} pixels wide on a ${screen}-pixel screen`);
}

test("two members of a network exchange a message", async () => {
  const options = { bypassCSP: true, viewport: { width: 360, height: 740 } };
  const client = server.demo.accounts[0];
  const relative = server.demo.relatives[0];

  const ownerContext = await browser.newContext(options);
  const owner = await ownerContext.newPage();
  await logIn(owner, client.email, client.password);
  await owner.getByRole("link", { name: "Naar berichten" }).click();
  await checked(owner, "berichten");
  await owner.getByRole("link", { name: "Nieuw bericht" }).click();
  await checked(owner, "nieuw bericht");
  await owner.getByRole("button", { name: "Versturen" }).click();
  assert.match(await owner.content(), /Kies aan wie je het bericht stuurt/);
  await checked(owner, "nieuw bericht, geweigerd");
  await owner.getByLabel(/^Ria /).check();
  await owner.getByLabel("Onderwerp").fill("Verjaardag oma");
  await owner.getByLabel("Bericht", { exact: true }).fill("Kom je zaterdag?\nZie https://voorbeeld.example/route");
  await owner.getByRole("button", { name: "Versturen" }).click();
  await owner.waitForURL(/\/berichten\/gesprek/);
  assert.ok((await owner.content()).includes('<a href="https://voorbeeld.example/route">'));
  await checked(owner, "gesprek");

  const relativeContext = await browser.newContext(options);
  const page = await relativeContext.newPage();
  await logIn(page, relative.email, relative.password);
  // The relative has a care page of their own too: switch to the client's.
  await page.goto(server.base + "/zorgpagina");
  await page.locator(".page-switcher a:not([aria-current])").first().click();
  await page.getByRole("link", { name: "Naar berichten (1 nieuw)" }).click();
  await page.getByRole("link", { name: /Verjaardag oma/ }).click();
  assert.match(await page.content(), /Kom je zaterdag\?/);
  await page.getByLabel("Bericht", { exact: true }).fill("Ja, ik kom!");
  await page.getByRole("button", { name: "Versturen" }).click();
  await page.waitForURL(/\/berichten\/gesprek/);
  assert.match(await page.content(), /Ja, ik kom!/);
  await checked(page, "gesprek van de naaste");
  await relativeContext.close();

  // The client, still logged in, sees the reply as new.
  await owner.goto(server.base + "/zorgpagina");
  await owner.getByRole("link", { name: "Naar berichten (1 nieuw)" }).click();
  await owner.getByRole("link", { name: /Verjaardag oma/ }).click();
  assert.match(await owner.content(), /Ja, ik kom!/);
  await ownerContext.close();
});
