// FHIR conformance: every official R4 example of the types the API supports (npm package
// `hl7.fhir.r4.examples`) is PUT to a demo server and read back. Each must come back as sent,
// apart from `meta.versionId` and `meta.lastUpdated`, or be refused with an OperationOutcome
// that names the element it cannot keep (422; 400 only where the validators agree the example
// is invalid). Every response the suite gets is
// checked by two independent validators (see fhir_validators.mjs). The outcome of every
// example is printed as a table, so a change in what is kept shows in the log.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { startServer } from "./support.mjs";
import { validationProblems } from "./fhir_validators.mjs";

const require = createRequire(import.meta.url);
const examplesDir = dirname(require.resolve("hl7.fhir.r4.examples/package.json"));

/** The supported types, in an order where what is referred to comes first. */
const TYPES = [
  "Patient",
  "Practitioner",
  "PractitionerRole",
  "CareTeam",
  "Goal",
  "CarePlan",
  "Appointment",
  "Binary",
  "DocumentReference",
  "Observation",
];

function examples() {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith(".json"));
  const out = [];
  for (const type of TYPES) {
    for (const f of files.filter((f) => f.startsWith(`${type}-`)).sort()) {
      const resource = JSON.parse(readFileSync(join(examplesDir, f), "utf8"));
      if (resource.resourceType === type && resource.id) out.push({ file: f, resource });
    }
  }
  return out;
}

/** The resource without the two meta elements the server sets (and `meta` if nothing is left). */
function withoutServerMeta(resource) {
  const copy = structuredClone(resource);
  if (copy.meta) {
    delete copy.meta.versionId;
    delete copy.meta.lastUpdated;
    if (Object.keys(copy.meta).length === 0) delete copy.meta;
  }
  return copy;
}

