// Setting up an authenticator app and logging in with it, in a real browser: the demo account
// logs in with its SMS code, links an app by typing the secret shown as text (the test computes
// the codes as an app would, RFC 6238), sees its recovery codes, logs out, and logs in again with
// a code from the app instead of an SMS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { startServer, launchBrowser, screenshot, axeViolations, loginDemoAccount } from "./support.mjs";

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

/** RFC 4648 base32 (no padding), as authenticator apps read it. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `not base32: ${c}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of time step `step` (30-second steps since 1970). */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

const step = () => Math.floor(Date.now() / 1000 / 30);


test("a client links an authenticator app and logs in with it", async () => {
  const account = server.demo.accounts[0];
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();

  await loginDemoAccount(page, server);

  await page.goto(server.base + "/profiel");
  await page.getByRole("link", { name: "Authenticator-app instellen" }).click();
  await page.waitForURL(/\/profiel\/app$/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "authenticator-instellen");
  const secret = (await page.locator(".secret code").textContent()).trim();
  await page.getByLabel("Code uit de app").fill(totp(secret, step()));
  // The login above is less than five minutes old, so replacing the SMS step with the app asks
  // for no password again.
  await page.getByRole("button", { name: "App koppelen" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/profiel/app"));
  await screenshot(page, "authenticator-gekoppeld");

  await page.goto(server.base + "/profiel");
  assert.ok((await page.content()).includes("Je logt in met een code uit je authenticator-app."));
  await page.goto(server.base + "/zorgpagina");
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  await page.goto(server.base + "/inloggen");
  await page.getByLabel("E-mailadres").fill(account.email);
  await page.getByLabel("Wachtwoord").fill(account.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL(/\/inloggen\/app$/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "inloggen-app");
  // The setup used this time step; an app shows the next one soon, and one step of drift is
  // allowed, so the next step's code is what a user would type.
  await page.getByLabel("Code uit de app").fill(totp(secret, step() + 1));
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.waitForURL(/\/zorgpagina$/);
  assert.equal(await page.getByRole("heading", { name: "Jouw behandelaar" }).first().isVisible(), true);
  await context.close();
});
