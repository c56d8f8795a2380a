// Passkeys in a real browser, with Chromium's virtual authenticator standing in for a
// fingerprint or phone: the demo account adds a passkey on its login methods page, logs out,
// and logs in with only the passkey ("Inloggen met een passkey").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, screenshot, axeViolations, loginDemoAccount } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({ host: "localhost" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});


test("a client adds a passkey and logs in with it alone", async () => {
  const account = server.demo.accounts[0];
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await loginDemoAccount(page, server);

  await page.goto(server.base + "/profiel/inlogmethoden");
  await page.getByRole("link", { name: "Passkey toevoegen" }).click();
  await page.waitForURL(/\/profiel\/passkey$/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "passkey-toevoegen");
  await page.getByLabel("Naam van de passkey").fill("Mijn laptop");
  await page.getByRole("button", { name: "Passkey maken" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/profiel/passkey"));
  await page.goto(server.base + "/profiel/inlogmethoden");
  assert.ok((await page.content()).includes("Mijn laptop"));

  await page.goto(server.base + "/zorgpagina");
  await page.getByRole("button", { name: "Uitloggen" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  await page.goto(server.base + "/inloggen");
  await page.getByRole("link", { name: "Inloggen met een passkey" }).click();
  await page.getByLabel("E-mailadres").fill(account.email);
  await page.getByRole("button", { name: "Volgende" }).click();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "inloggen-passkey");
  await page.getByRole("button", { name: "Gebruik je passkey" }).click();
  await page.waitForURL(/\/zorgpagina$/);
  assert.equal(await page.getByRole("heading", { name: "Jouw behandelaar" }).first().isVisible(), true);
  await context.close();
});