/** The first difference between two JSON values, as a path, or null when they are equal. */
function firstDifference(a, b, path) {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: sent ${JSON.stringify(a)?.slice(0, 80)}, got ${JSON.stringify(b)?.slice(0, 80)}`;
}

/** Whether an OperationOutcome names an element (FHIRPath `expression`, or `location`). */
function namesAnElement(outcome) {
  return (
    outcome?.resourceType === "OperationOutcome" &&
    outcome.issue?.some((i) => (i.expression?.length ?? 0) > 0 || (i.location?.length ?? 0) > 0)
  );
}

/**
 * Whether a PUT was refused the way FHIR asks: with an OperationOutcome naming the element. A
 * valid resource (the validators find nothing) that the product cannot keep is refused with
 * 422; only a resource the validators also find invalid may get 400.
 */
function refusedByName(put, resource) {
  if (!namesAnElement(put.json)) return false;
  if (put.status === 422) return true;
  return put.status === 400 && validationProblems(resource).length > 0;
}

/**
 * A fresh PostgreSQL database for one run, when the tests have PostgreSQL
 * (`ZK_TEST_POSTGRES_URL`, as the Rust tests use); `null` otherwise.
 */
function freshPostgresDatabase() {
  const admin = process.env.ZK_TEST_POSTGRES_URL;
  if (!admin) return null;
  const name = `zk_conformance_${randomBytes(6).toString("hex")}`;
  execFileSync("psql", [admin, "-q", "-c", `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by `freshPostgresDatabase`. */
function dropPostgresDatabase(url) {
  if (!url) return;
  const name = new URL(url).pathname.slice(1);
  execFileSync("psql", [process.env.ZK_TEST_POSTGRES_URL, "-q", "-c", `DROP DATABASE IF EXISTS ${name}`]);
}

const backends = [["SQLite", () => undefined]];
if (process.env.ZK_TEST_POSTGRES_URL) backends.push(["PostgreSQL", freshPostgresDatabase]);

for (const [backend, database] of backends) {
  describe(`on ${backend}`, () => {
    let server;
    let api;
    let databaseUrl;

    before(async () => {
      databaseUrl = database();
      server = await startServer({ databaseUrl });
      const token = server.demo.providers[0].api_token;
      api = async (method, path, body) => {
        const r = await fetch(`${server.base}/fhir/r4/${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/fhir+json",
            ...(body ? { "content-type": "application/fhir+json" } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        const text = await r.text();
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: reported by the caller */
        }
        return { status: r.status, json, text };
      };
    });

    after(async () => {
      await server?.stop();
      dropPostgresDatabase(databaseUrl);
    });

    /** Checks a response body with the validators; returns the problems with where they came from. */
    function invalid(what, json) {
      if (json === null) return [`${what}: the answer is not JSON`];
      return validationProblems(json).map((p) => `${what}: ${p}`);
    }

    test("every official R4 example of a supported type is kept as sent or refused by name", async () => {
      const rows = [];
      const failures = [];
      for (const { file, resource } of examples()) {
        const path = `${resource.resourceType}/${resource.id}`;
        const put = await api("PUT", path, resource);
        failures.push(...invalid(`PUT ${path}`, put.json));
        if (put.status === 200 || put.status === 201) {
          const got = await api("GET", path);
          failures.push(...invalid(`GET ${path}`, got.json));
          const diff = got.status === 200 ? firstDifference(withoutServerMeta(resource), withoutServerMeta(got.json), resource.resourceType) : `GET answered ${got.status}`;
          if (diff) {
            rows.push([file, put.status, "CHANGED", diff]);
            failures.push(`${file}: stored with ${put.status} but served differently: ${diff}`);
          } else {
            rows.push([file, put.status, "kept", ""]);
          }
        } else if (refusedByName(put, resource)) {
          const issue = put.json.issue.find((i) => i.expression?.length || i.location?.length);
          rows.push([file, put.status, "refused", `${(issue.expression ?? issue.location)[0]}: ${issue.diagnostics ?? ""}`.slice(0, 140)]);
        } else {
          rows.push([file, put.status, "FAILED", put.text.slice(0, 140)]);
          failures.push(`${file}: answered ${put.status} without naming an element: ${put.text.slice(0, 200)}`);
        }
      }
      const counts = rows.reduce((c, r) => ({ ...c, [r[2]]: (c[r[2]] ?? 0) + 1 }), {});
      console.log(`\nOfficial R4 examples on ${backend}: ${JSON.stringify(counts)}`);
      for (const r of rows) console.log(`  ${r[0].padEnd(52)} ${String(r[1]).padEnd(4)} ${r[2].padEnd(8)} ${r[3]}`);
      assert.ok(rows.length > 100, `the examples package holds the supported types (${rows.length})`);
      assert.ok((counts.kept ?? 0) > 0, "some examples are kept");
      assert.deepEqual(failures, []);
    });

    test("searches, the CapabilityStatement and refusals are valid FHIR", async () => {
      const failures = [];
      const meta = await api("GET", "metadata");
      assert.equal(meta.status, 200);
      failures.push(...invalid("GET metadata", meta.json));
      for (const type of TYPES) {
        for (const query of ["_count=5", "_count=0", "_summary=count", "_lastUpdated=gt2100-01-01"]) {
          const r = await api("GET", `${type}?${query}`);
          if (r.status !== 200) {
            failures.push(`GET ${type}?${query} answered ${r.status}: ${r.text.slice(0, 200)}`);
            continue;
          }
          failures.push(...invalid(`GET ${type}?${query}`, r.json));
          assert.equal(r.json.resourceType, "Bundle");
          if (query !== "_count=5") assert.equal(typeof r.json.total, "number", `${type}?${query} has a total`);
        }
      }
      const missing = await api("GET", "Patient/no-such-patient");
      assert.equal(missing.status, 404);
      failures.push(...invalid("GET a missing Patient", missing.json));
      const bad = await api("PUT", "Patient/bad", { resourceType: "Patient", id: "bad", gender: "man" });
      assert.equal(bad.status, 400);
      assert.ok(namesAnElement(bad.json), "the refusal names Patient.gender");
      failures.push(...invalid("PUT an invalid Patient", bad.json));
      assert.deepEqual(failures, []);
    });
  });
}
