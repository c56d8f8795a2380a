// Shared by the browser tests: starts `zorgkring serve --demo` on a fresh data folder and a free
// port, launches the system's Chromium through playwright-core, and checks pages with axe.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const screenshotDir = join(here, "screenshots");

const bin = process.env.ZORGKRING_BIN ?? join(here, "..", "target", "debug", "zorgkring");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Starts a demo server; resolves when /healthz answers. With `host: "localhost"` the server's
 * public address is http://localhost:<port>, where browsers allow passkeys (they refuse them
 * on a bare IP address). `databaseUrl` runs it on that database instead of a SQLite file.
 */
export async function startServer({ host = "127.0.0.1", databaseUrl } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "zorgkring-e2e-"));
  const port = await freePort();
  const args = ["serve", "--demo", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir];
  if (host !== "127.0.0.1") args.push("--public-url", `http://${host}:${port}`);
  if (databaseUrl) args.push("--database-url", databaseUrl);
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ZK_LOG: "warn" },
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`zorgkring exited: ${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const demo = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8"));
  return {
    base,
    demo,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/**
 * Chromium as this machine runs it: headless, no sandbox (root), no background network. Its
 * pages ask for Dutch (as most of our users' browsers do) unless a test gives another locale:
 * the site follows the browser's language.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: "nl-NL", ...options });
  return browser;
}

/** Saves a full-page screenshot under e2e/screenshots/<name>.png (help pages use them). */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Runs axe (WCAG 2.2 A and AA rules) on the page and returns the violations. The page's
 * context must allow the injected script (`bypassCSP`): our own CSP forbids inline scripts.
 */
export async function axeViolations(page) {
  const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}x)`);
}

/** The newest SMS code on the demo outbox page of `server`. */
export async function smsCode(page, server) {
  for (let i = 0; i < 60; i++) {
    await page.goto(server.base + "/dev/outbox");
    const m = (await page.content()).match(/Je code voor Zorgkring is (\d{6})/);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("no SMS code in the outbox");
}

/** Logs the demo account in with its password and the SMS code; ends on the care page. */
export async function loginDemoAccount(page, server) {
  const account = server.demo.accounts[0];
  await page.goto(server.base + "/inloggen");
  await page.getByLabel("E-mailadres").fill(account.email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Inloggen" }).click();
  const code = await smsCode(page, server);
  await page.goto(server.base + "/inloggen/sms");
  await page.getByLabel("Code uit de sms").fill(code);
  await page.getByRole("button", { name: "Volgende" }).click();
  await page.waitForURL(/\/zorgpagina$/);
  return account;
}
