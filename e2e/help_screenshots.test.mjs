// The screenshots of the help pages' step-by-step instructions (SPEC S10), taken from the product
// itself: walks each instruction's flow against the real binary, in Dutch and in English, on a
// phone-sized screen, and saves one picture per step in crates/web/static/hulp/ (served by the
// binary). The element each step is about is marked; a step fails when that element is missing.
// The binary embeds the pictures when it is built: rebuild after running this test to serve the
// new ones. The names must match crates/web/src/help_guides.rs (a Rust test checks that).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, launchBrowser } from "./support.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "..", "crates", "web", "static", "hulp");
const viewport = { width: 390, height: 700 };

function dutchDate(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

function ageOn(iso) {
  const born = new Date(iso);
  const now = new Date();
  let age = now.getFullYear() - born.getFullYear();
  if (now < new Date(now.getFullYear(), born.getMonth(), born.getDate())) age -= 1;
  return age;
}

/** Takes the step's picture with `selector`'s element marked; fails when it is not there. */
function shooter(page, lang, guide) {
  return async (step, selector) => {
    const target = page.locator(selector).first();
    await target.waitFor({ state: "visible", timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await target.scrollIntoViewIfNeeded();
    await target.evaluate((el) => {
      el.dataset.helpMark = el.style.outline;
      el.style.outline = "4px solid #d4351c";
      el.style.outlineOffset = "3px";
    });
    // The blinking text cursor would make every run's pictures differ.
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: join(outDir, `${lang}-${guide}-${step}.png`) });
    await target.evaluate((el) => {
      el.style.outline = el.dataset.helpMark ?? "";
      el.style.outlineOffset = "";
    });
  };
}

/** The newest e-mail in the demo outbox to `to`, opened. */
async function openMail(page, server, to) {
  for (let i = 0; i < 60; i++) {
    await page.goto(server.base + "/dev/outbox");
    const link = page.locator("tr", { hasText: to }).locator("a[href^='/dev/outbox/mail/']").first();
    if ((await link.count()) > 0) {
      await link.click();
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail to ${to} in the outbox`);
}

/** Every SMS code in the outbox (Dutch or English), newest first. */
async function smsCodes(page, server) {
  await page.goto(server.base + "/dev/outbox");
  return [...(await page.content()).matchAll(/(?:Je code voor|Your code for) Zorgkring is (\d{6})/g)].map((m) => m[1]);
}

/** The code of an SMS sent after `before` codes were in the outbox. */
async function newSmsCode(page, server, before) {
  for (let i = 0; i < 60; i++) {
    const codes = await smsCodes(page, server);
    if (codes.length > before) return codes[0];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no new SMS code in the outbox");
}

const next = "main form button[type=submit]";

/** The registration steps up to the letter question, as the account's own name and address. */
async function startRegistration(page, server, { first, last, email, role, shot }) {
  await page.goto(server.base + "/");
  if (shot.home) await shot.home("home", "a[href='/account-aanmaken']");
  await page.locator("a[href='/account-aanmaken']").first().click();
  await page.locator("#f-akkoord").check();
  if (shot.terms) await shot.terms("voorwaarden", "#f-akkoord");
  await page.locator(next).click();
  await page.locator("#f-voornaam").fill(first);
  await page.locator("#f-achternaam").fill(last);
  if (shot.name) await shot.name("naam", "#f-voornaam");
  await page.locator(next).click();
  await page.locator(`#f-rol-${role}`).check();
  if (shot.role) await shot.role("rol", `#f-rol-${role}`);
  await page.locator(next).click();
  if (role === "ontvang") {
    await page.locator("#f-beheer-zelf").check();
    if (shot.management) await shot.management("beheer", "#f-beheer-zelf");
    await page.locator(next).click();
  }
  await page.locator("#f-email").fill(email);
  if (shot.email) await shot.email("e-mailadres", "#f-email");
  await page.locator(next).click();
}

/** From the activation e-mail to the account's first page. */
async function activate(page, server, { email, password, shot }) {
  await openMail(page, server, email);
  if (shot.mail) await shot.mail("activatie-e-mail", "a[href*='/activeren/']");
  await page.locator("a[href*='/activeren/']").first().click();
  await page.locator(next).click();
  await page.locator("#f-wachtwoord").fill(password);
  await page.locator("#f-herhaling").fill(password);
  if (shot.password) await shot.password("wachtwoord", "#f-wachtwoord");
  await page.locator(next).click();
  await page.waitForURL(/\/account-aanmaken\/klaar/);
  if (shot.done) await shot.done("klaar", "main a.button-primary");
}

async function ownAccount(browser, server, lang, locale) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const shot = shooter(page, lang, "account-aanmaken");
  const letter = server.demo.letters.find((l) => l.status === "valid" && l.intended_for === "client");
  assert.ok(letter, "a valid letter for a client");
  const all = {
    home: shot, terms: shot, name: shot, role: shot, management: shot, email: shot,
    mail: shot, password: shot, done: shot,
  };
  await startRegistration(page, server, {
    first: "Sanne", last: "de Vries", email: `sanne.${lang}@voorbeeld.example`, role: "ontvang", shot: all,
  });
  await page.locator("#f-brief-ja").check();
  await shot("brief", "#f-brief-ja");
  await page.locator(next).click();
  await page.locator("#f-code").fill(letter.code);
  await page.locator("#f-geboortedatum").fill(dutchDate(letter.birth_date));
  await shot("code", "#f-code");
  await page.locator(next).click();
  await page.locator("#f-klopt-ja").check();
  await shot("koppeling", "#f-klopt-ja");
  await page.locator(next).click();
  await shot("controle", next);
  await page.locator(next).click();
  await page.waitForURL(/e-mail-verstuurd/);
  await shot("e-mail-verstuurd", "main h1");
  await activate(page, server, { email: `sanne.${lang}@voorbeeld.example`, password: "fiets boom regen lantaarn", shot: all });
  await page.locator("main a.button-primary").click();
  await page.locator("main a[href='/profiel']").first().click();
  await page.locator("#f-telefoon").fill("06 1234 5678");
  await shot("telefoon", "#f-telefoon");
  await context.close();
}

async function forSomeoneElse(browser, server, lang, locale, letter) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const shot = shooter(page, lang, "voor-iemand-anders");
  await startRegistration(page, server, {
    first: "Mirjam", last: "Bakker", email: `mirjam.${lang}@voorbeeld.example`, role: "geef",
    shot: { role: shot, email: shot },
  });
  const [first, ...rest] = letter.client_name.split(" ");
  await page.locator("#f-voornaam").fill(first);
  await page.locator("#f-achternaam").fill(rest.join(" "));
  await shot("voor-wie", "#f-voornaam");
  await page.locator(next).click();
  const relation = ageOn(letter.birth_date) < 16 ? "ouder" : "vertegenwoordiger";
  await page.locator(`#f-relatie-${relation}`).check();
  await shot("relatie", `#f-relatie-${relation}`);
  await page.locator(next).click();
  await page.locator("#f-brief-ja").check();
  await page.locator(next).click();
  await page.locator("#f-code").fill(letter.code);
  await page.locator("#f-geboortedatum").fill(dutchDate(letter.birth_date));
  await shot("code", "#f-geboortedatum");
  await page.locator(next).click();
  await page.locator("#f-klopt-ja").check();
  await shot("koppeling", "#f-klopt-ja");
  await page.locator(next).click();
  await shot("controle", next);
  await page.locator(next).click();
  await page.waitForURL(/e-mail-verstuurd/);
  await activate(page, server, {
    email: `mirjam.${lang}@voorbeeld.example`, password: "zonnebloem kikker winter", shot: { done: shot },
  });
  await context.close();
}

/** Logs a demo account in with its password and SMS code, in any language. */
async function logIn(page, server, { email, password }) {
  const before = (await smsCodes(page, server)).length;
  await page.goto(server.base + "/inloggen");
  await page.locator("#f-email").fill(email);
  await page.locator("#f-wachtwoord").fill(password);
  await page.locator(next).click();
  const code = await newSmsCode(page, server, before);
  await page.goto(server.base + "/inloggen/sms");
  await page.locator("#f-code").fill(code);
  await page.locator(next).click();
  await page.waitForURL(/\/zorgpagina/);
}

async function connections(page, server, lang, letter) {
  const shot = shooter(page, lang, "connecties");
  await page.goto(server.base + "/zorgpagina");
  await shot("menu", "main a[href='/connecties']");
  await page.locator("main a[href='/connecties']").click();
  await shot("connecties", "main h1");
  const voor = ageOn(letter.birth_date) < 16 ? "ouder" : "vertegenwoordiger";
  await page.locator(`#f-voor-${voor}`).check();
  await page.locator("#f-code").fill(letter.code);
  await page.locator("#f-geboortedatum").fill(dutchDate(letter.birth_date));
  await shot("code", "#f-code");
  await page.locator(next).click();
  await page.locator("#f-klopt-ja").check();
  await shot("koppeling", "#f-klopt-ja");
  await page.locator(next).click();
  await page.waitForURL(/\/zorgpagina/);
  await shot("gekoppeld", "main h1");
}

async function network(browser, page, server, lang, locale) {
  const shot = shooter(page, lang, "naasten-uitnodigen");
  await page.goto(server.base + "/zorgpagina");
  await shot("naasten", "main a[href^='/zorgpagina/netwerk']");
  await page.locator("main a[href^='/zorgpagina/netwerk']").first().click();
  await page.locator("main a[href^='/zorgpagina/netwerk/uitnodigen']").click();
  await page.locator("#f-naam").fill("Ria Jansen");
  await page.locator("#f-email").fill(`ria.${lang}@voorbeeld.example`);
  await page.locator(`#f-taal-${lang}`).check();
  await page.locator("#f-relatie-parent, #f-relatie-ouder").first().check();
  await page.locator("#f-voorkeur-agenda_only").first().check();
  await shot("uitnodigen", "#f-naam");
  await page.locator(next).click();
  await page.waitForURL(/\/zorgpagina\/netwerk/);
  await shot("verstuurd", `text=ria.${lang}@voorbeeld.example`);

  const invitee = await browser.newContext({ viewport, locale });
  const other = await invitee.newPage();
  const mailShot = shooter(other, lang, "naasten-uitnodigen");
  await openMail(other, server, `ria.${lang}@voorbeeld.example`);
  await mailShot("e-mail", "a[href*='/uitnodiging/']");
  await other.locator("a[href*='/uitnodiging/']").first().click();
  await mailShot("uitnodiging", "main h1");
  assert.ok((await other.locator("main a[href*='/account-aanmaken']").count()) > 0, "a way to create an account");
  await invitee.close();
}

for (const [lang, locale] of [["nl", "nl-NL"], ["en", "en-GB"]]) {
  test(`the help pages' screenshots, walked through the product (${lang})`, async () => {
    mkdirSync(outDir, { recursive: true });
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const forOthers = server.demo.letters.filter((l) => l.status === "valid" && l.intended_for === "representative");
      assert.ok(forOthers.length >= 2, "two valid letters for a representative");
      await ownAccount(browser, server, lang, locale);
      await forSomeoneElse(browser, server, lang, locale, forOthers[0]);
      // The demo client, logged in once, connects a letter and invites someone.
      const context = await browser.newContext({ viewport, locale });
      const page = await context.newPage();
      await logIn(page, server, server.demo.accounts[0]);
      await connections(page, server, lang, forOthers[1]);
      await network(browser, page, server, lang, locale);
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
    // The pictures are served from the binary: together they must stay small.
    const total = readdirSync(outDir).reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
    assert.ok(total < 4_000_000, `the help pictures take ${total} bytes`);
  });
}
